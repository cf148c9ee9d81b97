"""`/archive` on Discord through the real discord.py against the fake Discord: a channel's
1,000 messages read page by page (a 429 in the middle waited out), written as a
DiscordChatExporter JSON file and an HTML page under archives/, posted to the mod log, and
the JSON read back equal to what Discord served; days bound it in the community's
timezone; refusals worded in the moderator's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.archive.read import read_archive

from . import guild as g
from . import interactions as ix
from .commanding import interact
from .harness import running

RULES = """\
version: 1
name: Archives
locale: {locale}
timezone: Europe/Paris
{log}
rules:
  - id: no-insults
    match: {{words: [moron]}}
    actions: [delete]
"""
HISTORY_PATH = f"/channels/{g.GENERAL}/messages"
LOG_PATH = f"/channels/{g.MOD_LOG}/messages"
START = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)   # 21:00 in Paris (UTC+1 in March)
HELPER_BOT = g.snowflake(datetime(2022, 5, 1, tzinfo=UTC))


def rules(*, locale: str = "en", log: bool = True) -> str:
    return RULES.format(locale=locale, log="log_channel: mod-log" if log else "")


def channel_history(guild: g.Guild, count: int = 1000) -> list[dict[str, Any]]:
    """`count` messages a minute apart from START, oldest first: replies, edits, files,
    mentions, a bot's messages, a text that is HTML."""
    made: list[dict[str, Any]] = []
    for n in range(count):
        at = START + timedelta(minutes=n)
        author = (g.ALICE, g.BOB, g.MOD, HELPER_BOT)[n % 4]
        text = f"message {n}\nsecond line" if n % 7 == 0 else f"message {n}"
        if n == 500:
            text = "<script>alert(1)</script> & <b>bold</b>"
        message = guild.message(author, text, message_id=g.snowflake(at),
                                mentions=(g.BOB,) if n % 11 == 0 else (),
                                attachments=((f"photo{n}.png", 1000 + n),) if n % 13 == 0
                                else ())
        if author == HELPER_BOT:
            message["author"] = {**g.user(HELPER_BOT, bot=True), "username": "helperbot"}
            message.pop("member")
        if n % 17 == 0:
            message["edited_timestamp"] = g.iso(at + timedelta(seconds=30))
        if n % 5 == 0 and n:
            answered = made[n - 3]
            message["type"] = 19
            message["message_reference"] = {"type": 0, "message_id": answered["id"],
                                            "channel_id": str(g.GENERAL),
                                            "guild_id": str(guild.id)}
        made.append(message)
    return made


def served(bot, count: int = 1000) -> list[dict[str, Any]]:
    messages = channel_history(bot.fake.guild, count)
    bot.fake.history[g.GENERAL] = list(reversed(messages))   # the fake keeps newest first
    return messages


async def archived(bot, options: dict[str, Any], *, locale: str = "en-US"):
    """Ask for an archive; (the moderator's answer, the mod-log post with the files)."""
    _, answer = await interact(bot, ix.command(bot.fake, "archive", options, locale=locale,
                                                 user=g.OWNER))
    await bot.until(lambda: any(c.files for c in bot.fake.calls("POST", LOG_PATH)),
                    "the archive in the mod log", timeout=30)
    assert await bot.core.drain(timeout=10)
    [post] = [c for c in bot.fake.calls("POST", LOG_PATH) if c.files]
    return answer, post


def ms(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).replace(microsecond=0) if text else None


