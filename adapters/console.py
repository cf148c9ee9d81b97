"""A local console chat, so anyone can watch Gardien work without a platform token.

Each input line is `NAME: TEXT` (a message from NAME in community
`console:local`, channel `general`), `/join NAME`, `/leave NAME`, or `/verify NAME`
(NAME presses the button under their welcome message). Every action the bot takes
is printed as one line naming the action, the member and the rule; posts (welcomes,
alerts, the mod log) as one line with their channel. A terminal shows no picture: a
post's or an answer's image (a chart) is a line naming it and its size. Banned,
timed-out and not yet verified members are silenced as they would be on a real platform.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import NamedTuple, TextIO

from bot.adapter import Capability, Commands, EventSink, Target
from bot.cases.notice import fill_community
from bot.command_model import Authority, Invocation
from bot.errors import Invalid
from bot.posts import Channel, Destination, DirectMessage, Image, LogChannel, Post, Welcome
from catalogue import t
from rules.actions import (
    Action,
    Alert,
    ApproveJoin,
    Ban,
    Delete,
    Dm,
    Kick,
    Reply,
    Restrict,
    Timeout,
    Unban,
    Unrestrict,
    Untimeout,
    Warn,
)
from rules.durations import format_duration
from rules.events import Join, Leave, Member, Message

COMMUNITY = "console:local"
CHANNEL = "general"
BOT = Authority("gardien", "gardien", bot=True)


class Press(NamedTuple):
    """`/verify NAME`: NAME presses the verification button under their welcome."""

    name: str


def _one_name(text: str, command: str) -> str:
    name = text[len(command):].strip()
    if not name or " " in name:
        raise ValueError(f"write {command} NAME (one word)")
    return name


def parse_line(line: str, number: int, at: datetime, joined: dict[str, datetime]) -> (
    Message | Join | Leave | Press | None
):
    """One console line -> event; None for blank lines. Raises ValueError when unreadable."""
    text = line.rstrip("\r\n")
    if not text.strip():
        return None
    if text.startswith("/join"):
        name = _one_name(text, "/join")
        joined[name] = at
        return Join(id=f"join-{number}", community=COMMUNITY, at=at, user=Member(id=name,
                                                                                   name=name))
    if text.startswith("/leave"):
        name = _one_name(text, "/leave")
        joined.pop(name, None)
        return Leave(id=f"leave-{number}", community=COMMUNITY, at=at,
                     user=Member(id=name, name=name))
    if text.startswith("/verify"):
        return Press(_one_name(text, "/verify"))
    name, colon, body = text.partition(":")
    name = name.strip()
    if not colon or not name or " " in name:
        raise ValueError("write NAME: TEXT, or /join NAME, /leave NAME, /verify NAME")
    member = Member(id=name, name=name, joined_at=joined.get(name))
    return Message(id=f"msg-{number}", community=COMMUNITY, at=at, user=member,
                   text=body.strip(), channel=CHANNEL)


def describe(to: Destination) -> str:
    """A destination as the console shows it (`log:mod-log`, `dm:alice`, `welcome`...)."""
    match to:
        case LogChannel(ref=ref):
            return f"log:{ref}"
        case DirectMessage(user=user):
            return f"dm:{user}"
        case Welcome(ref=ref):
            return f"welcome:{ref}" if ref else "welcome"
        case Channel(ref=ref):
            return ref


def placeholder(image: Image) -> str:
    """What stands for an image in the terminal."""
    return f"[chart: {image.name}, {len(image.data)} bytes]"


class ConsoleAdapter:
    platform = "console"
    capabilities = frozenset({Capability.COMMANDS, Capability.POSTS})
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
        self.gated: set[str] = set()        # restricted until they accept the code of conduct
        self.center: Commands | None = None   # the core's commands, for button presses
        self._joined: dict[str, datetime] = {}
        self._stopped = asyncio.Event()

    def attach_commands(self, core: Commands) -> None:
        """Button presses typed as `/verify NAME` go to the core's commands."""
        self.center = core

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
            if isinstance(event, Press):
                await self._press(event.name)
                continue
            if isinstance(event, Message) and self._silenced(event.user.id):
                continue
            if isinstance(event, Join) and event.user.id in self.banned:
                self._print(f"{event.user.id} is banned and cannot join")
                continue
            await sink(event)

    async def stop(self) -> None:
        self._stopped.set()

    async def _press(self, name: str) -> None:
        if self.center is None:
            self._print("? /verify: no commands in this session")
            return
        who = Authority(name, name)
        answer = await self.center.invoke(Invocation(
            community=COMMUNITY, command="verify", invoker=who, bot=BOT,
            options={"_only_user": name}, channel=CHANNEL))
        self._print(f"answer to {name}: {answer.text}")
        if answer.image is not None:
            self._print(placeholder(answer.image))

    async def post(self, community: str, post: Post) -> None:
        """A welcome, a prompt, an alert or a mod-log entry: one line with its channel."""
        where = describe(post.to)
        text = " | ".join(line for line in post.text.splitlines() if line.strip())
        buttons = "".join(f" [{button.label}]" for button in post.buttons)
        self._print(f"post to {where}: {text}{buttons}")
        if post.image is not None:
            self._print(placeholder(post.image))
        for item in post.files:
            self._print(f"[file: {item.name}, {len(item.data)} bytes]")

    def _silenced(self, user: str) -> bool:
        if user in self.gated:
            self._print(f"({user} has not accepted the code of conduct: message not delivered)")
            return True
        if user in self.banned:
            self._print(f"({user} is banned: message not delivered)")
            return True
        until = self.muted.get(user)
        if until is not None and until > self.clock():
            self._print(f"({user} is timed out: message not delivered)")
            return True
        return False

    async def execute(self, action: Action, target: Target) -> int | None:
        who = target.user_name or target.user
        rule = f"(rule {action.rule})"
        if isinstance(action, Delete):
            self._print(f"delete: {who}'s message {target.message_id} {rule}")
        elif isinstance(action, Warn):
            self._print(f"warn: {who}, {action.points} point(s) {rule}: {action.text}")
        elif isinstance(action, Timeout):
            self.muted[target.user] = self.clock() + action.duration
            self._print(f"timeout: {who} for {format_duration(action.duration)} {rule}")
            self._tell(who, action.notice)
        elif isinstance(action, Untimeout):
            self.muted.pop(target.user, None)
            self._print(f"untimeout: {who} {rule}: {action.reason}")
        elif isinstance(action, Kick):
            self._joined.pop(target.user, None)
            self._print(f"kick: {who} {rule}")
            self._tell(who, action.notice)
        elif isinstance(action, Ban):
            self.banned.add(target.user)
            length = format_duration(action.duration) if action.duration else "permanently"
            self._print(f"ban: {who} {'for ' + length if action.duration else length} {rule}")
            self._tell(who, action.notice)
        elif isinstance(action, Unban):
            self.banned.discard(target.user)
            self._print(f"unban: {who} {rule}: {action.reason}")
        elif isinstance(action, Reply):
            self._print(f"reply to {who} {rule}: {action.text}")
        elif isinstance(action, Dm):
            self._print(f"dm to {who} {rule}: {action.text}")
        elif isinstance(action, Alert):
            self._print(f"alert {rule}: {action.text}")
        elif isinstance(action, Restrict):
            self.gated.add(target.user)
            self._print(f"restrict: {who} until they accept the code of conduct {rule}")
        elif isinstance(action, Unrestrict):
            self.gated.discard(target.user)
            self._print(f"unrestrict: {who} {rule}")
        elif isinstance(action, ApproveJoin):
            self._print(f"approve join: {who} {rule}")
        else:
            key, values = "refusal.console.cannot_carry_out", {"kind": action.kind}
            raise Invalid(t("en", key, **values), key=key, values=values)
        return None

    def _tell(self, who: str, notice: str) -> None:
        """A sanction's statement of reasons, as the member would receive it privately."""
        if notice:
            text = " | ".join(line for line in notice.splitlines() if line.strip())
            self._print(f"dm to {who}: {fill_community(text, COMMUNITY)}")

    def message_link(self, community: str, channel: str, message_id: str) -> str | None:
        """The console has no links (MESSAGE_LINKS is not declared)."""
        return None

    def _print(self, line: str) -> None:
        self.stdout.write(line + "\n")
        self.stdout.flush()
