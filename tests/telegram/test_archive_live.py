"""`/archive` on Telegram through the real python-telegram-bot: with `archive: true` the
messages the bot sees are kept (an edit updates the kept text, a reply keeps what it
answers) and the archive is made from them, its two files sent with sendDocument to the log
chat; without it, a clear refusal and nothing kept."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.archive.read import read_archive

from .commanding import BOB, MOD, OWNER, command, said
from .harness import CHAT, LOG_CHAT, telegram_bot

RULES = f"""\
version: 1
name: Archived group
locale: en
timezone: Europe/Paris
log_channel: "{LOG_CHAT}"
{{archive}}
rules:
  - id: no-insults
    match: {{{{words: [moron]}}}}
    actions: [delete]
"""


def rules(archive: bool) -> str:
    return RULES.format(archive="archive: true" if archive else "")


def real_center(core):  # type: ignore[no-untyped-def]
    return core.commands


async def test_kept_messages_are_archived_and_sent_as_documents(tmp_path):
    async with telegram_bot(tmp_path, rules(True), center=real_center) as bot:
        first = said(BOB, "hello <b>all</b>\nsecond line", 700)
        await bot.send({"message": first})
        await bot.send({"message": said(MOD, "welcome Bob", 701, reply_to_message=first)})
        await bot.send({"message": said(BOB, "typo here", 702)})
        await bot.send({"edited_message": {**said(BOB, "typo fixed", 702),
                                           "edit_date": int(datetime.now(UTC).timestamp())}})
        await bot.send({"message": {**said(BOB, "", 703), "document": {
            "file_id": "f1", "file_unique_id": "u1", "file_name": "notes.pdf",
            "mime_type": "application/pdf", "file_size": 4321}}})
        await bot.send(command("/archive here", 710, OWNER))
        assert await bot.core.drain(timeout=15)

        documents = bot.fake.made("sendDocument")
        assert [d.params["chat_id"] for d in documents] == [LOG_CHAT, LOG_CHAT]
        names = [d.files["document"].filename for d in documents]
        assert [n.rsplit(".", 1)[1] for n in names] == ["json", "html"]
        assert names[0].startswith(f"telegram_{-CHAT}-Archived_group-start-now-")
        summary = [c for c in bot.fake.made("sendMessage") if c.params["chat_id"] == LOG_CHAT]
        assert "Archive of #Archived group: 4 messages" in summary[-1].params["text"]

        on_disk = sorted((tmp_path / "archives").iterdir())
        assert [f.name for f in on_disk] == sorted(names)
        data = documents[0].files["document"].data
        assert data == (tmp_path / "archives" / names[0]).read_bytes()
        archive = read_archive(data)
        texts = [(m.id, m.author.id, m.text, m.reply_to) for m in archive.messages]
        assert texts == [("700", str(BOB["id"]), "hello <b>all</b>\nsecond line", ""),
                         ("701", str(MOD["id"]), "welcome Bob", "700"),
                         ("702", str(BOB["id"]), "typo fixed", ""),
                         ("703", str(BOB["id"]), "", "")]
        assert archive.messages[2].edited_at is not None
        assert archive.messages[0].edited_at is None
        assert [(f.name, f.size) for f in archive.messages[3].attachments] == [
            ("notes.pdf", 4321)]
        html = documents[1].files["document"].data.decode("utf-8")
        assert "hello &lt;b&gt;all&lt;/b&gt;\nsecond line" in html and "<script" not in html


async def test_without_archive_true_the_archive_is_refused_and_nothing_kept(tmp_path):
    async with telegram_bot(tmp_path, rules(False), center=real_center) as bot:
        await bot.send({"message": said(BOB, "hello", 800)})
        await bot.send(command("/archive here", 801, OWNER))
        assert await bot.core.drain(timeout=15)
        assert bot.fake.made("sendDocument") == []
        answer = bot.fake.made("sendMessage")[-1].params["text"]
        assert "archive: true" in answer and "does not let bots read" in answer
        assert await bot.store.kept_messages(f"telegram:{CHAT}", str(CHAT), None, None,
                                             10) == []
        assert not (tmp_path / "archives").exists()