async def test_a_thousand_messages_are_paged_archived_posted_and_read_back(tmp_path):
    async with running(tmp_path, rules(), center=lambda bot: bot.core.commands) as bot:
        messages = served(bot)
        bot.fake.rate_limit("GET", HISTORY_PATH, 0.3, skip=4)   # the fifth page: a 429
        answer, post = await archived(bot, {"channel": "general"})
        assert answer.body["content"] == ("Archiving #general… The files will be posted to "
                                          "the log channel.")

        pages = bot.fake.calls("GET", HISTORY_PATH)
        assert [p.status for p in pages] == [200] * 4 + [429] + [200] * 7
        assert all(p.query["limit"] == "100" for p in pages)
        assert pages[0].query["after"] == "0"   # from the very beginning
        # each page starts after the newest message of the one before, 100 a page; the
        # eleventh comes back empty and ends the reading (and the 429's page was asked again)
        answered = [p for p in pages if p.status == 200]
        assert [p.query["after"] for p in answered[1:]] == [
            messages[100 * k - 1]["id"] for k in range(1, 11)]
        assert pages[4].query == pages[5].query

        files = sorted((tmp_path / "archives").iterdir())
        assert [f.suffix for f in files] == [".html", ".json"]
        assert files[0].stem == files[1].stem
        assert files[1].name.startswith(f"discord_{g.GUILD}-general-start-now-")
        assert post.files == {f.name: f.read_bytes() for f in files}
        content = post.body["content"]
        assert content.startswith("Archive of #general: 1000 messages, from 2026-03-10 21:00 "
                                  "to 2026-03-11 13:39 (Europe/Paris).")

        archive = read_archive(files[1].read_bytes())
        assert (archive.channel.id, archive.channel.name) == (str(g.GENERAL), "general")
        assert archive.channel.community_id == str(g.GUILD)
        assert len(archive.messages) == 1000
        for got, sent in zip(archive.messages, messages, strict=True):
            assert got.id == sent["id"]
            assert got.author.id == sent["author"]["id"]
            assert got.author.name == sent["author"]["username"]
            assert got.author.bot == bool(sent["author"].get("bot"))
            assert got.text == sent["content"]
            assert got.at == datetime.fromisoformat(sent["timestamp"])
            assert got.edited_at == ms(sent["edited_timestamp"])
            assert got.reply_to == sent.get("message_reference", {}).get("message_id", "")
            assert [(f.name, f.size) for f in got.attachments] == [
                (a["filename"], a["size"]) for a in sent["attachments"]]
            assert [m.id for m in got.mentions] == [m["id"] for m in sent["mentions"]]
        assert sum(m.author.bot for m in archive.messages) == 250
        assert sum(bool(m.reply_to) for m in archive.messages) == 199

        html = files[0].read_text("utf-8")
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
        assert "http" not in html.replace("http-equiv", "")   # nothing fetched
        assert "2026-03-10 21:00:00" in html                  # Paris time, not UTC


async def test_days_bound_the_archive_in_the_communitys_timezone(tmp_path):
    async with running(tmp_path, rules(), center=lambda bot: bot.core.commands) as bot:
        messages = served(bot)
        _, post = await archived(bot, {"channel": f"<#{g.GENERAL}>", "from": "2026-03-11",
                                       "to": "2026-03-12"})
        [json_name] = [name for name in post.files if name.endswith(".json")]
        assert "-general-2026-03-11-2026-03-12-" in json_name
        archive = read_archive(post.files[json_name])
        # 2026-03-11 in Paris began at 23:00 UTC on the 10th: message 180, not 240
        assert [m.id for m in archive.messages] == [m["id"] for m in messages[180:]]
        assert archive.after == datetime(2026, 3, 10, 23, 0, tzinfo=UTC)
        assert archive.before == datetime(2026, 3, 11, 23, 0, tzinfo=UTC)
        first = bot.fake.calls("GET", HISTORY_PATH)[0]
        assert int(first.query["after"]) < int(messages[180]["id"])


async def test_without_a_log_channel_the_archive_is_refused(tmp_path):
    async with running(tmp_path, rules(log=False), center=lambda bot: bot.core.commands) as bot:
        served(bot, 10)
        _, answer = await interact(bot, ix.command(bot.fake, "archive", {"channel": "general"},
                                                   user=g.OWNER))
        assert "no log_channel" in answer.body["content"]
        assert bot.fake.calls("GET", HISTORY_PATH) == []
        assert not (tmp_path / "archives").exists()


async def test_without_read_message_history_the_refusal_is_in_french(tmp_path):
    guild = g.Guild()
    guild.bot_perms &= ~g.HISTORY
    guild.role_permissions[guild.id] = g.EVERYONE_PERMS & ~g.HISTORY
    async with running(tmp_path, rules(locale="fr"), guild=guild,
                       center=lambda bot: bot.core.commands) as bot:
        served(bot, 10)
        _, answer = await interact(bot, ix.command(bot.fake, "archive", {"channel": "general"},
                                                   locale="fr", user=g.OWNER))
        text = answer.body["content"]
        assert text.startswith("Pas d'archive : ")
        assert "Voir les anciens messages" in text and "general" in text
        assert bot.fake.calls("GET", HISTORY_PATH) == []
        _, unknown = await interact(bot, ix.command(bot.fake, "archive", {"channel": "nowhere"},
                                                    locale="fr", user=g.OWNER))
        assert unknown.body["content"].startswith("Pas d'archive : ")
        assert "nowhere" in unknown.body["content"]
        _, bad = await interact(bot, ix.command(bot.fake, "archive",
                                                {"channel": "general", "from": "11/03/2026"},
                                                locale="fr", user=g.OWNER))
        assert "AAAA-MM-JJ" in bad.body["content"]
