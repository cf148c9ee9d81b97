"""Archive files without a platform: safe file names, the page's escaping, the reader's
refusals, and kept messages in SQLite (an edit updates, a second write adds nothing)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.archive import dce, webpage
from bot.archive.read import ArchiveError, read_archive
from bot.archive.service import safe
from bot.history import Author, ChannelInfo, PastMessage
from catalogue import t
from storage.archives import KeptMessage
from storage.sqlite import SQLiteStore

AT = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
CHANNEL = ChannelInfo("42", "../../etc/passwd <x>", "7", "Server")


def test_names_from_channels_cannot_leave_the_archives_directory():
    assert safe("../../etc/passwd") == "etc_passwd"
    assert "/" not in safe("a/b\\c") and "." not in safe("..")
    assert safe("") == "x"


def test_the_page_escapes_every_text_and_holds_no_script():
    hostile = PastMessage("1", AT, Author("9", "<img src=x onerror=alert(1)>"),
                          "<script>alert(1)</script>")
    html = webpage.page(CHANNEL, [hostile], None, None, AT, "Europe/Paris",
                        lambda key, **v: t("en", key, **v))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "10:30:00" in html   # Paris time


def test_the_reader_says_what_is_wrong():
    good = dce.export(CHANNEL, [PastMessage("1", AT, Author("9", "bob"), "hi")], None, None,
                      AT)
    assert read_archive(dce.dumps(good)).messages[0].text == "hi"
    good["messages"][0]["timestamp"] = "yesterday"
    with pytest.raises(ArchiveError, match=r"messages\[0\].timestamp"):
        read_archive(dce.dumps(good))
    with pytest.raises(ArchiveError, match="not JSON"):
        read_archive(b"{")


async def test_kept_messages_are_upserted_in_batches(tmp_path):
    store = SQLiteStore(tmp_path / "gardien.db")
    await store.open()
    try:
        first = KeptMessage("telegram:-1", "-1", "5", "9", AT, "bob", text="typo")
        await store.keep_messages([first, KeptMessage("telegram:-1", "-1", "6", "9",
                                                      AT + timedelta(minutes=1))])
        edit = KeptMessage("telegram:-1", "-1", "5", "9", AT + timedelta(hours=1), "bob",
                           text="fixed", edited_at=AT + timedelta(hours=1))
        await store.keep_messages([edit, edit])
        kept = await store.kept_messages("telegram:-1", "-1", None, None, 10)
        assert [(k.message_id, k.text, k.at) for k in kept] == [("5", "fixed", AT),
                                                                 ("6", "", kept[1].at)]
        assert kept[0].edited_at == AT + timedelta(hours=1)
        assert await store.kept_messages("telegram:-1", "-1", AT + timedelta(seconds=1),
                                         None, 10) == kept[1:]
    finally:
        await store.close()
