"""The gateway side: resuming after a drop, hand-made sanctions, leaves, bulk deletes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rules.events import Leave, ManualSanction

from . import guild as g
from .harness import running


def audit(action_type: int, actor: int, target: int, reason: str | None = None,
          changes: list | None = None) -> dict:
    return {"id": str(g.snowflake()), "user_id": str(actor), "target_id": str(target),
            "action_type": action_type, "changes": changes or [], "reason": reason,
            "guild_id": str(g.GUILD)}


async def test_the_bot_resumes_after_the_gateway_drops(tmp_path):
    async with running(tmp_path) as bot:
        await bot.post(g.ALICE, "first")
        session = bot.fake._session
        await bot.fake.drop(code=4000)
        missed = bot.fake.guild.message(g.ALICE, "you moron")   # sent while disconnected
        await bot.fake._send("MESSAGE_CREATE", missed)
        await bot.fake.connected()
        await bot.until(lambda: len(bot.fake.gateway_ops) == 2, "the RESUME")
        resume = bot.fake.gateway_ops[1]
        assert resume["op"] == 6
        assert resume["d"]["session_id"] == session
        assert resume["d"]["seq"] == 3      # READY, GUILD_CREATE, the first message
        await bot.until(lambda: any(e.id == missed["id"] for e in bot.events),
                        "the replayed message")
        await bot.post(g.BOB, "you idiot")      # and later dispatches still arrive
        assert [c.user for c in await bot.cases()] == [str(g.ALICE), str(g.BOB)]
        assert [op["op"] for op in bot.fake.gateway_ops] == [2, 6]   # no new IDENTIFY


async def test_a_ban_by_hand_becomes_a_manual_case_with_its_moderator(tmp_path):
    async with running(tmp_path) as bot:
        bot.fake.audit_entries.append(audit(22, g.MOD, g.BOB, "spamming"))
        await bot.fake.dispatch("GUILD_BAN_ADD", {"guild_id": str(g.GUILD),
                                                  "user": g.user(g.BOB)})
        await bot.until(lambda: any(isinstance(e, ManualSanction) for e in bot.events),
                        "the manual ban")
        assert await bot.core.drain(5)
        [lookup] = bot.fake.calls("GET", f"/guilds/{g.GUILD}/audit-logs")
        assert lookup.query["action_type"] == "22"
        [case] = await bot.cases()
        assert (case.action, case.rule, case.user, case.moderator, case.reason,
                case.status) == ("ban", "manual", str(g.BOB), str(g.MOD), "spamming", "done")


async def test_without_audit_log_access_the_moderator_is_unknown(tmp_path):
    guild = g.Guild()
    guild.bot_perms &= ~g.AUDIT

    async with running(tmp_path, guild=guild) as bot:
        await bot.fake.dispatch("GUILD_BAN_ADD", {"guild_id": str(g.GUILD),
                                                  "user": g.user(g.BOB)})
        await bot.until(lambda: bot.events, "the manual ban")
        assert await bot.core.drain(5)
        # no audit log request it would be refused
        assert bot.fake.calls(case_log=False) == []
        [case] = await bot.cases()
        assert (case.action, case.rule, case.moderator) == ("ban", "manual", None)


async def test_kicks_and_timeouts_by_hand_come_from_audit_log_entries(tmp_path):
    async with running(tmp_path) as bot:
        await bot.fake.dispatch("GUILD_AUDIT_LOG_ENTRY_CREATE",
                                audit(20, g.MOD, g.ALICE, "rude"))
        until = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
        await bot.fake.dispatch("GUILD_AUDIT_LOG_ENTRY_CREATE", audit(
            24, g.MOD, g.BOB, None,
            [{"key": "communication_disabled_until", "new_value": g.iso(until)}]))
        await bot.fake.dispatch("GUILD_AUDIT_LOG_ENTRY_CREATE",   # the bot's own: ignored
                                audit(20, g.BOT, g.CLOSED, "rule"))
        await bot.until(lambda: len(bot.events) >= 2, "the manual sanctions")
        await bot.post(g.ALICE, "after")
        cases = await bot.cases()
        assert [(c.action, c.user, c.moderator, c.rule) for c in cases] == [
            ("kick", str(g.ALICE), str(g.MOD), "manual"),
            ("timeout", str(g.BOB), str(g.MOD), "manual")]
        assert cases[1].expires_at == until


async def test_a_member_leaving_is_a_leave(tmp_path):
    async with running(tmp_path) as bot:
        await bot.fake.dispatch("GUILD_MEMBER_REMOVE", {"guild_id": str(g.GUILD),
                                                        "user": g.user(g.BOB)})
        await bot.until(lambda: bot.events, "the leave")
        [leave] = bot.events
        assert isinstance(leave, Leave) and leave.user.id == str(g.BOB)
        assert leave.community == f"discord:{g.GUILD}"


async def test_bulk_delete_uses_one_request_for_young_messages(tmp_path):
    async with running(tmp_path) as bot:
        community = f"discord:{g.GUILD}"
        young = [str(g.snowflake()) for _ in range(3)]
        old = str(g.snowflake(datetime.now(UTC) - timedelta(days=20)))
        await bot.adapter.delete_many(community, str(g.GENERAL), [*young, old, young[0]])
        bulk, single = bot.fake.calls()
        assert (bulk.method, bulk.path) == (
            "POST", f"/channels/{g.GENERAL}/messages/bulk-delete")
        assert bulk.body == {"messages": [int(m) for m in young]}
        assert (single.method, single.path) == (
            "DELETE", f"/channels/{g.GENERAL}/messages/{old}")
        # one young message alone cannot be bulk-deleted: a single delete
        await bot.adapter.delete_many(community, str(g.GENERAL), [young[1]])
        assert bot.fake.calls()[-1].method == "DELETE"
        # more than 100: chunks of 100
        many = [str(g.snowflake()) for _ in range(150)]
        await bot.adapter.delete_many(community, str(g.GENERAL), many)
        chunks = [c.body["messages"] for c in bot.fake.calls("POST")[1:]]
        assert [len(c) for c in chunks] == [100, 50]
