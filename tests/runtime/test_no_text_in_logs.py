"""Message texts never reach the logs at info or above: a unique marker in every kind of
message (plain, sanctioned, watched, an FAQ answer, a crisis) is absent from every log
event the core writes, and the decision log's evidence is cut short."""

from __future__ import annotations

import json

import structlog

from .fakes import FakeClock
from .harness import running

MARKER = "zq7marker"
RULES = """\
version: 1
name: Logs
log_channel: mod-log
watch:
  terms: [Acme]
crisis: {window: 10m, negative: 3, factor: 2}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1, reason: insult}}]
  - id: faq
    match: {words: ["how do i report"]}
    actions: [{reply: "Use /report."}]
"""


async def test_no_message_text_in_any_log_event_at_info_or_above(tmp_path) -> None:
    clock = FakeClock()
    texts = [f"hello {MARKER} everyone", f"you moron {MARKER}",
             f"Acme is awful, I hate it {MARKER}", f"how do I report {MARKER}?",
             f"the worst, awful, I hate this {MARKER}", f"terrible and awful {MARKER}"]
    with structlog.testing.capture_logs() as logs:
        async with running(tmp_path, RULES, clock=clock) as bot:
            await bot.core.watch.start()
            for n, text in enumerate(texts):
                await bot.send(text, f"u{n}")
                clock.advance(seconds=5)
            assert await bot.drain()
            assert bot.adapter.kinds().count("delete") == 1     # the rules did run
    seen = [entry for entry in logs if entry.get("log_level") in ("info", "warning", "error",
                                                                 "critical")]
    assert any(entry["event"] == "decision" for entry in seen)
    assert any(entry["event"] == "watch_hit" for entry in seen)
    leaked = [entry for entry in seen if MARKER in json.dumps(entry, default=str)]
    assert leaked == []
    for entry in seen:
        if entry["event"] == "decision":
            assert all(len(str(v)) <= 40 for v in entry["evidence"].values())
