"""The mod log: every finished case, automatic or manual, posted to the community's log
channel, and the other posts the core sends moderators and members.

One format everywhere (bot/casetext.py), in the rule file's language. Posting
never holds up or fails a sanction: `case_finished` and `later` run in the
background, and a failed post is only logged. Communities without a
`log_channel`, and platforms without posts, are skipped.
"""

from __future__ import annotations

from collections.abc import Awaitable

from bot.background import Background
from bot.casetext import MAX_POST, format_case
from bot.platforms import Platforms
from bot.posts import Button, DirectMessage, LogChannel, Post
from bot.rulebook import Rulebook
from catalogue import supported, t
from storage.models import Case


class ModLog:
    def __init__(self, rulebook: Rulebook, platforms: Platforms, background: Background) -> None:
        self.rulebook = rulebook
        self.platforms = platforms
        self.background = background

    def case_finished(self, case: Case, member: str = "", moderator: str = "") -> None:
        """Post a finished case, in the background (nothing to start without a log
        channel: most communities' cases cost no task and no formatting)."""
        if self.rulebook.for_community(case.community).log_channel:
            self.background.spawn(self.post_case(case, member, moderator), "modlog")

    async def post_case(self, case: Case, member: str = "", moderator: str = "") -> None:
        ruleset = self.rulebook.for_community(case.community)
        if not ruleset.log_channel:
            return
        link = self.platforms.message_link(case.community, case.channel, case.message_id)
        text = format_case(ruleset.locale, case, member=member, moderator=moderator, link=link)
        await self.to_log(case.community, text)

    async def to_log(self, community: str, text: str, buttons: tuple[Button, ...] = ()) -> bool:
        """Post to the community's log channel; False when there is none or it failed."""
        channel = self.rulebook.for_community(community).log_channel
        if not channel:
            return False
        return await self.platforms.post(community, Post(LogChannel(channel), text[:MAX_POST],
                                                         buttons))

    def ledger_notice(self, community: str, recovered: bool) -> None:
        """Tell the moderators that sanctions are held (the ledger is down), or resume."""
        locale = supported(self.rulebook.for_community(community).locale)
        text = t(locale, "ledger.recovered" if recovered else "ledger.down")
        self.later(self.to_log(community, text))

    async def to_member(self, community: str, user: str, text: str) -> bool:
        return await self.platforms.post(community, Post(DirectMessage(user), text[:MAX_POST]))

    def later(self, post: Awaitable[bool]) -> None:
        """Run a post in the background (commands answer without waiting for it)."""

        async def run() -> None:
            await post

        self.background.spawn(run(), "modlog")
