"""Raids and spam bursts through `gardien run` against both local platform fakes; prints
its figures.

    python bench/live_raid.py [--platform discord|telegram|both] [--raiders 200]
                              [--spam 200] [--within 3]

Each scenario starts the local fake of the platform (tests/discord/fake.py,
tests/telegram/fake.py: the real wire protocols, no artificial limits unless a
scenario programs them), runs `gardien run` as a real process on it, and reads
what the fake received:

- raid with `lock`: `--raiders` joins within `--within` seconds; time from the first
  join to the lock call, and until every raider is restricted; requests per join;
- raid with `action: ban`: the same, counting bans (Discord: bulk bans);
- spam burst: `--spam` messages that a rule deletes; time until all are deleted, and
  how many delete requests that took;
- SIGTERM with a full queue: every restriction answered 429 (retry_after 30 s), the
  raid under way, then SIGTERM: seconds until the process exits; then a restart with
  the platform answering again: every raider restricted, one case each.

Targets (issue 12): lock call within 1 s of detection; 200 raiders restricted within
15 s; 200 spam messages deleted within 15 s; exit within 10 s of SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.discord import guild as g  # noqa: E402
from tests.discord.fake import FakeDiscord  # noqa: E402
from tests.telegram.fake import FakeBotAPI  # noqa: E402

DISCORD_TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.fake.benchmark-token-not-real-0000000"
TELEGRAM_TOKEN = "7000000001:AAE-fakeTokenForGardienBench_0123456789xy"
CHAT = -1001234567890
LOG_CHAT = -1001111111111
WAIT = 60.0
DETECTING_JOIN = 10   # RULES: raid joins

RULES = """\
version: 1
name: Raid bench
log_channel: "{log}"
raid: {{joins: 10, within: 10s, lockdown: 15m, action: {action}, lock: true}}
rules:
  - id: spam
    match: {{words: [buyfollowersnow]}}
    actions: [delete]
"""


class Side(Protocol):
    """One platform's fake, as the scenarios drive and read it."""

    name: str

    async def start(self) -> None: ...
    async def close(self) -> None: ...
    def config(self) -> str: ...
    def env(self) -> dict[str, str]: ...
    async def connected(self) -> None: ...
    async def join(self, user: int) -> None: ...
    async def spam(self, user: int, n: int) -> str: ...
    def locked_at(self) -> float | None: ...
    def sanctioned(self) -> dict[int, float]: ...          # user -> first restriction time
    def deleted(self) -> dict[str, float]: ...             # message id -> time
    def requests(self, since: float) -> int: ...
    def delete_requests(self, since: float) -> int: ...
    def bulk_bans(self, since: float) -> int: ...
    def block_sanctions(self, users: list[int]) -> None: ...
    def unblock(self) -> None: ...


