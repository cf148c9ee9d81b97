"""The same month of events counted live (the real core, a SQLite file) and replayed
offline: `gardien report --config` and `gardien report --events --rules` agree on every
figure. Only the moderation a stream cannot hold differs: a moderator's command (a
`manual` case) and the members' reports, checked by hand."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

from bot.command_model import Authority
from bot.insight.model import as_json

from .harness import MOD, live, report_json, stream_events, write_files

OCTOBER = ["--from", "2026-10-01", "--to", "2026-11-01"]
ALICE = Authority("alice", "alice", rank=1)
BOB = Authority("bob", "bob", rank=1)
IVAN = Authority("ivan", "ivan", rank=1)
REPORTED_AT = datetime(2026, 10, 20, 10, 0, tzinfo=UTC)
ANSWERED_AT = datetime(2026, 10, 20, 10, 14, tzinfo=UTC)   # 840 s later
UNANSWERED_AT = datetime(2026, 10, 27, 9, 0, tzinfo=UTC)


async def feed_month(bot, events) -> None:
    """The stream in order, with alice's report on bob (answered by a moderator's timeout
    14 minutes later) and one on ivan that no moderator answers."""
    commands = [
        (REPORTED_AT, lambda: bot.command(REPORTED_AT, "discord:g1", "report", ALICE, BOB,
                                          reason="spam")),
        (ANSWERED_AT, lambda: bot.command(ANSWERED_AT, "discord:g1", "timeout", MOD, BOB,
                                          duration="1h", reason="spam")),
        (UNANSWERED_AT, lambda: bot.command(UNANSWERED_AT, "discord:g1", "report", ALICE,
                                            IVAN)),
    ]
    for event in events:
        at = datetime.fromisoformat(str(event["at"]))
        while commands and commands[0][0] <= at:
            answer = await commands.pop(0)[1]()
            assert not answer.refused, answer.text
        await bot.feed(event)


def with_live_moderation(offline: dict) -> dict:
    """The offline figures plus what only happens live: the moderator's timeout (a manual
    case) and the two reports, one answered after 840 s."""
    expected = copy.deepcopy(offline)
    moderation = expected["moderation"]
    moderation["cases"] += 1
    moderation["by_action"]["timeout"] = moderation["by_action"].get("timeout", 0) + 1
    moderation["by_rule"]["manual"] = 1
    moderation["reports"] = 2
    moderation["report_response_median_s"] = 840.0
    return expected


async def test_live_counts_give_the_offline_report_of_the_same_events(tmp_path):
    events = stream_events()
    stream, rules, config = write_files(tmp_path, events)
    async with live(tmp_path, rules) as bot:
        await feed_month(bot, events)
        # right after the events, nothing flushed yet: memory and ledger give it all
        before_flush = as_json(await bot.core.insight.report("discord:g1", date(2026, 10, 1),
                                                             date(2026, 11, 1)))
        assert await bot.core.insight.flush() > 0
        # the CLI reads the database while the bot still holds it (read-only, no lease)
        live_reports = report_json("--config", str(config), *OCTOBER)
    offline = report_json("--events", str(stream), "--rules", str(rules), *OCTOBER)

    assert [r["community"] for r in live_reports] == ["discord:a0", "discord:g1"]
    a0_offline, g1_offline = offline
    a0_live, g1_live = live_reports
    assert a0_live == a0_offline
    assert g1_live == with_live_moderation(g1_offline)
    assert before_flush == g1_live
    assert "watch" not in g1_live and "watch" not in a0_live   # the rules neither watch nor sense
    # and by hand, what the comparison rests on
    assert g1_live["timezone"] == "Europe/Paris"
    moderation = g1_live["moderation"]
    assert moderation["by_rule"]["no-kickme"] == 1 and moderation["by_rule"]["no-scam"] == 1
    assert moderation["by_action"] == {"warn": 3, "timeout": 2, "kick": 1, "ban": 1}
    daily = {d["day"]: d for d in g1_live["daily"]}
    assert (daily["2026-10-07"]["joins"], daily["2026-10-07"]["leaves"]) == (1, 1)  # kim
    assert daily["2026-10-09"]["joins"] == 1                                       # rejoins
    assert (daily["2026-10-08"]["messages"], daily["2026-10-09"]["messages"]) == (1, 2)
    # tests/insight's 5 newcomers (3 posted, 3 stayed: hank, banned by a rule, did not),
    # and kim, kicked by a rule, who rejoined, posted and stayed
    assert g1_live["newcomers"] == {"joined": 6, "posted": 4, "stayed": 4}


async def test_any_period_and_the_text_summary_agree_too(tmp_path):
    events = stream_events()
    stream, rules, config = write_files(tmp_path, events)
    async with live(tmp_path, rules) as bot:
        for event in events:
            await bot.feed(event)
        await bot.core.insight.flush()
    for period in (["--from", "2026-10-25", "--to", "2026-10-27"],   # the clocks go back
                   ["--from", "2026-10-07", "--to", "2026-10-10"],   # kim, lou's midnight
                   ["--from", "2026-09-01", "--to", "2026-12-01"]):
        offline = report_json("--events", str(stream), "--rules", str(rules),
                              "--community", "discord:g1", *period)
        assert report_json("--config", str(config), "--community", "discord:g1", *period) == offline
    text = gardien_text("--config", str(config), "--community", "discord:g1", *OCTOBER)
    assert text == gardien_text("--events", str(stream), "--rules", str(rules),
                                "--community", "discord:g1", *OCTOBER)
    assert text.startswith("Report for discord:g1: 2026-10-01 to 2026-10-31 (Europe/Paris)")


def gardien_text(*args: str) -> str:
    from tests.runtime.procs import gardien

    done = gardien("report", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout
