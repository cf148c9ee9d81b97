"""A member present in every table the inventory declares, filled through the store's own
writes (the same calls the bot makes), beside another member and a moderator."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage import NewCase, NewTimer, SQLiteStore
from storage.archives import KeptMessage
from storage.insight import InsightRows
from storage.watch import WatchHit

T = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
MEMBER = "700000000000000001"
NAME = "Zebulon Quartz"
OTHER = "700000000000000002"
OTHER_NAME = "Ophelia Marsh"
MOD = "700000000000000009"
C = "discord:111"
D = "discord:222"


@dataclass
class Filled:
    case: int              # the member's warn in C
    moderated: int         # a case the member opened as moderator, on OTHER
    other_case: int        # OTHER's case, by MOD


async def case(store: SQLiteStore, community: str, user: str, moderator: str, reason: str,
               evidence: str = "", points: int = 0, at: datetime = T) -> int:
    opened = await store.open_case(NewCase(
        community=community, user=user, action="warn", rule="manual", reason=reason,
        moderator=moderator, evidence=evidence, created_at=at, points=points))
    await store.finish_case(community, opened.number, "done", at=at)
    return opened.number


async def fill(store: SQLiteStore, *, active_timer: bool = False) -> Filled:
    mine = await case(store, C, MEMBER, MOD, f"insulted people, said {NAME}",
                      evidence=f"{NAME} wrote: you are all idiots", points=2)
    moderated = await case(store, C, OTHER, MEMBER, "spam links")
    other = await case(store, C, OTHER, MOD, f"quarrel with {NAME}", evidence="ok then")
    await case(store, D, MEMBER, MOD, "flood", evidence="aaaa")
    await store.amend_reason(C, moderated, "spam links, again", MEMBER, T)
    await store.save_cooldown(C, MEMBER, "caps", T + timedelta(minutes=5))
    timer = await store.schedule(NewTimer(
        community=C, user=MEMBER, kind="untimeout", due_at=T + timedelta(hours=1),
        case_number=mine))
    await store.complete_timer(timer.id, "done", T + timedelta(hours=1))
    if active_timer:
        await store.schedule(NewTimer(
            community=C, user=MEMBER, kind="unban", due_at=T + timedelta(days=7),
            case_number=mine))
    await store.add_note(C, MEMBER, MOD, f"{NAME} is loud at night", T)
    await store.add_note(C, OTHER, MEMBER, "seems fine", T)
    appeal = await store.open_appeal(C, mine, MEMBER, "I was provoked, please", T)
    assert appeal is not None
    await store.decide_appeal(appeal.id, "denied", MOD, T + timedelta(hours=2))
    await store.add_report(C, MEMBER, T, user=OTHER, channel="5", message_id="50",
                           reason="rude", excerpt="you smell")
    await store.add_report(C, OTHER, T, user=MEMBER, channel="5", message_id="51",
                           reason="rude", excerpt=f"{NAME} shouting")
    await store.gate(C, MEMBER, T, T + timedelta(minutes=10))
    lockdown = await store.start_lockdown(C, T, T + timedelta(hours=1), "kick",
                                          reason="raid", by=MEMBER)
    await store.end_lockdown(lockdown.id, T + timedelta(minutes=30), by=MEMBER)
    content = b"version: 1\nrules: []\n"
    await store.add_upload(C, "rules.yaml", content, hashlib.sha256(content).hexdigest(),
                           MEMBER, T)
    seconds = T.timestamp()
    await store.write_insight_rows(InsightRows(
        members=[(C, "2026-11-19", MEMBER, 4, seconds - 86400), (C, "2026-11-19", OTHER, 1,
                 seconds - 86400), (C, "2026-11-20", MEMBER, 3, seconds)],
        membership=[(C, "2026-11-20", MEMBER, seconds, "join")]))
    await store.fold_insight_days(datetime(2026, 11, 20).date())
    await store.add_watch_hits([WatchHit(C, MEMBER, "gardien", -0.5, T, "5", "52",
                                         f"{NAME} says gardien is bad")])
    await store.keep_messages([
        KeptMessage(C, "5", "60", MEMBER, T, author_name=NAME, text="hello everyone"),
        KeptMessage(C, "5", "61", OTHER, T, author_name=OTHER_NAME,
                    text=f"hi {NAME}!", mentions=(MEMBER,)),
    ])
    return Filled(mine, moderated, other)
