"""Watch records: hits told once, sentiment minutes upserted and folded, one open crisis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.watch import WatchHit

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
MINUTE = int(AT.timestamp()) // 60


def hit(term: str, message: str = "m1", **fields: object) -> WatchHit:
    values: dict[str, object] = {"community": "discord:1", "user": "u1", "term": term,
                                 "sentiment": -0.4, "at": AT, "channel": "c1",
                                 "message_id": message, "excerpt": "acme is down again"}
    values.update(fields)
    return WatchHit(**values)  # type: ignore[arg-type]


async def test_a_message_s_term_is_recorded_once_whatever_its_edits(make_store) -> None:
    async with make_store() as store:
        first = await store.add_watch_hits([hit("Acme"), hit("acme cloud")])
        assert [h.term for h in first] == ["Acme", "acme cloud"]
        again = await store.add_watch_hits([hit("Acme", sentiment=0.9), hit("Acme", "m2")])
        assert [(h.term, h.message_id) for h in again] == [("Acme", "m2")]
    async with make_store() as store:
        kept = await store.watch_hits("discord:1", AT, AT + timedelta(seconds=1))
        assert [(h.term, h.message_id, h.sentiment) for h in kept] == [
            ("Acme", "m1", -0.4), ("acme cloud", "m1", -0.4), ("Acme", "m2", -0.4)]
        assert kept[0].excerpt == "acme is down again" and kept[0].at == AT
        assert await store.watch_hits("discord:1", AT + timedelta(seconds=1), AT.replace(
            year=2027)) == []


async def test_sentiment_minutes_add_up_and_fold_into_hours(make_store) -> None:
    start = MINUTE - MINUTE % 60
    async with make_store() as store:
        await store.write_sentiment_minutes([("discord:1", start + 5, 10, 2),
                                             ("discord:1", start + 6, 4, 1)])
        await store.write_sentiment_minutes([("discord:1", start + 5, 1, 1),
                                             ("discord:2", start, 3, 0),
                                             ("discord:1", start + 70, 7, 7)])
        assert await store.sentiment_minutes("discord:1", start, start + 120) == [
            (start + 5, 11, 3), (start + 6, 4, 1), (start + 70, 7, 7)]
        assert await store.fold_sentiment_minutes(start + 60) == 2
        assert await store.fold_sentiment_minutes(start + 60) == 0
        assert await store.sentiment_minutes("discord:1", start, start + 120) == [
            (start, 15, 4), (start + 70, 7, 7)]
        assert await store.sentiment_communities() == ["discord:1", "discord:2"]


async def test_one_open_crisis_per_community_ended_once_with_its_slowmode(make_store) -> None:
    async with make_store() as store:
        crisis = await store.open_crisis("discord:1", AT, 12, 1.5, [("Acme", 7)])
        assert crisis is not None and crisis.terms == [("Acme", 7)] and crisis.peak == 12
        assert await store.open_crisis("discord:1", AT, 20, 1.0, []) is None
        assert await store.open_crisis("discord:2", AT, 20, 1.0, []) is not None
        await store.save_crisis_slowmode(crisis.id, {"111": 0, "222": 5}, "saved")
        await store.save_crisis_slowmode(crisis.id, None, "set")
    async with make_store() as store:
        (open_one, _) = await store.open_crises()
        assert open_one.slowmode == {"111": 0, "222": 5} and open_one.slowmode_status == "set"
        ended = await store.end_crisis(crisis.id, AT + timedelta(minutes=30), 40)
        assert ended is not None and ended.peak == 40 and ended.ended_at is not None
        assert await store.end_crisis(crisis.id, AT + timedelta(minutes=31), 50) is None
        assert [c.id for c in await store.slowmodes_to_restore()] == [crisis.id]
        await store.save_crisis_slowmode(crisis.id, None, "restored")
        assert await store.slowmodes_to_restore() == []
        listed = await store.crises("discord:1", AT, AT + timedelta(hours=1))
        assert [(c.negative, c.usual, c.peak) for c in listed] == [(12, 1.5, 40)]
