"""Slash commands and button presses in, the core's answers out.

Every interaction is deferred first (Discord wants an answer within three
seconds; downloading a rule file or writing cases may take longer), as an
ephemeral "thinking" message, since most answers and every refusal are
private. The answer then edits that message. A public answer is posted in the
channel instead and the private placeholder removed (an ephemeral message can
never become public).

Button presses carry their whole meaning in the custom id (`bot.commands.buttons`):
no in-memory view is needed, so buttons keep working after a restart. A button's
`only_user` is passed to the core as `options["_only_user"]`: the core refuses
(and words the refusal) like any other rights check. Buttons sent by DM carry
their server's id (option `c`), as a press there has no server.

An answer's image (a chart) is attached to the message that carries its text; one over
Discord's upload limit is left out (logged) and the text goes alone: the text is the
answer, the chart only illustrates it.
"""

from __future__ import annotations

import io
from typing import Any

import discord
import structlog

from adapters.discord.inbound import community_of
from bot.command_model import (
    BAN,
    KICK,
    MANAGE_MESSAGES,
    MANAGE_SERVER,
    MODERATE,
    RIGHTS,
    Answer,
    Authority,
    Invocation,
)
from bot.commands import buttons
from bot.posts import Attachment, Button, Image
from catalogue import t
from rules.yamlsource import MAX_FILE_BYTES

log = structlog.get_logger("gardien.discord")

MAX_TEXT = 2000
MAX_IMAGE = 10 * 1024 * 1024   # Discord's upload limit for a bot (10 MiB)
MAX_FILES = 10                 # attachments on one message
NO_MENTIONS = discord.AllowedMentions.none()
ONLY_USER = "_only_user"
COMMUNITY_OPTION = "c"      # the server's id, on buttons sent by DM

PERMISSION_RIGHTS = {
    "moderate_members": MODERATE,
    "kick_members": KICK,
    "ban_members": BAN,
    "manage_messages": MANAGE_MESSAGES,
    "manage_guild": MANAGE_SERVER,
}
STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


# --- who ------------------------------------------------------------------------------------
def rights(permissions: discord.Permissions | None) -> frozenset[str]:
    """The core's rights from Discord permissions (Administrator implies them all)."""
    if permissions is None:
        return frozenset()
    if permissions.administrator:
        return frozenset(RIGHTS)
    return frozenset(right for name, right in PERMISSION_RIGHTS.items()
                     if getattr(permissions, name))


def authority(who: discord.Member | discord.User, guild: discord.Guild | None,
              permissions: discord.Permissions | None, *, bot: bool = False) -> Authority:
    """Someone's standing: rank = position of the top role (0 when not a member)."""
    member = isinstance(who, discord.Member)
    rank = 0
    if isinstance(who, discord.Member):
        rank = who.top_role.position if guild is not None else 0
        if permissions is None:
            permissions = who.resolved_permissions or (
                who.guild_permissions if guild is not None else None)
    return Authority(id=str(who.id), name=who.name, rank=rank,
                     rights=rights(permissions if member else None),
                     owner=guild is not None and guild.owner_id == who.id,
                     bot=bot or who.bot)


def bot_authority(interaction: discord.Interaction) -> Authority:
    guild = interaction.guild
    me = guild.me if guild is not None else None
    client_user = interaction.client.user
    if me is None:
        who: discord.ClientUser | None = client_user
        assert who is not None
        return Authority(id=str(who.id), name=who.name,
                         rights=rights(interaction.app_permissions), bot=True)
    return authority(me, guild, interaction.app_permissions, bot=True)


def locale_of(interaction: discord.Interaction) -> str | None:
    """"en" or "fr" from the client's language; None for others (the rule file's wins)."""
    value = interaction.locale.value if interaction.locale else ""
    language = value.split("-")[0]
    return language if language in ("en", "fr") else None


