"""`case`, `history`, `note`, `reason` (history kept), and the mod log's one format in en and fr."""

from __future__ import annotations

import re
import string
from datetime import timedelta

from bot.posts import LogChannel
from catalogue import EN, FR, t
from tests.runtime.harness import message

from .bench import COMMUNITY, MEMBER, MOD, bench


async def test_reason_amendments_keep_the_old_reason(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("warn", target=MEMBER, reason="rude")
        b.clock.advance(minutes=5)
        assert (await b.run("reason", case=1, text="insulted eve")).text == \
            "Reason of case #1 amended; the previous one is kept."
        [change] = await b.store.case_changes(COMMUNITY, 1)
        assert (change.kind, change.old, change.new, change.by) == (
            "reason", "rude", "insulted eve", MOD.id)
        shown = (await b.run("case", case=1)).text
        assert "Reason: insulted eve" in shown
        assert "Reason amended by 2 on 2026-11-20 10:05 UTC (was: rude)." in shown
        assert (await b.run("reason", case=9, text="x")).text == "There is no case #9 here."


async def test_history_shows_cases_notes_and_points(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("warn", target=MEMBER, reason="rude", points=2)
        assert (await b.run("note", target=MEMBER, text="watch them")).text == \
            "Note added about bob (10)."
        text = (await b.run("history", target=MEMBER)).text
        assert text.splitlines() == [
            "bob (10): 2 active warning point(s).",
            "#1 2026-11-20 10:00 UTC warn by 2 (done) — rude",
            "Note 2026-11-20 10:00 UTC by 2: watch them",
        ]


async def test_every_case_is_posted_to_the_log_channel(tmp_path):
    async with bench(tmp_path) as b:
        await b.adapter.push(message("you moron", MEMBER.id, at=b.clock()))
        assert await b.core.drain(timeout=10)
        await b.run("ban", target=MEMBER, reason="spam", duration="1d")
        b.clock.advance(days=1)
        await b.timers.fire_due()
        assert await b.core.drain(timeout=10)
        posts = b.adapter.log_posts()
        assert [p.to for p in posts] == [LogChannel("mod-log")] * 3
        auto, manual, lifted = (p.text for p in posts)
        assert auto.splitlines()[0] == "Case #1 · warn · name-10 (10)"
        assert "Rule: no-insults" in auto and "Evidence: “you moron”" in auto
        assert re.search(r"Link: https://chat\.example/fake:g1/general/m\d+", auto)
        assert manual.splitlines() == [
            "Case #2 · ban · bob (10)", "Moderator: mod (2)", "Reason: spam",
            "Duration: 1d (until 2026-11-21 10:00 UTC)"]
        assert lifted.splitlines()[0] == "Case #3 · unban · 10"


async def test_the_mod_log_in_french(tmp_path):
    async with bench(tmp_path, locale="fr") as b:
        await b.run("timeout", target=MEMBER, reason="calme", duration="10m",
                    message_id="m5", message_text="bla bla")
        [post] = b.adapter.log_posts()
        assert post.text.splitlines() == [
            "Sanction n°1 · mise en sourdine · bob (10)", "Modérateur : mod (2)",
            "Motif : calme", "Durée : 10m (jusqu'au 2026-11-20 10:10 UTC)",
            "Preuve : « bla bla »", "Lien : https://chat.example/fake:g1/general/m5"]


async def test_a_failed_post_never_fails_the_case(tmp_path):
    async with bench(tmp_path) as b:
        async def broken(community, post):
            raise RuntimeError("down")

        b.adapter.post = broken   # type: ignore[assignment]
        answer = await b.run("kick", target=MEMBER, reason="bye")
        assert answer.text == "Case #1: bob (10) kicked."
        assert [c.status for c in await b.cases()] == ["done"]


async def test_no_log_channel_means_no_post(tmp_path):
    rules = "version: 1\nname: quiet\nrules:\n  - id: r\n    match: {words: [x]}\n" \
            "    actions: [delete]\n"
    async with bench(tmp_path, rules=rules) as b:
        await b.run("kick", target=MEMBER, reason="bye")
        assert b.adapter.posts == []


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_catalogues_have_the_same_keys_and_placeholders():
    assert set(EN) == set(FR)
    assert {k: _fields(v) for k, v in EN.items()} == {k: _fields(v) for k, v in FR.items()}


def test_t_falls_back_to_english():
    assert t("de", "report.no_reason") == "(no reason given)"
    assert t("fr-CA", "report.no_reason") == "(aucun motif)"
    assert t(None, "case.not_found", number=3) == "There is no case #3 here."


async def test_no_timer_left_for_a_permanent_ban(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("ban", target=MEMBER, reason="x")
        assert await b.store.due_timers(b.clock() + timedelta(days=9999)) == []
