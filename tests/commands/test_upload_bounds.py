"""`rules upload` cannot stall the bot (issue 11, items 3 and 5): a bomb is refused in
milliseconds, a file that takes too long to compile is refused when its time budget runs
out, and moderation goes on while an upload compiles."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tests.runtime.harness import message

from .bench import COMMUNITY, OWNER, bench

HEAD = b"version: 1\nname: Bomb\nrules:\n  - id: r\n"
MENTIONS_BOMB = (HEAD + b"    match: {mentions: {more_than: 5}}\n    actions: [delete]\n"
                 b"    examples:\n      match: [{text: hi, mentions: 30000000}]\n")
HUGE = HEAD + b"    match: {mentions: {more_than: " + b"9" * 5000 + b"}}\n    actions: [delete]\n"


def many_rules(count: int) -> bytes:
    return b"version: 1\nname: Many\nrules:\n" + b"".join(
        f"  - id: r{i}\n    match: {{regex: ['a{i}b'], words: [w{i}x]}}\n    actions: [delete]\n"
        .encode() for i in range(count))


@asynccontextmanager
async def loop_delays() -> AsyncIterator[list[float]]:
    """The worst delay of a 10 ms ticker while the block runs (one item, set at the end)."""
    worst = [0.0]
    running = True

    async def tick() -> None:
        last = time.perf_counter()
        while running:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            worst[0] = max(worst[0], now - last - 0.01)
            last = now

    ticker = asyncio.create_task(tick())
    try:
        yield worst
    finally:
        running = False
        await ticker


async def test_an_example_bomb_upload_is_refused_in_milliseconds(tmp_path):
    async with bench(tmp_path) as b:
        async with loop_delays() as worst:
            began = time.monotonic()
            answer = await b.run("rules upload", OWNER, file=MENTIONS_BOMB, file_name="b.yaml")
            took = time.monotonic() - began
        assert answer.text.splitlines() == [
            "Upload refused, the current rules stay: 1 problem(s):",
            "• b.yaml:8:36: [rule r] example 'hi': mentions: 30000000 is more than the 1000 an "
            "example may have"]
        assert took < 1 and worst[0] < 0.5, (took, worst)   # was 24 s, the loop stalled 2.8 s
        assert await b.store.uploads(COMMUNITY) == []


async def test_a_huge_number_in_an_upload_is_a_problem_with_its_position(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("rules check", OWNER, file=HUGE, file_name="h.yaml")
        assert answer.text.splitlines()[1] == (
            "• h.yaml:5:35: refused: this number has 5000 digits: the limit is 4300")


async def test_an_upload_over_its_time_budget_is_refused_and_moderation_goes_on(tmp_path):
    async with bench(tmp_path) as b:
        b.rulebook.upload_budget = 1.0
        async with loop_delays() as worst:
            began = time.monotonic()
            upload = asyncio.create_task(b.run("rules upload", OWNER, file=many_rules(6000),
                                               file_name="many.yaml"))
            await asyncio.sleep(0.1)
            verdict = await b.adapter.push(message("you moron", "10", at=b.clock(),
                                                   community=COMMUNITY))
            judged = time.monotonic() - began
            answer = await upload
            took = time.monotonic() - began
        lines = answer.text.splitlines()
        assert lines[0] == "Upload refused, the current rules stay: 1 problem(s):"
        assert lines[1].startswith("• many.yaml:")
        assert lines[1].endswith("checking the file takes longer than the 1 s allowed (it got "
                                 "this far); make it smaller or simpler")
        assert 1.0 <= took < 3.5 and worst[0] < 0.5, (took, worst)
        assert verdict is not None and verdict.rules == ("no-insults",)
        assert judged < 0.7, judged     # judged while the upload was still compiling
        assert await b.store.uploads(COMMUNITY) == []
        assert b.rulebook.for_community(COMMUNITY).name == "Command tests"
        b.rulebook.upload_budget = 60
        accepted = await b.run("rules upload", OWNER, file=many_rules(300), file_name="ok.yaml")
        assert accepted.text.startswith("Revision 1 is now active: Many, 300 rule(s)")


async def test_an_upload_that_needs_too_much_memory_is_refused(tmp_path):
    """The memory an upload's compile adds is budgeted like its time: here a budget of 1 MiB
    against a valid file of 3,000 rules, which needs far more to compile."""
    from bot.rulebook import Rulebook
    from rules.problems import RuleFileError
    from tests.runtime.test_bad_files import slow_rules

    content = slow_rules(3000).encode()
    path = tmp_path / "rules.yaml"
    path.write_text("version: 1\nname: Base\nrules: []\n", encoding="utf-8")
    tight = Rulebook(path, {}, upload_memory=2**20)
    try:
        await tight.check_upload(content, "big.yaml")
    except RuleFileError as error:
        [problem] = error.problems
        assert "needs more than the 1 MiB of memory allowed" in problem.message
    else:
        raise AssertionError("a 1 MiB memory budget let 3,000 rules compile")
    roomy = Rulebook(path, {})          # the default budget: the same file compiles
    ruleset = await roomy.check_upload(content, "big.yaml")
    assert len(ruleset.rules) == 3000
