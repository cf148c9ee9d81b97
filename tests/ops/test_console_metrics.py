"""`gardien run` with `metrics.listen` on, as a host runs it (the console chat): what
/metrics counts is what happened (the events fed, the cases `gardien cases` lists), /healthz
answers while it runs, and /readyz turns 503 with a reason while the database file is gone
from its path, then 200 once it is back."""

from __future__ import annotations

import json
from collections import Counter

from tests.runtime.procs import Running, cases_json, write_config

from .scrape import bound_port, by_label, get, ready, scrape, until

METRICS = "metrics:\n  listen: 127.0.0.1:0\n"
INSULTS = ["you idiot", "what a moron"]   # two warns each: under the escalation's timeout,
                                          # whose members' lines the console no longer reads
CLEAN = ["hello there", "nice weather today", "see you tomorrow"]


def test_metrics_count_what_the_run_did_and_readiness_follows_the_database(tmp_path):
    config = write_config(tmp_path, METRICS)
    lines = [f"{user}: {text}" for user in ("ann", "bob", "cyd", "dee") for text in INSULTS + CLEAN]
    bot = Running(config)
    try:
        port = bound_port(bot.stderr)
        status, body = get(port, "/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        bot.send(*lines)
        until(lambda: by_label(scrape(port), "gardien_events_total", "platform", "type")
              == {("console", "message"): len(lines)}, "every line counted")
        cases = cases_json(config)
        assert cases and all(c["status"] != "pending" for c in cases)
        expected = Counter((c["action"], c["status"]) for c in cases)
        found = scrape(port)
        assert by_label(found, "gardien_cases_total", "action", "status") == expected
        assert found[("gardien_pending_cases", ())] == 0
        assert found[("gardien_platform_up", (("platform", "console"),))] == 1
        assert found[("gardien_decision_seconds_count", ())] == len(lines)
        matches = by_label(found, "gardien_rule_matches_total", "rule")
        assert matches[("no-insults",)] >= len([c for c in cases if c["rule"] == "no-insults"])
        calls = by_label(found, "gardien_platform_calls_total", "platform", "outcome")
        assert calls[("console", "ok")] >= len(cases)
        assert ready(port) == (200, {"status": "ok"})

        database = tmp_path / "gardien.db"
        away = tmp_path / "gardien.db.away"
        database.rename(away)          # the file gone from its path: writes are refused
        try:
            status, answer = ready(port)
            assert status == 503 and answer["status"] == "unready", answer
            [reason] = answer["reasons"]
            assert reason.startswith("the database refuses writes: ") and "deleted" in reason
            assert get(port, "/healthz")[0] == 200      # alive all the same
        finally:
            away.rename(database)
        assert ready(port) == (200, {"status": "ok"})
        assert bot.process.stdin is not None
        bot.process.stdin.close()      # the end of input ends a console session
        assert bot.finish(timeout=10) == 0, "".join(bot.stderr[-5:])
    finally:
        bot.kill()
