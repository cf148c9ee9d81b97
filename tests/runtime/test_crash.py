"""A `gardien run` killed mid-burst loses no case: the next start reconciles every one."""

from __future__ import annotations

import re

from .procs import Running, cases_json, gardien, write_config

INSULTS = ["you idiot", "what a moron", "sh1t", "f*ck off"]
USERS = [f"user{n}" for n in range(40)]
ACTION = re.compile(r"^(warn|timeout): (\w+)[ ,]")


def test_a_kill_mid_burst_leaves_nothing_pending_after_a_restart(tmp_path):
    config = write_config(tmp_path)
    burst = [f"{user}: {text}" for text in INSULTS for user in USERS]
    bot = Running(config)
    try:
        bot.send(*burst)                    # stdin stays open: only the kill ends the run
        bot.wait_for(lambda line: ACTION.match(line) is not None
                     and sum(1 for seen in bot.lines if ACTION.match(seen)) >= 12,
                     timeout=20)
        bot.process.kill()                  # SIGKILL, mid-burst
        bot.finish(timeout=10)
    finally:
        bot.kill()
    assert bot.process.returncode == -9
    printed = [m.groups() for line in bot.lines if (m := ACTION.match(line))]
    assert len(printed) >= 12
    # the lines printed so far name members the burst offended, and rules
    assert {user for _, user in printed} <= set(USERS)
    assert all("(rule " in line for line in bot.lines if ACTION.match(line))
    # were the burst carried out to its end, each member would get 3 warns and a timeout
    assert len(printed) < 4 * len(USERS), "the burst finished before the kill"

    # restart with an empty input: start-up reconciles, the end of input ends the session
    restart = gardien("run", "--config", str(config), stdin="", cwd=tmp_path)
    assert restart.returncode == 0, restart.stderr
    cases = cases_json(config)
    assert cases, "the first run recorded nothing"
    assert [c for c in cases if c["status"] == "pending"] == []
    for case in cases:
        if case["status"] == "failed":
            assert "restart" in case["error"], case
    # every warn/timeout printed by the first process has a case
    for action, user in set(printed):
        mine = [c for c in cases if c["user"] == user and c["action"] == action]
        assert len(mine) >= printed.count((action, user)), (action, user, mine)
        assert all(c["status"] in ("done", "failed") for c in mine)
    # numbering stayed gapless through the crash
    assert [c["case"] for c in cases] == list(range(1, len(cases) + 1))
