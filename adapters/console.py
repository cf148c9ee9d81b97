"""A local console chat, so anyone can watch Gardien work without a platform token.

Each input line is `NAME: TEXT` (a message from NAME in community
`console:local`, channel `general`) or `/join NAME`. Every action the bot takes
is printed as one line naming the action, the member and the rule. Banned and
timed-out members are silenced as they would be on a real platform.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TextIO

from bot.adapter import EventSink, Target
from bot.errors import Invalid
from rules.actions import (
    Action,
    Alert,
    Ban,
    Delete,
    Dm,
    Kick,
    Reply,
    Timeout,
    Unban,
    Untimeout,
    Warn,
)
from rules.durations import format_duration
from rules.events import Join, Member, Message

COMMUNITY = "console:local"
CHANNEL = "general"


def parse_line(line: str, number: int, at: datetime, joined: dict[str, datetime]) -> (
    Message | Join | None
):
    """One console line -> event; None for blank lines. Raises ValueError when unreadable."""
    text = line.rstrip("\r\n")
    if not text.strip():
        return None
    if text.startswith("/join"):
        name = text[len("/join"):].strip()
        if not name or " " in name:
            raise ValueError("write /join NAME (one word)")
        joined[name] = at
        return Join(id=f"join-{number}", community=COMMUNITY, at=at, user=Member(id=name,
                                                                                   name=name))
    name, colon, body = text.partition(":")
    name = name.strip()
    if not colon or not name or " " in name:
        raise ValueError("write NAME: TEXT, or /join NAME")
    member = Member(id=name, name=name, joined_at=joined.get(name))
    return Message(id=f"msg-{number}", community=COMMUNITY, at=at, user=member,
                   text=body.strip(), channel=CHANNEL)


class ConsoleAdapter:
    platform = "console"
    max_timeout: timedelta | None = None   # nothing lifts console timeouts but our timers

    def __init__(
        self,
        stdin: TextIO,
        stdout: TextIO,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.clock = clock
        self.banned: set[str] = set()
        self.muted: dict[str, datetime] = {}
        self._joined: dict[str, datetime] = {}
        self._stopped = asyncio.Event()

    def owns(self, community: str) -> bool:
        return community.startswith("console:")

    async def start(self, sink: EventSink) -> None:
        """Read standard input until its end (or stop); returns when the session ends."""
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str | None] = asyncio.Queue()

        def read() -> None:   # a daemon thread: a blocked read never holds up shutdown
            for line in self.stdin:
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, None)

        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        number = 0
        while not self._stopped.is_set():
            getter = asyncio.create_task(lines.get())
            stopper = asyncio.create_task(self._stopped.wait())
            done, _ = await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if getter not in done:
                getter.cancel()
                return
            line = getter.result()
            if line is None:
                return
            number += 1
            try:
                event = parse_line(line, number, self.clock(), self._joined)
            except ValueError as error:
                self._print(f"? line {number}: {error}")
                continue
            if event is None:
                continue
            if isinstance(event, Message) and self._silenced(event.user.id):
                continue
            if isinstance(event, Join) and event.user.id in self.banned:
                self._print(f"{event.user.id} is banned and cannot join")
                continue
            await sink(event)

    async def stop(self) -> None:
        self._stopped.set()

    def _silenced(self, user: str) -> bool:
        if user in self.banned:
            self._print(f"({user} is banned: message not delivered)")
            return True
        until = self.muted.get(user)
        if until is not None and until > self.clock():
            self._print(f"({user} is timed out: message not delivered)")
            return True
        return False

    async def execute(self, action: Action, target: Target) -> None:
        who = target.user_name or target.user
        rule = f"(rule {action.rule})"
        if isinstance(action, Delete):
            self._print(f"delete: {who}'s message {target.message_id} {rule}")
        elif isinstance(action, Warn):
            self._print(f"warn: {who}, {action.points} point(s) {rule}: {action.text}")
        elif isinstance(action, Timeout):
            self.muted[target.user] = self.clock() + action.duration
            self._print(f"timeout: {who} for {format_duration(action.duration)} {rule}")
        elif isinstance(action, Untimeout):
            self.muted.pop(target.user, None)
            self._print(f"untimeout: {who} {rule}: {action.reason}")
        elif isinstance(action, Kick):
            self._joined.pop(target.user, None)
            self._print(f"kick: {who} {rule}")
        elif isinstance(action, Ban):
            self.banned.add(target.user)
            length = format_duration(action.duration) if action.duration else "permanently"
            self._print(f"ban: {who} {'for ' + length if action.duration else length} {rule}")
        elif isinstance(action, Unban):
            self.banned.discard(target.user)
            self._print(f"unban: {who} {rule}: {action.reason}")
        elif isinstance(action, Reply):
            self._print(f"reply to {who} {rule}: {action.text}")
        elif isinstance(action, Dm):
            self._print(f"dm to {who} {rule}: {action.text}")
        elif isinstance(action, Alert):
            self._print(f"alert {rule}: {action.text}")
        else:
            raise Invalid(f"the console cannot carry out {action.kind}")

    def _print(self, line: str) -> None:
        self.stdout.write(line + "\n")
        self.stdout.flush()
