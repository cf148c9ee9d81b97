"""Charts in chat on Discord: a post's or an answer's image leaves as an attachment of the
message carrying the text (real discord.py against the fake Discord, every upload checked
against the spec's multipart rules); one over Discord's limit is dropped, the text sent."""

from __future__ import annotations

import logging
import struct
import zlib

import pytest

from adapters.discord.interactions import MAX_IMAGE
from bot.command_model import Answer
from bot.posts import Button, DirectMessage, Image, LogChannel, Post

from . import guild as g
from . import interactions as ix
from . import spec
from .commanding import Recorder, interact
from .harness import running

COMMUNITY = f"discord:{g.GUILD}"
LOG_MESSAGES = f"/channels/{g.MOD_LOG}/messages"
ORIGINAL = "/messages/@original"


def png(width: int = 4, height: int = 3) -> bytes:
    """A real (grey) PNG, as a chart renderer would write one."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


CHART = Image("report-2026-11-01.png", png())


def logged(caplog, capsys) -> str:
    out = capsys.readouterr()
    return out.out + out.err + caplog.text


async def test_a_post_with_a_chart_reaches_the_log_channel_as_one_upload(tmp_path):
    report = Button("Details", "stats", {"period": "7d"})
    async with running(tmp_path, center=Recorder()) as bot:
        text = f"Weekly report: 12 cases, <@{g.ALICE}> most warned @everyone"
        await bot.adapter.post(COMMUNITY, Post(LogChannel("mod-log"), text, (report,),
                                               image=CHART))
        [sent] = bot.fake.calls("POST", LOG_MESSAGES)
        assert sent.parts == ("payload_json", "files[0]")
        assert sent.files == {"report-2026-11-01.png": CHART.data}
        assert sent.body["content"] == text
        assert sent.body["allowed_mentions"] == {"parse": []}
        assert sent.body["attachments"] == [{"id": 0, "filename": "report-2026-11-01.png"}]
        assert [b["label"] for row in sent.body["components"] for b in row["components"]] == [
            "Details"]


async def test_a_post_to_a_member_carries_its_chart_in_the_dm(tmp_path):
    async with running(tmp_path, center=Recorder()) as bot:
        await bot.adapter.post(COMMUNITY, Post(DirectMessage(str(g.BOB)), "Your month",
                                               image=CHART))
        [dm] = [c for c in bot.fake.calls("POST", "/channels/") if c.path.endswith(
            "/messages")]
        assert dm.path != LOG_MESSAGES
        assert (dm.body["content"], dm.files) == ("Your month", {CHART.name: CHART.data})


async def test_a_private_answer_with_a_chart_edits_the_ephemeral_placeholder(tmp_path):
    recorder = Recorder(Answer("Last 7 days: 3 warns, 1 ban.", image=CHART))
    async with running(tmp_path, center=recorder) as bot:
        callback, answer = await interact(bot, ix.command(bot.fake, "rules show"))
        assert callback.body == {"type": 5, "data": {"flags": 64}}   # ephemeral, deferred
        assert (answer.method, answer.path.endswith(ORIGINAL)) == ("PATCH", True)
        assert answer.parts == ("payload_json", "files[0]")
        assert answer.files == {CHART.name: CHART.data}
        assert answer.body["content"] == "Last 7 days: 3 warns, 1 ban."
        assert answer.body["attachments"] == [{"id": 0, "filename": CHART.name}]
        assert bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages") == []


async def test_a_public_answer_with_a_chart_is_posted_in_the_channel(tmp_path):
    recorder = Recorder(Answer("This week in the server", private=False, image=CHART))
    async with running(tmp_path, center=recorder) as bot:
        _, removed = await interact(bot, ix.command(bot.fake, "rules show"))
        [posted] = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages")
        assert (posted.body["content"], posted.files) == ("This week in the server",
                                                          {CHART.name: CHART.data})
        assert (removed.method, removed.path.endswith(ORIGINAL)) == ("DELETE", True)


async def test_a_chart_over_discords_limit_is_dropped_and_the_text_still_goes(
        tmp_path, caplog, capsys):
    caplog.set_level(logging.WARNING)
    huge = Image("huge.png", b"\x89PNG" + bytes(MAX_IMAGE - 3))
    recorder = Recorder(Answer("Summary without its chart", image=huge))
    async with running(tmp_path, center=recorder) as bot:
        _, answer = await interact(bot, ix.command(bot.fake, "rules show"))
        assert answer.parts is None and answer.files == {}
        assert answer.body["content"] == "Summary without its chart"
        assert "attachments" not in answer.body
        await bot.adapter.post(COMMUNITY, Post(LogChannel("mod-log"), "Weekly", image=huge))
        [sent] = bot.fake.calls("POST", LOG_MESSAGES)
        assert (sent.parts, sent.body["content"]) == (None, "Weekly")
        just_fits = Image("fits.png", bytes(MAX_IMAGE))
        await bot.adapter.post(COMMUNITY, Post(LogChannel("mod-log"), "Fits",
                                               image=just_fits))
        assert len(bot.fake.calls("POST", LOG_MESSAGES)[-1].files["fits.png"]) == MAX_IMAGE
    text = logged(caplog, capsys)
    assert text.count("discord_image_too_large") == 2
    assert "Summary without its chart" not in text      # message texts stay out of logs


MESSAGES = f"/channels/{g.MOD_LOG}/messages"
ATTACHED = {"content": "x", "attachments": [{"id": 0, "filename": "a.png"}]}


@pytest.mark.parametrize(("method", "path", "parts", "body", "expected"), [
    ("POST", MESSAGES, ("payload_json", "files[0]", "file"), ATTACHED,
     "unknown multipart part 'file'"),
    ("POST", MESSAGES, ("payload_json", "files[10]"), ATTACHED, "unknown multipart part"),
    ("POST", MESSAGES, ("payload_json", "files[0]"), {"content": "x"},
     "files[0] has no attachments entry with id 0"),
    ("POST", MESSAGES, ("files[0]",), None, "no payload_json part"),
    ("DELETE", f"{MESSAGES}/1573492326343376909", ("payload_json", "files[0]"), ATTACHED,
     "takes no multipart body"),
    ("POST", MESSAGES, ("payload_json", "files[0]"),
     {**ATTACHED, "flagz": 64}, "unknown body key 'flagz'"),
])
def test_the_spec_check_reads_uploads(method, path, parts, body, expected):
    assert spec.problems("POST", MESSAGES, {}, ATTACHED, ("payload_json", "files[0]")) == []
    found = spec.problems(method, path, {}, body, parts)
    assert any(expected in p for p in found), found
