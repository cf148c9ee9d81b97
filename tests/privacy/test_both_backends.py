"""Export, erasure and prune on SQLite and PostgreSQL: the same seeded data under the same
key gives the same export JSON, the same erasure counts and the same prune counts."""

from __future__ import annotations

from typing import Any

from storage.retention import Periods
from tests.privacy.filling import MEMBER, T, fill
from tests.storage.conftest import backend, make_store, postgres_schema, postgres_url  # noqa: F401

KEY = bytes(range(32))


async def _same_key(store: Any) -> None:
    async def op(conn: Any) -> None:
        await conn.execute("UPDATE privacy_key SET key = ? WHERE id = 1", (KEY,))
    await store._write(op)


async def _run(make: Any) -> dict[str, Any]:
    async with make() as store:
        await _same_key(store)
        await fill(store, active_timer=True)
        exported = await store.member_export(MEMBER, now=T)
        erased = await store.member_erase(MEMBER, None, with_cases=True)
        after = await store.member_export(MEMBER, now=T)
        pruned = await store.prune(Periods(), T.replace(year=2029))
    return {"export": exported, "erase": erased.tables, "pseudonym": erased.pseudonym,
            "after": after, "prune": pruned.tables}


RESULTS: dict[str, dict[str, Any]] = {}


async def test_privacy_passes_run_and_agree(make_store: Any, backend: str) -> None:  # noqa: F811
    found = await _run(make_store)
    assert found["export"]["communities"] and found["pseudonym"].startswith("anon-")
    assert found["after"]["communities"] == {} or all(
        not rows for c in found["after"]["communities"].values() for k, rows in c.items()
        if k not in ("cases_as_moderator", "timers"))
    RESULTS[backend] = found
    if len(RESULTS) == 2:
        assert RESULTS["sqlite"] == RESULTS["postgresql"]
