"""Every command Gardien answers, declared once (FORMATS.md's command table).

The core dispatches and validates from here (center.py, options.py, authority.py);
Discord builds its slash commands from it, Telegram its menus and its parsing. What a
command needs is said here only: its handler, right, options with their bounds, target,
whether ranks are checked, where it may be used, and its help text's key.
"""

from __future__ import annotations

from datetime import timedelta

from bot.command_model import (
    BAN,
    KICK,
    MANAGE_MESSAGES,
    MANAGE_SERVER,
    MODERATE,
    CommandSpec,
    Kind,
    OptionSpec,
    Scope,
    Target,
)
from bot.commands import (
    announce,
    archives,
    cases,
    escalation,
    members,
    mydata,
    newcomers,
    rulefiles,
    sanctions,
    stats,
)
from rules.actions import MAX_DELETE_MESSAGES

MAX_REASON = 512        # characters
MAX_TEXT = 1500         # characters: a note, an amended reason, an appeal
MAX_COUNT = 1000        # messages one purge deletes
MAX_POINTS = 1000       # warning points one warn adds
# The longest manual timeout: Discord's cap (28 days), the lowest of the platforms', so the
# bound is one and the same everywhere (Telegram lifts up to 366 days, the console never).
# A longer absence is a ban with a duration, which no platform limits; rule files may still
# ask for longer timeouts, which the runtime renews (bot/cases/path.py).
MAX_TIMEOUT = timedelta(days=28)


def member(*, required: bool = True) -> OptionSpec:
    return OptionSpec("member", Kind.MEMBER, required=required)


def reason(*, sanction: bool = False) -> OptionSpec:
    """A reason is optional everywhere (FORMATS.md: the case reads "no reason given"); a
    sanction's is required in a community whose rule file sets `commands.require_reason`."""
    return OptionSpec("reason", Kind.TEXT, max_length=MAX_REASON, rule_file_may_require=sanction)


def duration(*, required: bool = True, longest: timedelta | None = None) -> OptionSpec:
    return OptionSpec("duration", Kind.DURATION, required=required, longest=longest)


TEXT = OptionSpec("text", Kind.TEXT, required=True, max_length=MAX_TEXT)
POINTS = OptionSpec("points", Kind.INTEGER, low=1, high=MAX_POINTS, default=1)
DELETE_MESSAGES = OptionSpec("delete_messages", Kind.DURATION, longest=MAX_DELETE_MESSAGES)
CASE = OptionSpec("case", Kind.INTEGER, required=True, low=1)
COUNT = OptionSpec("count", Kind.INTEGER, required=True, low=1, high=MAX_COUNT)
REVISION = OptionSpec("revision", Kind.INTEGER, low=0)       # none: the previous one
FILE = OptionSpec("file", Kind.FILE, required=True)
APPEAL = OptionSpec("appeal", Kind.INTEGER, required=True, low=1)
STEP = OptionSpec("step", Kind.INTEGER, required=True, low=1)   # an escalation step's points
CHANNEL = OptionSpec("channel", Kind.CHANNEL, required=True)   # announce, archive: a name or id
AT = OptionSpec("at", Kind.TEXT, max_length=40)     # announce: when (none: now)
PERIOD = OptionSpec("period", Kind.DURATION, required=False, longest=stats.LONGEST_PERIOD)
FROM = OptionSpec("from", Kind.DAY)     # the first day archived (the community's timezone)
TO = OptionSpec("to", Kind.DAY)         # the day the archive stops before

REQUIRED, OPTIONAL = Target.REQUIRED, Target.OPTIONAL

COMMANDS: tuple[CommandSpec, ...] = (
    # moderators
    CommandSpec("warn", sanctions.warn, MODERATE, (member(), reason(sanction=True), POINTS),
                target=REQUIRED, hierarchy=True),
    CommandSpec("timeout", sanctions.timeout, MODERATE,
                (member(), duration(longest=MAX_TIMEOUT), reason(sanction=True)),
                target=REQUIRED, hierarchy=True),
    CommandSpec("untimeout", sanctions.untimeout, MODERATE, (member(),),
                target=REQUIRED, hierarchy=True),
    CommandSpec("note", cases.note, MODERATE, (member(), TEXT), target=REQUIRED),
    CommandSpec("case", cases.case, MODERATE, (CASE,)),
    CommandSpec("history", cases.history, MODERATE, (member(),), target=REQUIRED),
    CommandSpec("reason", cases.reason, MODERATE, (CASE, TEXT)),
    CommandSpec("kick", sanctions.kick, KICK, (member(), reason(sanction=True)),
                target=REQUIRED, hierarchy=True),
    CommandSpec("ban", sanctions.ban, BAN,
                (member(), reason(sanction=True), duration(required=False), DELETE_MESSAGES),
                target=REQUIRED, hierarchy=True),
    CommandSpec("unban", sanctions.unban, BAN, (member(),), target=REQUIRED, hierarchy=True),
    CommandSpec("purge", sanctions.purge, MANAGE_MESSAGES, (COUNT, member(required=False)),
                target=OPTIONAL),
    CommandSpec("stats", stats.stats, MODERATE, (PERIOD,)),
    # admins
    CommandSpec("rules show", rulefiles.show, MANAGE_SERVER),
    CommandSpec("rules check", rulefiles.check, MANAGE_SERVER, (FILE,)),
    CommandSpec("rules upload", rulefiles.upload, MANAGE_SERVER, (FILE,)),
    CommandSpec("rules rollback", rulefiles.rollback, MANAGE_SERVER, (REVISION,)),
    CommandSpec("rules reload", rulefiles.reload, MANAGE_SERVER),
    CommandSpec("announce", announce.announce, MANAGE_SERVER, (CHANNEL, TEXT, AT)),
    # everyone; a report is about a message, whose author it names (a reply, a message menu)
    CommandSpec("report", members.report, None, (reason(),), target=OPTIONAL),
    CommandSpec("appeal", members.appeal, None, (CASE, TEXT),
                scope=Scope.COMMUNITY_OR_PRIVATE),
    CommandSpec("rules", members.rules_summary, None),
    # a member's own data, privately (also from a Telegram private chat: every community)
    CommandSpec("mydata", mydata.mydata, None, scope=Scope.COMMUNITY_OR_PRIVATE),
    CommandSpec("lockdown start", newcomers.lockdown_start, MANAGE_SERVER,
                (duration(required=False),)),
    CommandSpec("lockdown end", newcomers.lockdown_end, MANAGE_SERVER),
    CommandSpec("archive", archives.archive, MANAGE_SERVER, (CHANNEL, FROM, TO)),
    # the verification button under a welcome message (only the newcomer may press it)
    CommandSpec("verify", newcomers.verify, None, scope=Scope.BUTTON),
    # buttons under an appeal, shown to moderators
    CommandSpec("appeal accept", members.accept, MODERATE, (APPEAL,), scope=Scope.BUTTON),
    CommandSpec("appeal deny", members.deny, MODERATE, (APPEAL,), scope=Scope.BUTTON),
    # the button under a request for an escalation step its warning moderator could not
    # carry out: the right depends on the step (ban, kick, timeout), so escalation.py checks it
    CommandSpec(escalation.COMMAND, escalation.apply, None, (CASE, STEP), scope=Scope.BUTTON),
)

BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in COMMANDS}
TYPED: tuple[CommandSpec, ...] = tuple(spec for spec in COMMANDS
                                       if spec.scope is not Scope.BUTTON)
"""The commands people type (buttons-only ones left out): what the platforms register."""
