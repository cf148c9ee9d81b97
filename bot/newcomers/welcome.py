"""The welcome message: the rule file's text, in the right place, with the gate's button.

Texts are the admins' templates (`{mention}`, `{user}`, `{community}`; validated at
compile time) rendered plain: adapters escape and turn the mention into a link.
Where: `Welcome()` (the platform's default place: Discord's system channel, the
Telegram group itself), `Welcome(<name or id>)`, or the newcomer's DMs for `channel: dm`.
"""

from __future__ import annotations

from bot.posts import Button, Destination, DirectMessage, Post
from bot.posts import Welcome as WelcomePlace
from catalogue import t
from rules.events import Member
from rules.sentencing import fill
from rules.spec import Welcome

VERIFY_COMMAND = "verify"
MAX_TEXT = 1900     # under Discord's 2000 characters and Telegram's 4096


def render(template: str, member: Member, community: str) -> str:
    """A welcome template with the member's fields; the rule fields are empty here."""
    return fill(template, {
        "mention": member.mention, "user": member.name or member.id, "community": community,
        "rule": "", "reason": "", "duration": "", "points": ""})


def place(welcome: Welcome, user: str) -> Destination:
    """Where a welcome goes: the rule file's channel, the platform's default, or a DM."""
    channel = (welcome.channel or "").strip()
    if channel.casefold() == "dm":
        return DirectMessage(user)
    return WelcomePlace(channel.lstrip("#"))


def verify_button(locale: str, user: str) -> Button:
    """The gate's button: only the newcomer's own press counts (checked again by the core)."""
    return Button(t(locale, "verify.button"), VERIFY_COMMAND, {}, only_user=user,
                  style="success")


def welcome_text(welcome: Welcome, locale: str, member: Member, community: str,
                 *, prompt: bool) -> str:
    """The message, then the verification prompt when the newcomer must accept it."""
    parts = [render(welcome.message or t(locale, "welcome.default"), member, community)]
    if prompt and welcome.verify is not None:
        parts.append(render(welcome.verify.prompt, member, community))
    return "\n\n".join(part for part in parts if part)[:MAX_TEXT]


def welcome_post(welcome: Welcome, locale: str, member: Member, community: str,
                 *, prompt: bool) -> Post:
    """The welcome as posted at a join; `prompt`: the newcomer is behind the gate."""
    buttons = (verify_button(locale, member.id),) if prompt else ()
    return Post(place(welcome, member.id),
                welcome_text(welcome, locale, member, community, prompt=prompt), buttons,
                greets=member.id)


def prompt_post(welcome: Welcome, locale: str, member: Member, community: str) -> Post:
    """The gate alone, by DM: for join requests, and during a lockdown (no public welcome)."""
    assert welcome.verify is not None
    text = render(welcome.verify.prompt, member, community)[:MAX_TEXT]
    return Post(DirectMessage(member.id), text, (verify_button(locale, member.id),))
