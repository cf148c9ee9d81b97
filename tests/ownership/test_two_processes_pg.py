"""Two real processes sharing one PostgreSQL database (issue 19): with half of the Discord
shards each, every overdue unban and every pending ban a previous run left is carried out
exactly once, by the process that owns its server; even two processes that both claim
every shard (a misconfiguration) never fire one timer twice."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.scheduler import TimerKind
from storage.models import NewCase, NewTimer
from storage.postgres.store import PostgresStore
from tests.storage.conftest import postgres_schema, postgres_url  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
SERVERS = [f"discord:{k << 22}" for k in range(1, 21)]   # shard k % 2 of 2
UNBANS = 10                                                # overdue, per server

WORKER = textwrap.dedent("""
    import asyncio, json, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from bot.core import build_core
    from bot.ownership import Ownership
    from bot.rulebook import Rulebook
    from bot.settings import Shards
    from storage.postgres.store import PostgresStore
    from tests.runtime.fakes import FakeAdapter

    async def main(url, schema, shards, rules):
        store = PostgresStore(url, server_settings={"search_path": schema})
        await store.open()
        ids = tuple(int(s) for s in shards.split(",")) if shards else None
        owner = Ownership(frozenset({"discord"}), Shards(2, ids) if ids else None)
        try:
            rulebook = Rulebook(Path(rules), {}, store)
            await rulebook.load()
            adapter = FakeAdapter()
            core = build_core(store, rulebook, [adapter], owner=owner)
            await core.start()
            await core.resume(connect_timeout=0)
            for _ in range(600):   # until its servers' timers and pending cases are settled
                now = datetime.now(UTC)
                due = [t for t in await store.due_timers(now) if owner.owns(t.community)]
                held = [c for c in await store.pending_cases() if owner.owns(c.community)]
                if not due and not held:
                    break
                await asyncio.sleep(0.05)
            await core.drain(timeout=10)
            core.stop()
        finally:
            await store.close()
        print(json.dumps([[a.kind, t.community, t.user] for a, t in adapter.executed]))

    asyncio.run(main(*sys.argv[1:5]))
""")

RULES = """\
version: 1
name: Two processes
rules:
  - id: tempban
    match: {words: [tempban]}
    actions: [{ban: {duration: 1d, reason: cool off}}]
"""


async def _seed(url: str, schema: str, *, pending: bool) -> None:
    store = PostgresStore(url, server_settings={"search_path": schema})
    await store.open()
    now = datetime.now(UTC)
    try:
        for server in SERVERS:
            if pending:
                await store.open_case(NewCase(community=server, user="bob", action="ban",
                                              rule="tempban", reason="cool off",
                                              created_at=now - timedelta(minutes=5)))
            for i in range(UNBANS):
                await store.schedule(NewTimer(community=server, user=f"u{i}",
                                              kind=TimerKind.UNBAN.value,
                                              due_at=now - timedelta(hours=1)))
    finally:
        await store.close()


def _run_two(url: str, schema: str, rules: Path, shards: tuple[str, str]) -> list[list[str]]:
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, url, schema, half, str(rules)],
                                cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for half in shards]
    outputs = []
    for worker in workers:
        out, errors = worker.communicate(timeout=240)
        assert worker.returncode == 0, errors[-3000:]
        outputs.append(json.loads(out.strip().splitlines()[-1]))
    return outputs


def _shard(community: str) -> int:
    return (int(community.removeprefix("discord:")) >> 22) % 2


def test_half_the_shards_each_acts_once_on_its_own_servers(
        postgres_url: str, postgres_schema: str, tmp_path: Path) -> None:  # noqa: F811
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    asyncio.run(_seed(postgres_url, postgres_schema, pending=True))
    even, odd = _run_two(postgres_url, postgres_schema, rules, ("0", "1"))
    assert {_shard(c) for _, c, _ in even} == {0} and {_shard(c) for _, c, _ in odd} == {1}
    acted = sorted(tuple(x) for x in even + odd)
    expected = sorted([("ban", s, "bob") for s in SERVERS]
                      + [("unban", s, f"u{i}") for s in SERVERS for i in range(UNBANS)])
    assert acted == expected   # none missed, none twice


def test_two_processes_claiming_every_shard_never_fire_a_timer_twice(
        postgres_url: str, postgres_schema: str, tmp_path: Path) -> None:  # noqa: F811
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    asyncio.run(_seed(postgres_url, postgres_schema, pending=False))
    first, second = _run_two(postgres_url, postgres_schema, rules, ("", ""))
    acted = sorted(tuple(x) for x in first + second)
    assert acted == sorted(("unban", s, f"u{i}") for s in SERVERS for i in range(UNBANS))