class DiscordSide:
    name = "discord"

    def __init__(self) -> None:
        guild = g.Guild()
        guild.bot_perms |= g.MANAGE_GUILD   # the lock pauses invites; bans go in bulk
        self.fake = FakeDiscord(DISCORD_TOKEN, guild)
        self._blocked: list[tuple[str, str]] = []

    async def start(self) -> None:
        await self.fake.start()

    async def close(self) -> None:
        await self.fake.close()

    def config(self) -> str:
        return ("  discord:\n    token: ${DISCORD_TOKEN}\n"
                f"    api_base: {self.fake.api_base}\n    gateway: {self.fake.gateway}\n")

    def env(self) -> dict[str, str]:
        return {"DISCORD_TOKEN": DISCORD_TOKEN}

    async def connected(self) -> None:
        """The gateway is up and the bot ready (its servers in: it syncs its commands)."""
        await self.fake.connected(timeout=WAIT)
        await until(lambda: bool(self.fake.calls("PUT", f"/applications/{g.APP}/commands")))

    async def join(self, user: int) -> None:
        at = datetime.now(UTC)
        self.fake.guild.members[user] = ([], at)
        payload = {**g.member(user, [], at), "guild_id": str(g.GUILD)}
        await self.fake.dispatch("GUILD_MEMBER_ADD", payload)

    async def spam(self, user: int, n: int) -> str:
        message = self.fake.guild.message(user, f"buyfollowersnow {n}")
        await self.fake.dispatch("MESSAGE_CREATE", message)
        return str(message["id"])

    def locked_at(self) -> float | None:
        role = f"/guilds/{g.GUILD}/roles/{g.GUILD}"
        calls = [c.at for c in self.fake.calls("PATCH") if c.path == role]
        return calls[0] if calls else None

    def sanctioned(self) -> dict[int, float]:
        out: dict[int, float] = {}
        member = f"/guilds/{g.GUILD}/members/"
        bans = f"/guilds/{g.GUILD}/bans/"
        for c in self.fake.calls():
            users: list[int] = []
            timed_out = (c.method == "PATCH" and c.path.startswith(member)
                         and isinstance(c.body, dict)
                         and bool(c.body.get("communication_disabled_until")))
            if timed_out or (c.method == "PUT" and c.path.startswith(bans)):
                users = [int(c.path.rsplit("/", 1)[1])]
            elif c.method == "POST" and c.path.endswith("/bulk-ban") and isinstance(c.body, dict):
                users = [int(u) for u in c.body.get("user_ids", [])]
            for u in users:
                out.setdefault(u, c.at)
        return out

    def deleted(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for c in self.fake.calls():
            if c.method == "DELETE" and "/messages/" in c.path:
                out.setdefault(c.path.rsplit("/", 1)[1], c.at)
            elif c.method == "POST" and c.path.endswith("/bulk-delete") \
                    and isinstance(c.body, dict):
                for m in c.body.get("messages", []):
                    out.setdefault(str(m), c.at)
        return out

    def requests(self, since: float) -> int:
        return len([c for c in self.fake.calls() if c.at >= since])

    def delete_requests(self, since: float) -> int:
        return len([c for c in self.fake.calls() if c.at >= since and (
            (c.method == "DELETE" and "/messages/" in c.path)
            or c.path.endswith("/bulk-delete"))])

    def bulk_bans(self, since: float) -> int:
        return len([c for c in self.fake.calls() if c.at >= since
                    and c.path.endswith("/bulk-ban")])

    def block_sanctions(self, users: list[int]) -> None:
        """Every raider's timeout answered 429 with retry_after 30 s (discord.py waits)."""
        self._blocked = [("PATCH", f"/guilds/{g.GUILD}/members/{u}") for u in users]
        for method, path in self._blocked:
            self.fake.respond(method, path, 429, {
                "message": "You are being rate limited.", "retry_after": 30.0,
                "global": False, "code": 0}, headers={
                "Retry-After": "30", "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + 30:.3f}",
                "X-RateLimit-Reset-After": "30.000", "X-RateLimit-Bucket": "bench",
                "X-RateLimit-Scope": "user", "Via": "1.1 google"}, times=None)

    def unblock(self) -> None:
        for key in self._blocked:
            self.fake._canned.pop(key, None)


class TelegramSide:
    name = "telegram"

    def __init__(self) -> None:
        self.fake = FakeBotAPI(TELEGRAM_TOKEN)
        self.fake.admins[CHAT] = json.loads(
            (ROOT / "tests/telegram/payloads/chat_administrators.json").read_text("utf-8"))
        self._ids = iter(range(1_000, 10_000_000))

    async def start(self) -> None:
        await self.fake.start()

    async def close(self) -> None:
        await self.fake.close()

    def config(self) -> str:
        return f"  telegram:\n    token: ${{TELEGRAM_TOKEN}}\n    base_url: {self.fake.base_url}\n"

    def env(self) -> dict[str, str]:
        return {"TELEGRAM_TOKEN": TELEGRAM_TOKEN}

    async def connected(self) -> None:
        deadline = time.monotonic() + WAIT
        while not self.fake.made("getUpdates"):
            if time.monotonic() > deadline:
                raise SystemExit("telegram: the bot never polled")
            await asyncio.sleep(0.05)

    def _user(self, user: int) -> dict[str, Any]:
        return {"id": user, "is_bot": False, "first_name": f"raider{user}"}

    async def join(self, user: int) -> None:
        person = self._user(user)
        await self.fake.push({"chat_member": {
            "chat": {"id": CHAT, "title": "Bench group", "type": "supergroup"},
            "from": person, "date": int(time.time()),
            "old_chat_member": {"user": person, "status": "left"},
            "new_chat_member": {"user": person, "status": "member"}}})

    async def spam(self, user: int, n: int) -> str:
        message_id = next(self._ids)
        await self.fake.push({"message": {
            "message_id": message_id, "date": int(time.time()),
            "chat": {"id": CHAT, "title": "Bench group", "type": "supergroup"},
            "from": self._user(user), "text": f"buyfollowersnow {n}"}})
        return str(message_id)

    def locked_at(self) -> float | None:
        calls = self.fake.made("setChatPermissions")
        return calls[0].at if calls else None

    def sanctioned(self) -> dict[int, float]:
        out: dict[int, float] = {}
        for c in self.fake.made("restrictChatMember", "banChatMember"):
            out.setdefault(int(c.params["user_id"]), c.at)
        return out

    def deleted(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for c in self.fake.made("deleteMessage", "deleteMessages"):
            ids = c.params.get("message_ids") or [c.params.get("message_id")]
            for m in ids:
                out.setdefault(str(m), c.at)
        return out

    def requests(self, since: float) -> int:
        return len([c for c in self.fake.calls if c.at >= since and c.method != "getUpdates"])

    def delete_requests(self, since: float) -> int:
        return len([c for c in self.fake.made("deleteMessage", "deleteMessages")
                    if c.at >= since])

    def bulk_bans(self, since: float) -> int:
        return 0   # Telegram has no bulk ban

    def block_sanctions(self, users: list[int]) -> None:
        self.fake.fail("restrictChatMember", 429, "Too Many Requests: retry after 30",
                       times=None, retry_after=30)

    def unblock(self) -> None:
        self.fake._answers.pop("restrictChatMember", None)


@dataclass
class Bot:
    process: asyncio.subprocess.Process
    log: Path


async def launch(side: Side, workdir: Path, action: str) -> Bot:
    rules = workdir / "rules.yaml"
    log_channel = g.MOD_LOG if side.name == "discord" else LOG_CHAT
    rules.write_text(RULES.format(log=log_channel, action=action), encoding="utf-8")
    config = workdir / "gardien.yaml"
    config.write_text("storage: gardien.db\nrules: {default: rules.yaml}\nplatforms:\n"
                      + side.config() + "log: {format: json, level: warning}\n", "utf-8")
    log = workdir / f"gardien-{time.monotonic_ns()}.log"
    with log.open("wb") as stderr:   # the child keeps its own copy of the descriptor
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gardien", "run", "--config", str(config),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
            env={**os.environ, **side.env()}, cwd=str(ROOT))
    await side.connected()
    await asyncio.sleep(0.5)   # start-up chores done
    return Bot(process, log)


async def stop(bot: Bot) -> float:
    """SIGTERM; seconds until the process exited (killed after 30 s)."""
    bot.process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    try:
        await asyncio.wait_for(bot.process.wait(), timeout=30)
    except TimeoutError:
        bot.process.kill()
        await bot.process.wait()
        return float("inf")
    return time.monotonic() - started


async def until(check: Callable[[], bool], timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


def cases(workdir: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "gardien", "cases", "--config",
                           str(workdir / "gardien.yaml"), "--json"], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **env}, cwd=str(ROOT))
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


