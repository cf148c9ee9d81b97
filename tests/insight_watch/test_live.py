"""The watch's events through the live core (the real `build_core` on a SQLite file: the
watch service records hits, per-minute sentiment counts and the crisis alarm's crises),
then `gardien report --config` and the in-process report: the very `watch` object the
offline report of the same stream gives (tests/insight_watch/stream.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.insight.model import as_json
from tests.insight import stream as insight_stream
from tests.insight_live.harness import live, report_json

from .stream import EVENTS, EXPECTED, write_rules
from .test_offline import NOV, write_events


def write_config(directory: Path, rules: Path) -> Path:
    config = directory / "gardien.yaml"
    config.write_text(f"storage: {directory / 'gardien.db'}\nrules:\n  default: {rules}\n"
                      "log:\n  format: json\n", encoding="utf-8")
    return config


async def feed(directory: Path, rules: Path) -> list[dict]:
    """The stream through a live core; the in-process report right after the flushes."""
    async with live(directory, rules, digest_window=0.01) as bot:
        for event in EVENTS:
            await bot.feed(event)
        await bot.core.watch.flush()
        assert await bot.core.insight.flush() > 0
        in_process = as_json(await bot.core.insight.report(
            "discord:g1", date(2026, 11, 2), date(2026, 11, 4)))
        crises = await bot.store.crises("discord:g1", *_november())
        assert [(c.negative, c.ended_at is not None) for c in crises] == [(3, True)]
    return [in_process]


def _november():
    from datetime import UTC, datetime

    return datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)


async def test_live_records_give_the_offline_watch_part(tmp_path):
    rules = write_rules(tmp_path)
    config = write_config(tmp_path, rules)
    (in_process,) = await feed(tmp_path, rules)
    (live_report,) = report_json("--config", str(config), *NOV)
    (offline,) = report_json("--events", str(write_events(tmp_path)), "--rules", str(rules),
                             *NOV)
    assert live_report["watch"] == EXPECTED
    assert live_report == offline == in_process


async def test_terms_out_of_the_file_still_show_and_records_keep_the_part(tmp_path):
    rules = write_rules(tmp_path)
    config = write_config(tmp_path, rules)
    await feed(tmp_path, rules)
    write_rules(tmp_path, terms='"acme cloud", Zorg')     # Acme taken out of the file
    (got,) = report_json("--config", str(config), *NOV)
    assert [(t["term"], t["messages"]) for t in got["watch"]["terms"]] == [
        ("acme cloud", 2), ("Zorg", 1), ("Acme", 5)]
    rules.write_text(insight_stream.RULES.format(locale="en"), encoding="utf-8")  # no watch
    (got,) = report_json("--config", str(config), *NOV)
    assert [t["term"] for t in got["watch"]["terms"]] == ["Acme", "Zorg", "acme cloud"]
    assert got["watch"]["crises"] == EXPECTED["crises"]
    # a period without records, under rules that do not watch: no part at all
    (quiet,) = report_json("--config", str(config), "--from", "2026-10-01", "--to", "2026-10-08")
    assert "watch" not in quiet
