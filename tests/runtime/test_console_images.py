"""The console shows no pictures: a post's or an answer's image (a chart) is one line that
names it and its size, after the text."""

from __future__ import annotations

import io

from adapters.console import COMMUNITY, ConsoleAdapter
from bot.command_model import Answer, Invocation
from bot.commands.registry import COMMANDS
from bot.posts import Image, LogChannel, Post

CHART = Image("report-2026-11-01.png", b"\x89PNG\r\n\x1a\n" + bytes(1200))


class Charting:
    """A command center whose every answer carries the chart."""

    def __init__(self) -> None:
        self.invocations: list[Invocation] = []

    def specs(self):
        return COMMANDS

    async def invoke(self, invocation: Invocation) -> Answer:
        self.invocations.append(invocation)
        return Answer("Verified.", image=CHART)


async def test_a_post_with_a_chart_prints_the_text_then_a_placeholder():
    out = io.StringIO()
    console = ConsoleAdapter(io.StringIO(""), out)
    await console.post(COMMUNITY, Post(LogChannel("mod-log"), "Weekly report\n12 cases",
                                       image=CHART))
    await console.post(COMMUNITY, Post(LogChannel("mod-log"), "No chart"))
    assert out.getvalue().splitlines() == [
        "post to log:mod-log: Weekly report | 12 cases",
        "[chart: report-2026-11-01.png, 1208 bytes]",
        "post to log:mod-log: No chart",
    ]


async def test_an_answer_with_a_chart_prints_the_placeholder_after_it():
    out = io.StringIO()
    console = ConsoleAdapter(io.StringIO("/verify bob\n"), out)
    center = Charting()
    console.attach_commands(center)

    async def sink(event) -> None:
        raise AssertionError(f"no event expected, got {event}")

    await console.start(sink)
    assert [i.command for i in center.invocations] == ["verify"]
    assert out.getvalue().splitlines() == [
        "answer to bob: Verified.", "[chart: report-2026-11-01.png, 1208 bytes]"]