async def raid(make: Callable[[], Side], raiders: int, within: float, action: str) -> None:
    side = make()
    await side.start()
    with tempfile.TemporaryDirectory() as tmp:
        bot = await launch(side, Path(tmp), action)
        users = [g.snowflake() if side.name == "discord" else 8_000_000 + n
                 for n in range(raiders)]
        first = time.monotonic()
        pushed: list[float] = []
        for user in users:
            await side.join(user)
            pushed.append(time.monotonic())
            await asyncio.sleep(within / raiders)
        everyone = await until(lambda: set(users) <= set(side.sanctioned()))
        sanctioned = side.sanctioned()
        last = max((sanctioned[u] for u in users if u in sanctioned), default=first)
        locked = side.locked_at()
        requests = side.requests(first)
        bulk = side.bulk_bans(first)
        exit_s = await stop(bot)
        await side.close()
    # the rule file detects 10 joins within 10 s: the 10th join is the detection
    detected = pushed[min(DETECTING_JOIN, len(pushed)) - 1]
    print(f"{side.name:8} raid {action:7}: {len(set(users) & set(sanctioned))}/{raiders} "
          f"raiders {'banned' if action == 'ban' else 'restricted'} in "
          f"{last - first:.2f} s{'' if everyone else ' (NOT ALL)'}; lock call "
          f"{'none' if locked is None else f'{locked - detected:.2f} s after detection'}"
          f"; {requests / raiders:.2f} requests per join"
          + (f"; {bulk} bulk-ban requests" if bulk else "") + f"; exit {exit_s:.2f} s")


