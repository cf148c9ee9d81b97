"""The data inventory: every table that holds personal data, declared in one place.

For each table: which columns identify a member (or a moderator), which hold names or
free text about or by members, what the data is for, how long it is kept (the retention
key of the config's `privacy.retention`), and how a member's export and erasure treat it.
Tables that hold nothing personal are listed too, with why. `tests/storage/
test_inventory.py` walks the real schema and fails when a table is in neither list, or a
column that looks personal is not declared: no later feature can forget privacy.

Retention keys (FORMATS.md, "Privacy"): `evidence` (message excerpts kept with cases,
reports and hits), `activity` (per-member activity behind reports, and what the bot kept
of members' messages), `notes`, `cases` (older cases are pseudonymised),
`removed_community` (everything of a community the bot was removed from), and `live`:
operational state that ends by itself (a cooldown, a pending verification, a timer) and
is deleted when it has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Retention = Literal["evidence", "activity", "notes", "cases", "live"]
Erasure = Literal["delete", "blank", "pseudonymise", "keep"]


@dataclass(frozen=True, slots=True)
class PersonalTable:
    table: str
    members: tuple[str, ...]          # columns holding a platform user id
    texts: tuple[str, ...]            # names, free text and excerpts about or by members
    purpose: str
    retention: Retention
    export: str                       # the key of `privacy export` it appears under
    erase: Erasure                    # what `privacy erase` does to the member's rows
    erase_with_cases: Erasure | None = None   # with --cases, when it differs
    note: str = ""


PERSONAL: tuple[PersonalTable, ...] = (
    PersonalTable(
        "cases", ("user", "moderator"), ("reason", "evidence", "error"),
        "the community's record of sanctions, to answer for them and hear appeals",
        "cases", "cases", "blank", "pseudonymise",
        note="evidence is blanked after `evidence`; the case is pseudonymised after `cases`; "
             "an erasure blanks the evidence and keeps the case unless --cases"),
    PersonalTable(
        "case_changes", ("by",), ("old", "new"),
        "who amended a case's reason or decided its appeal, and when",
        "cases", "cases", "keep", "pseudonymise"),
    PersonalTable(
        "points", ("user",), (),
        "warning points behind escalation; they expire by the rule file's `expire_after`",
        "cases", "points", "delete"),
    PersonalTable(
        "cooldowns", ("user",), (),
        "a rule quiet for a member (or a channel: `#channel:` keys) until a time",
        "live", "cooldowns", "delete"),
    PersonalTable(
        "timers", ("user",), ("payload",),
        "temporary sanctions to lift, deadlines, scheduled posts",
        "live", "timers", "keep",
        note="an erasure never lifts an active temporary sanction: its timer stays"),
    PersonalTable(
        "notes", ("user", "moderator"), ("text",),
        "moderators' notes about a member", "notes", "notes", "delete"),
    PersonalTable(
        "appeals", ("user", "decided_by"), ("text",),
        "members' appeals of a case and their outcome (open at least 180 days after it)",
        "cases", "appeals", "delete"),
    PersonalTable(
        "reports", ("reporter", "user"), ("reason", "excerpt"),
        "members' reports of messages, and the rate limit on them",
        "evidence", "reports", "delete"),
    PersonalTable(
        "verifications", ("user",), (),
        "newcomers behind the verification gate", "live", "verification", "delete"),
    PersonalTable(
        "lockdowns", ("started_by", "ended_by"), ("reason",),
        "raid lockdowns, who started and ended them", "cases", "cases_as_moderator",
        "keep", "pseudonymise"),
    PersonalTable(
        "rule_uploads", ("uploaded_by",), ("content",),
        "rule files uploaded from chat, with who uploaded them", "cases",
        "cases_as_moderator", "keep", "pseudonymise"),
    PersonalTable(
        "rule_active", ("changed_by",), (),
        "which uploaded rule file is in force, and who chose it", "cases",
        "cases_as_moderator", "keep", "pseudonymise"),
    PersonalTable(
        "insight_members", ("member",), (),
        "a member's messages per day, behind reports' active members", "activity",
        "activity", "delete", note="folded into the community's daily totals first"),
    PersonalTable(
        "insight_membership", ("member",), (),
        "joins and leaves, behind reports' newcomers who stay", "activity", "activity",
        "delete"),
    PersonalTable(
        "watch_hits", ("user",), ("excerpt",),
        "messages that named a watched term, for reports and moderators", "evidence",
        "watch", "delete",
        note="the excerpt is blanked after `evidence`; the row goes after `activity`"),
    PersonalTable(
        "archived_messages", ("author_id", "mentions"), ("author_name", "text",
                                                          "attachments"),
        "messages kept for `archive channel` where the platform has no history",
        "activity", "archived_messages", "delete"),
)

NOT_PERSONAL: dict[str, str] = {
    "revisions": "rule files accepted from the host's disk: a path and a digest",
    "insight_hours": "messages per community, day and hour",
    "insight_channels": "messages per community, day and channel",
    "insight_moderated": "moderated messages per community and day",
    "insight_member_days": "messages per member, community and day, folded; its member ids "
                           "become pseudonyms after `activity` (storage/retention_activity.py)",
    "insight_communities": "each community's time zone and language",
    "sentiment_minutes": "scored and negative messages per community and minute",
    "crises": "the community's crises: counts, watched terms and channels' slow mode",
    "feeds": "outside feeds polled: their state",
    "feed_items": "items of outside feeds already seen (published articles, not members)",
    "engagement_followups": "messages in the hour after each scheduled post (counts)",
    "engagement_posts": "the bot's own scheduled posts and polls, and polls' vote counts",
    "privacy_key": "the random key of this database's pseudonyms",
    "communities_left": "communities the bot was removed from, and when",
    "insight_pseudonymous": "up to which day a community's insight ids are pseudonyms",
}


def personal(table: str) -> PersonalTable | None:
    return next((entry for entry in PERSONAL if entry.table == table), None)