# --- in -------------------------------------------------------------------------------------
class FileTooLarge(Exception):
    """An attached file over the rule files' limit: refused before it is downloaded."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


async def too_large(interaction: discord.Interaction, size: int) -> None:
    """Say privately that the attachment is over the limit (nothing was downloaded)."""
    text = t(locale_of(interaction), "platform.file_too_large", size=size, limit=MAX_FILE_BYTES)
    try:
        await interaction.edit_original_response(content=text, view=None)
    except discord.HTTPException:
        log.warning("discord_answer_failed", interaction=str(interaction.id))


async def invocation(interaction: discord.Interaction, command: str,
                     values: dict[str, Any]) -> Invocation:
    """An Invocation from a slash command's resolved options (downloads an attached file).

    Only `appeal` may come from a DM (a banned member has no server left): its community is
    then `discord:` and the core finds it from the case number.
    """
    guild = interaction.guild
    options: dict[str, Any] = {}
    target = None
    message: discord.Message | None = None
    for name, value in values.items():
        if name == "member":
            target = authority(value, guild, None)
        elif isinstance(value, discord.Message):     # a context menu's message
            message = value
            target = authority(value.author, guild, None)
        elif isinstance(value, discord.Attachment):
            if value.size > MAX_FILE_BYTES:   # said before a byte is downloaded
                raise FileTooLarge(value.size)
            options[name] = await value.read()
            options[f"{name}_name"] = value.filename
        else:
            options[name] = value
    community = (community_of(discord.Object(interaction.guild_id))
                 if interaction.guild_id is not None else "discord:")
    return Invocation(
        community=community, command=command,
        invoker=authority(interaction.user, guild, interaction.permissions),
        bot=bot_authority(interaction), target=target, options=options,
        channel=str(interaction.channel_id or ""),
        message_id=str(message.id) if message is not None else "",
        message_text=message.content if message is not None else "",
        locale=locale_of(interaction))


def press(interaction: discord.Interaction) -> Invocation | None:
    """An Invocation from a button press, or None when the button is not Gardien's."""
    data: dict[str, Any] = interaction.data or {}   # type: ignore[assignment]
    decoded = buttons.decode(str(data.get("custom_id", "")))
    if decoded is None:
        return None
    command, options, only_user = decoded
    server = options.pop(COMMUNITY_OPTION, None)
    guild_id = interaction.guild_id or (server if isinstance(server, int) else None)
    if guild_id is None:
        return None
    if only_user is not None:
        options[ONLY_USER] = only_user
    message = interaction.message
    return Invocation(
        community=community_of(discord.Object(guild_id)), command=command,
        invoker=authority(interaction.user, interaction.guild, interaction.permissions),
        bot=bot_authority(interaction), options=options,
        channel=str(interaction.channel_id or ""),
        message_id=str(message.id) if message is not None else "",
        locale=locale_of(interaction))


# --- out ------------------------------------------------------------------------------------
class StaticView(discord.ui.View):
    """Buttons rendered only: never stored by discord.py, presses are routed by custom id."""

    def __init__(self, items: tuple[Button, ...]) -> None:
        super().__init__(timeout=None)
        for item in items:
            self.add_item(discord.ui.Button(
                label=item.label[:80], custom_id=buttons.encode(item),
                style=STYLES.get(item.style, discord.ButtonStyle.secondary)))

    def is_dispatchable(self) -> bool:
        return False


def view(items: tuple[Button, ...]) -> discord.ui.View | None:
    return StaticView(items) if items else None


def sendable(image: Image | None) -> Image | None:
    """The image when Discord will take it; one over the upload limit is dropped (logged),
    so the text still goes: a refused upload would lose the whole message."""
    if image is not None and len(image.data) > MAX_IMAGE:
        log.warning("discord_image_too_large", image=image.name, size=len(image.data),
                    limit=MAX_IMAGE)
        return None
    return image


def uploads(image: Image | None, files: tuple[Attachment, ...] = ()) -> list[discord.File]:
    """Every file of a message: its image (when Discord takes it), then its attachments,
    each within the upload limit (a larger one is left out, logged; it stays where the core
    wrote it), at most ten (Discord's per message)."""
    sent = [upload(image)] if sendable(image) is not None else []
    for item in files:
        if len(item.data) > MAX_IMAGE or len(sent) >= MAX_FILES:
            log.warning("discord_file_too_large", file=item.name, size=len(item.data),
                        limit=MAX_IMAGE)
            continue
        sent.append(discord.File(io.BytesIO(item.data), filename=item.name))
    return sent


def upload(image: Image | None) -> discord.File:
    """A fresh upload of the image (discord.py closes a File once sent, so one per send);
    discord.py's MISSING when there is none, so the request stays plain JSON."""
    none: discord.File = discord.utils.MISSING
    if image is None:
        return none
    return discord.File(io.BytesIO(image.data), filename=image.name)


async def defer(interaction: discord.Interaction) -> None:
    """The ephemeral "thinking" placeholder (type 5, flag 64)."""
    await interaction.response.defer(ephemeral=True, thinking=True)


async def render(interaction: discord.Interaction, answer: Answer) -> None:
    """Replace the placeholder with the answer (public answers go to the channel)."""
    text = answer.text[:MAX_TEXT]
    image = sendable(answer.image)
    if not answer.private and interaction.channel is not None:
        try:
            await interaction.channel.send(   # type: ignore[union-attr]
                text, view=view(answer.buttons) or discord.utils.MISSING,
                allowed_mentions=NO_MENTIONS, file=upload(image))
        except discord.HTTPException as error:
            log.warning("discord_public_answer_failed", status=error.status, code=error.code)
        else:
            await interaction.delete_original_response()
            return
    files = uploads(image, answer.files) if answer.files else (
        [upload(image)] if image is not None else None)
    await interaction.edit_original_response(
        content=text, view=view(answer.buttons), allowed_mentions=NO_MENTIONS,
        attachments=files if files is not None else discord.utils.MISSING)


async def failed(interaction: discord.Interaction, locale: str | None) -> None:
    """The core failed: say so privately (the error itself is logged by the caller)."""
    try:
        await interaction.edit_original_response(content=t(locale, "error.internal"),
                                                 view=None)
    except discord.HTTPException:
        log.warning("discord_answer_failed", interaction=str(interaction.id))
