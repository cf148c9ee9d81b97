"""A round's hits posted as one digest through the real adapters, against the fake Discord
and the fake Telegram Bot API, with the core `build_core` wires (`core.feeds`)."""

from __future__ import annotations

from tests.discord import guild as g
from tests.discord.harness import running
from tests.telegram.harness import CHAT, LOG_CHAT, telegram_bot, text_message

from .feedserver import Item, feed_server, fetcher, rss
from .rulefiles import watch_rules

NEWS = [Item(f"Acme story {n}", summary="about acme cloud" if n % 2 else "",
             link=f"http://news.invalid/{n}", guid=str(n)) for n in range(12)]


async def test_discord_digest_goes_to_the_watch_alert_channel(tmp_path):
    async with feed_server() as server, fetcher() as client:
        url = server.url("/rss")
        server.publish("/rss", rss([Item("old", guid="old")]))
        rules = watch_rules([(url, "1m")], alert="general")
        async with running(tmp_path, rules) as bot:
            await bot.post(g.ALICE, "hello there")   # the community becomes known
            await bot.core.insight.flush()
            first = await bot.core.feeds.poll(client, force=True)
            assert [p.failure for p in first.polled] == [None]
            before = len(bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages"))
            server.publish("/rss", rss([*NEWS, Item("old", guid="old"),
                                        Item("Unrelated", guid="u")]))
            second = await bot.core.feeds.poll(client, force=True)
            assert len(second.polled[0].hits) == 12
            assert await bot.core.drain(timeout=5)
            posts = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages")[before:]
            assert len(posts) == 1                  # one digest for the round
            text = posts[0].body["content"]
            assert text.startswith("Feed watch: new items that mention watched terms (12)")
            assert "• Acme story 0 (127.0.0.1)" in text and "http://news.invalid/0" in text
            assert "terms: Acme, acme cloud; sentiment " in text
            assert text.rstrip().endswith("…and 2 more") and len(text) <= 2000
            assert "Acme story 10" not in text
            assert bot.fake.calls("POST", f"/channels/{g.MOD_LOG}/messages") == []


async def test_telegram_digest_goes_to_the_log_channel_in_the_rule_files_language(tmp_path):
    async with feed_server() as server, fetcher() as client:
        url = server.url("/feed")
        server.publish("/feed", rss([]))
        rules = watch_rules([(url, "1m")], log_channel=str(LOG_CHAT), locale="fr")
        async with telegram_bot(tmp_path, rules) as bot:
            await bot.send(text_message("bonjour", 501))
            await bot.core.insight.flush()
            await bot.core.feeds.poll(client, force=True)
            server.publish("/feed", rss([Item("Acme & Co > others", summary="<b>acme</b>",
                                              link="http://n/1", guid="1")]))
            result = await bot.core.feeds.poll(client, force=True)
            assert [h.community for p in result.polled for h in p.hits] == [
                f"telegram:{CHAT}"]
            assert await bot.core.drain(timeout=5)
            sent = [c.params for c in bot.fake.made("sendMessage")
                    if str(c.params["chat_id"]) == str(LOG_CHAT)]
            assert len(sent) == 1
            text = sent[0]["text"]
            assert "Veille des flux : nouveaux articles" in text
            assert "Acme &amp; Co &gt; others" in text   # the adapter escapes for HTML
            assert "termes : Acme" in text and "http://n/1" in text
