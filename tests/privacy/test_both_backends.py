"""Export, erasure and prune on SQLite and PostgreSQL: the same seeded data under the same
key gives the same export JSON, the same erasure counts and the same prune counts."""

from __future__ import annotations

from typing import Any

from storage.factory import store_for
from storage.retention import Periods
from tests.privacy.filling import MEMBER, T, fill
from tests.storage.conftest import postgres_schema, postgres_url  # noqa: F401

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


def _emptied(found: dict[str, Any]) -> bool:
    """After `erase --cases`, the export holds nothing of the member but what stays by
    design (cases they decided as a moderator, an active timer)."""
    return all(not rows for community in found["after"]["communities"].values()
               for kind, rows in community.items() if kind not in ("cases_as_moderator",
                                                                     "timers"))


async def test_privacy_passes_agree_on_both_backends(
        tmp_path: Any, postgres_url: str, postgres_schema: str) -> None:  # noqa: F811
    on_sqlite = await _run(lambda: store_for(tmp_path / "gardien.db"))
    on_postgres = await _run(lambda: store_for(
        postgres_url, server_settings={"search_path": postgres_schema}))
    assert on_sqlite["export"]["communities"] and on_sqlite["pseudonym"].startswith("anon-")
    assert _emptied(on_sqlite) and _emptied(on_postgres)
    assert on_sqlite == on_postgres
