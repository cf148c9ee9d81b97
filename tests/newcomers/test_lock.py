"""`raid.lock`: a lockdown locks the whole community with one call before any per-member
action, stores what it replaced first, and puts exactly that back at its end — by its
timer, by a moderator, or after a restart."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from bot.adapter import Capability
from bot.errors import Forbidden
from tests.runtime.fakes import FakeClock

from .bench import COMMUNITY, MOD, PostingAdapter, bench, rules_file

RAID = """\
log_channel: mod-log
raid: {joins: 5, within: 30s, lockdown: 15m, action: timeout, lock: LOCK}
"""
BEFORE = json.dumps({"send_messages": True, "send_polls": False})   # partly restricted


def raid_rules(lock: str = "true") -> str:
    return rules_file(RAID.replace("LOCK", lock))


@dataclass
class LockingAdapter(PostingAdapter):
    """Posts, actions, and a community-wide lock kept in memory, like a platform's."""

    capabilities: frozenset[Capability] = frozenset({Capability.POSTS, Capability.LOCK})
    state: str = BEFORE
    locked_until: datetime | None = None
    calls: list[str] = field(default_factory=list)    # lock_state / lock / unlock / action
    refuse: set[str] = field(default_factory=set)     # lock steps that answer Forbidden

    async def lock_state(self, community: str) -> str:
        self._called("lock_state")
        return self.state

    async def lock(self, community: str, until: datetime, reason: str) -> None:
        self._called("lock")
        self.state = json.dumps({"send_messages": False, "send_polls": False})
        self.locked_until = until

    async def unlock(self, community: str, previous: str, reason: str) -> None:
        self._called("unlock")
        self.state = previous
        self.locked_until = None

    def _called(self, step: str) -> None:
        self.calls.append(step)
        if step in self.refuse:
            raise Forbidden("missing permission: manage roles")

    async def execute(self, action, target):  # type: ignore[no-untyped-def]
        self.calls.append(action.kind)
        return await super().execute(action, target)


def alerts(b, word: str) -> list[str]:
    return [p.text for p in b.adapter.posted("log:mod-log") if word in p.text]


async def raid(b, joins: int = 8) -> None:
    for n in range(joins):
        await b.join(str(500 + n), drain=False)
        b.clock.advance(seconds=1)
    await b.drain()


async def test_the_lock_comes_first_and_its_end_restores_exactly_what_was_there(tmp_path):
    adapter = LockingAdapter()
    async with bench(tmp_path, raid_rules(), adapter=adapter) as b:
        await raid(b)
        assert adapter.calls[:2] == ["lock_state", "lock"]          # before any raider
        assert adapter.calls.count("timeout") == 8 and adapter.calls.count("lock") == 1
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert lockdown.lock_state == BEFORE and lockdown.lock_status == "locked"
        assert adapter.locked_until == lockdown.ends_at
        assert "only members with an explicit right" in alerts(b, "Raid detected")[0]

        b.clock.advance(minutes=15)
        await b.timers.fire_due()
        await b.drain()
        assert adapter.state == BEFORE and adapter.calls[-1] != "lock"
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert lockdown.lock_status == "unlocked"
        [closing] = alerts(b, "Lockdown ended")
        assert "Posting permissions restored as they were" in closing


async def test_without_lock_no_community_wide_call_is_made(tmp_path):
    adapter = LockingAdapter()
    async with bench(tmp_path, raid_rules("false"), adapter=adapter) as b:
        await raid(b)
        assert "lock_state" not in adapter.calls and "lock" not in adapter.calls
        assert "explicit right" not in alerts(b, "Raid detected")[0]


async def test_a_moderators_lockdown_locks_and_its_end_by_command_unlocks(tmp_path):
    adapter = LockingAdapter()
    async with bench(tmp_path, raid_rules(), adapter=adapter) as b:
        answer = await b.invoke("lockdown start", MOD, duration="1h", reason="spam")
        assert not answer.refused
        assert adapter.calls == ["lock_state", "lock"]
        await b.invoke("lockdown end", MOD)
        assert adapter.calls == ["lock_state", "lock", "unlock"] and adapter.state == BEFORE


async def test_a_restart_mid_lockdown_keeps_the_stored_state_and_restores_it(tmp_path):
    clock = FakeClock()
    adapter = LockingAdapter()
    async with bench(tmp_path, raid_rules(), adapter=adapter, clock=clock) as b:
        await raid(b)
    # the bot was down when the lockdown should have ended
    clock.advance(minutes=30)
    adapter.calls.clear()
    async with bench(tmp_path, raid_rules(), adapter=adapter, clock=clock, start=True) as b:
        assert adapter.calls == ["unlock"]        # the locked state is never read as "before"
        assert adapter.state == BEFORE
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert not lockdown.active and lockdown.lock_status == "unlocked"


async def test_a_lock_saved_but_never_confirmed_is_applied_again_at_the_restart(tmp_path):
    clock = FakeClock()
    adapter = LockingAdapter(refuse={"lock"})
    async with bench(tmp_path, raid_rules(), adapter=adapter, clock=clock) as b:
        await raid(b)
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert lockdown.lock_status == "failed" and lockdown.lock_state == BEFORE
        assert alerts(b, "Could not lock the community")
        assert adapter.calls.count("timeout") == 8   # the raiders are still actioned
        await b.store.set_lock_status(lockdown.id, "saved")   # as a crash would leave it
    adapter.refuse.clear()
    adapter.calls.clear()
    async with bench(tmp_path, raid_rules(), adapter=adapter, clock=clock, start=True) as b:
        assert adapter.calls == ["lock"]
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert lockdown.active and lockdown.lock_status == "locked"


async def test_an_unlock_that_fails_is_recorded_and_told_to_moderators(tmp_path):
    adapter = LockingAdapter()
    async with bench(tmp_path, raid_rules(), adapter=adapter) as b:
        await raid(b)
        adapter.refuse.add("unlock")
        b.clock.advance(minutes=15)
        await b.timers.fire_due()
        await b.drain()
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert lockdown.lock_status == "stuck"
        assert lockdown.lock_error and "manage roles" in lockdown.lock_error
        assert alerts(b, "Restore them by hand")
        assert "could NOT be restored" in alerts(b, "Lockdown ended")[0]


async def test_a_state_that_cannot_be_read_means_no_lock_and_nothing_to_undo(tmp_path):
    adapter = LockingAdapter(refuse={"lock_state"})
    async with bench(tmp_path, raid_rules(), adapter=adapter) as b:
        await raid(b)
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert lockdown.lock_status == "failed" and lockdown.lock_state is None
        assert "lock" not in adapter.calls
        b.clock.advance(minutes=15)
        await b.timers.fire_due()
        await b.drain()
        assert "unlock" not in adapter.calls


async def test_a_platform_without_lock_is_not_asked(tmp_path):
    adapter = PostingAdapter()
    async with bench(tmp_path, raid_rules(), adapter=adapter) as b:
        await raid(b)
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert lockdown.lock_status == "none"
        assert "explicit right" not in alerts(b, "Raid detected")[0]