async def burst(make: Callable[[], Side], messages: int) -> None:
    side = make()
    await side.start()
    with tempfile.TemporaryDirectory() as tmp:
        bot = await launch(side, Path(tmp), "timeout")
        spammer = g.ALICE if side.name == "discord" else 5551001
        first = time.monotonic()
        ids = [await side.spam(spammer, n) for n in range(messages)]
        everything = await until(lambda: set(ids) <= set(side.deleted()))
        deleted = side.deleted()
        last = max((deleted[i] for i in ids if i in deleted), default=first)
        requests = side.delete_requests(first)
        exit_s = await stop(bot)
        await side.close()
    print(f"{side.name:8} spam burst: {len(set(ids) & set(deleted))}/{messages} deleted in "
          f"{last - first:.2f} s{'' if everything else ' (NOT ALL)'} with {requests} delete "
          f"requests; exit {exit_s:.2f} s")


async def sigterm(make: Callable[[], Side], raiders: int) -> None:
    side = make()
    await side.start()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bot = await launch(side, workdir, "timeout")
        users = [g.snowflake() if side.name == "discord" else 8_100_000 + n
                 for n in range(raiders)]
        side.block_sanctions(users)
        for user in users:
            await side.join(user)
        # the queue is full once every raider's case is recorded (pending, queued)
        deadline = time.monotonic() + WAIT
        while len(cases(workdir, side.env())) < raiders and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        exit_s = await stop(bot)
        pending = sum(1 for c in cases(workdir, side.env()) if c["status"] == "pending")
        side.unblock()
        bot = await launch(side, workdir, "timeout")
        resumed = await until(lambda: set(users) <= set(side.sanctioned()))
        await stop(bot)
        await side.close()
        recorded = [c for c in cases(workdir, side.env()) if c["rule"] == "raid"]
    per_user: dict[str, int] = {}
    for case in recorded:
        per_user[case["user"]] = per_user.get(case["user"], 0) + 1
    once = sum(1 for n in per_user.values() if n == 1)
    statuses: dict[str, int] = {}
    for case in recorded:
        statuses[case["status"]] = statuses.get(case["status"], 0) + 1
    missed = len(set(map(str, users)) - set(per_user))
    print(f"{side.name:8} SIGTERM with a full queue: exit {exit_s:.2f} s, {pending} cases "
          f"left pending; after the restart {'every' if resumed else 'NOT every'} raider "
          f"restricted, {once}/{raiders} with exactly one case ({missed} with none), "
          f"cases {statuses}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", choices=("discord", "telegram", "both"), default="both")
    parser.add_argument("--raiders", type=int, default=200)
    parser.add_argument("--spam", type=int, default=200)
    parser.add_argument("--within", type=float, default=3.0)
    args = parser.parse_args()
    sides: list[Callable[[], Side]] = []
    if args.platform in ("discord", "both"):
        sides.append(DiscordSide)
    if args.platform in ("telegram", "both"):
        sides.append(TelegramSide)
    for make in sides:
        await raid(make, args.raiders, args.within, "timeout")
        await raid(make, args.raiders, args.within, "ban")
        await burst(make, args.spam)
        await sigterm(make, args.raiders)


if __name__ == "__main__":
    asyncio.run(main())
