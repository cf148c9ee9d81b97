"""A local fake Discord on 127.0.0.1: a gateway websocket and a recording REST API.

Enough of Discord for the real discord.py: HELLO, IDENTIFY -> READY + GUILD_CREATE (on
the guild's shard, `(guild_id >> 22) % count`: another shard's READY has no guild),
heartbeats, RESUME with replay of what was missed, dispatches pushed by tests with
proper sequence numbers; REST answers for every route the adapter uses, programmable
per route (403, 404, 429 with Discord's rate-limit headers), and every request recorded
(method, path, query, JSON body, headers minus the token; a multipart upload as its
`payload_json` body, its part names and the files' bytes). Native polls
(tests/discord/polls.py): a message sent with a `poll` is kept, tests set its votes, and
ending it (POST .../polls/{message}/expire) or reading it back (GET .../messages/{message})
answers with the results Discord would give. AutoMod: automod.py. Frames are plain JSON
text: discord.py asks for zlib-stream but only decompresses binary frames.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from . import automod, interactions, polls
from . import guild as g

API = "/api/v10"
HEARTBEAT_MS = 41250
MAX_BODY = 32 * 1024 * 1024      # above Discord's upload limits: the bot's own check decides


@dataclass
class Recorded:
    method: str
    path: str                       # below /api/v10, e.g. /channels/1/messages
    query: dict[str, str]
    body: Any                       # parsed JSON, or None
    headers: dict[str, str]         # without Authorization
    at: float = field(default_factory=time.monotonic)
    status: int = 0                 # what the fake answered
    files: dict[str, bytes] = field(default_factory=dict)   # uploaded: file name -> bytes
    parts: tuple[str, ...] | None = None   # a multipart body's part names; None: not one


@dataclass
class Canned:
    status: int
    body: Any
    headers: dict[str, str]
    times: int | None               # None: always
    skip: int = 0                   # requests answered as usual before this one applies


CASE_ENTRY = re.compile(r"^(Case|Sanction n°) ?#?\d+ · ")


def is_case_entry(request: Recorded) -> bool:
    """A message the mod log posted for a case (its first line is the case's head)."""
    body = request.body if isinstance(request.body, dict) else {}
    return (request.method == "POST" and request.path.endswith("/messages")
            and bool(CASE_ENTRY.match(str(body.get("content", "")))))


class FakeDiscord:
    def __init__(self, token: str, guild: g.Guild | None = None) -> None:
        self.token = token
        self.guild = guild or g.Guild()
        self.requests: list[Recorded] = []
        self.gateway_ops: list[dict[str, Any]] = []    # IDENTIFY / RESUME payloads received
        self.audit_entries: list[dict[str, Any]] = []
        self.closed_dms: set[int] = {g.CLOSED}
        self._dms: dict[int, int] = {}             # DM channel -> recipient
        self._canned: dict[tuple[str, str], list[Canned]] = {}
        self._delays: list[tuple[str, str, float]] = []   # (method, path prefix, s)
        self._ws: web.WebSocketResponse | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._session: str | None = None
        self._seq = 0
        self._history: list[dict[str, Any]] = []
        self._connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.files: dict[str, bytes] = {}                 # attachments served by name
        self.downloads: list[Recorded] = []              # attachment fetches (not the API)
        self.history: dict[int, list[dict[str, Any]]] = {}   # channel -> messages, newest first
        self.command_ids: dict[str, int] = {}            # synced command name -> id
        self._pushing: set[asyncio.Task[None]] = set()   # gateway events REST calls cause
        self.polls = polls.PollBox()                      # messages sent with a poll
        self.automod = automod.AutoModBox(self.guild)     # auto-moderation rules

    # --- server -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        app.router.add_get("/attachments/{id}/{name}", self._attachment)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]   # type: ignore[union-attr]

    async def close(self) -> None:
        for ws in self._sockets:
            if not ws.closed:
                await ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- gateway ------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        self.gateway_query = dict(request.query)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS},
                            "s": None, "t": None})
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            payload = json.loads(msg.data)
            op = payload.get("op")
            if op == 1:
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif op in (2, 6):   # IDENTIFY, RESUME
                self.gateway_ops.append(payload)
                await (self._identify if op == 2 else self._resume)(ws, payload["d"])
        if self._ws is ws:
            self._ws = None
            self._connected.clear()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = data.get("shard", [0, 1])
        if (self.guild.id >> 22) % shard[1] != shard[0]:
            ready = g.ready(uuid.uuid4().hex, self.gateway, shard, self.guild.id)
            await ws.send_json({"op": 0, "t": "READY", "s": 1, "d": {**ready, "guilds": []}})
            return
        self._session = uuid.uuid4().hex
        self._seq, self._history, self._ws = 0, [], ws
        await self._send("READY", g.ready(self._session, self.gateway, shard, self.guild.id))
        await self._send("GUILD_CREATE", self.guild.create())
        self._connected.set()

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self.token or data.get("session_id") != self._session:
            await ws.send_json({"op": 9, "d": False, "s": None, "t": None})
            return
        self._ws = ws
        for frame in self._history:        # replay what was missed, as Discord does
            if frame["s"] > (data.get("seq") or 0):
                await ws.send_json(frame)
        await self._send("RESUMED", {})
        self._connected.set()

    async def _send(self, event: str, data: dict[str, Any]) -> None:
        self._seq += 1
        frame = {"op": 0, "t": event, "s": self._seq, "d": data}
        self._history.append(frame)
        if self._ws is not None and not self._ws.closed:
            await self._ws.send_json(frame)

    async def dispatch(self, event: str, data: dict[str, Any], timeout: float = 5.0) -> None:
        """Push one gateway event to the bot (kept for replay if it is disconnected)."""
        await asyncio.wait_for(self._connected.wait(), timeout)
        await self._send(event, data)

    async def drop(self, code: int = 4000) -> None:
        """Close the gateway socket as Discord does when it wants the client to resume."""
        ws, self._ws = self._ws, None
        self._connected.clear()
        if ws is not None:
            await ws.close(code=code)

    async def connected(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def _attachment(self, request: web.Request) -> web.Response:
        """The CDN: attachments are fetched without the bot's token."""
        self.downloads.append(Recorded("GET", request.path, dict(request.query), None,
                                       dict(request.headers)))
        data = self.files.get(request.match_info["name"])
        if data is None or "Authorization" in request.headers:
            return web.Response(status=404 if data is None else 400)
        return web.Response(body=data, content_type="application/octet-stream")

    # --- REST ---------------------------------------------------------------------------
    def respond(self, method: str, path: str, status: int, body: Any = None, *,
                headers: dict[str, str] | None = None, times: int | None = 1,
                skip: int = 0) -> None:
        """Answer `method path` with `status` (and JSON `body`), `times` times (None: always),
        once `skip` requests to it were answered as usual."""
        self._canned.setdefault((method.upper(), path), []).append(
            Canned(status, body, headers or {}, times, skip))

    def delay(self, method: str, prefix: str, seconds: float) -> None:
        """Answer `method` on paths starting with `prefix` after `seconds`, as a real
        platform's round trip would (so calls can pile up behind one under way)."""
        self._delays.append((method.upper(), prefix, seconds))

    def forget(self, method: str, path: str) -> None:
        """Drop what `respond` programmed for `method path`: the default answers again."""
        self._canned.pop((method.upper(), path), None)

    def refuse(self, method: str, path: str, code: int = 50013,
               message: str = "Missing Permissions", status: int = 403) -> None:
        self.respond(method, path, status, {"message": message, "code": code})

    def rate_limit(self, method: str, path: str, retry_after: float, *, skip: int = 0
                   ) -> None:
        """One 429 with the body and headers discord.py reads (Via marks it as Discord's);
        `skip`: after that many requests to the route were answered as usual."""
        self.respond(method, path, 429, {"message": "You are being rate limited.",
                                         "retry_after": retry_after, "global": False,
                                         "code": 0}, headers={
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}", "X-RateLimit-Bucket": "fakebucket",
            "X-RateLimit-Scope": "user", "Via": "1.1 google"}, skip=skip)

    def calls(self, method: str | None = None, prefix: str = "", *,
              case_log: bool = True) -> list[Recorded]:
        """Recorded requests, minus the start-up ones, filtered by method and path prefix;
        `case_log=False` also leaves out the mod log's case entries (see `case_log`)."""
        startup = {("GET", "/users/@me"), ("GET", "/oauth2/applications/@me"),
                   ("GET", "/gateway/bot")}
        return [r for r in self.requests if (r.method, r.path) not in startup
                and (method is None or r.method == method) and r.path.startswith(prefix)
                and (case_log or not is_case_entry(r))]

    def case_log(self) -> list[Recorded]:
        """The mod log's case entries the core posted ("Case #N · action · member")."""
        return [r for r in self.requests if is_case_entry(r)]

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: dict[str, bytes] = {}
        parts: tuple[str, ...] | None = None
        if request.content_type == "multipart/form-data":
            body, files, parts = await _multipart(request)
        else:
            raw = await request.read()
            if raw and request.content_type == "application/json":
                body = json.loads(raw)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        recorded = Recorded(request.method, path, dict(request.query), body, headers,
                            files=files, parts=parts)
        self.requests.append(recorded)
        for method, prefix, seconds in self._delays:   # a platform's round trip, where set
            if request.method == method and path.startswith(prefix):
                await asyncio.sleep(seconds)
                break
        response = self._answer(request, path, body)
        recorded.status = response.status
        return response

    def _answer(self, request: web.Request, path: str, body: Any) -> web.Response:
        # Interaction callbacks and followup webhooks are authorised by the interaction's
        # token in the path, not the bot's (discord.py sends none there).
        tokenless = path.startswith(("/interactions/", "/webhooks/"))
        if not tokenless and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json(401, {"message": "401: Unauthorized", "code": 0})
        queue = self._canned.get((request.method, path))
        if queue and queue[0].skip > 0:
            queue[0].skip -= 1
        elif queue:
            canned = queue[0]
            if canned.times is not None:
                canned.times -= 1
                if canned.times <= 0:
                    queue.pop(0)
            return _json(canned.status, canned.body, canned.headers)
        return self._default(request.method, path, body, dict(request.query))

    def _default(self, method: str, path: str, body: Any,
                 query: dict[str, str] | None = None) -> web.Response:
        parts = path.strip("/").split("/")
        answered = interactions.handle(self, method, parts, query or {}, body)
        if answered is not None:
            return answered
        guild_member = self.guild.member(int(parts[3])) if (
            len(parts) == 4 and parts[:1] == ["guilds"] and parts[2] == "members"
            and parts[3].isdigit()) else None
        if (method, path) == ("GET", "/users/@me"):
            return _json(200, {**g.user(g.BOT, bot=True), "verified": True, "flags": 0})
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return _json(200, {"id": str(g.APP), "name": "Gardien", "icon": None,
                               "description": "", "rpc_origins": [], "bot_public": False,
                               "bot_require_code_grant": False, "owner": g.user(g.OWNER),
                               "verify_key": "00", "flags": 0, "team": None, "summary": "",
                               "interactions_endpoint_url": None})
        if (method, path) == ("GET", "/gateway/bot"):
            return _json(200, {"url": self.gateway, "shards": 1, "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})
        if method == "POST" and path == "/users/@me/channels":
            recipient = int(body["recipient_id"])
            dm = g.snowflake()
            self._dms[dm] = recipient
            return _json(200, {"id": str(dm),
                               "type": 1, "recipients": [g.user(recipient)],
                               "last_message_id": None, "flags": 0})
        if method == "POST" and len(parts) == 3 and parts[0] == "channels" and parts[2] == (
                "messages"):
            channel = int(parts[1])
            if self._dms.get(channel) in self.closed_dms:
                return _json(403, {"message": "Cannot send messages to this user",
                                   "code": 50007})
            sent = self.guild.message(g.BOT, (body or {}).get("content", ""), channel=channel)
            sent["author"] = g.user(g.BOT, bot=True)
            if channel in self._dms:
                sent.pop("guild_id")
                sent.pop("member")
            if isinstance(body, dict) and body.get("poll") is not None:
                sent = self.polls.created(sent, body["poll"])
            return _json(200, sent)
        answered = self.polls.route(method, parts) or self.automod.route(method, parts, body)
        if answered is not None:
            return _json(*answered)
        if method == "POST" and len(parts) == 3 and parts[0] == "guilds" and parts[2] == (
                "bulk-ban"):
            return _json(200, {"banned_users": list((body or {}).get("user_ids", [])),
                               "failed_users": []})
        if len(parts) == 2 and parts[0] == "channels" and parts[1].isdigit() and (
                int(parts[1]) not in self._dms):
            return self._channel(method, int(parts[1]), body)
        if len(parts) == 4 and parts[0] == "guilds" and parts[2] == "roles" and (
                parts[3].isdigit()):
            return self._role(method, int(parts[3]), body)
        if (method, parts[2:]) == ("PUT", ["incident-actions"]) and parts[0] == "guilds":
            return self._incident_actions(body or {})
        if method == "GET" and guild_member is not None:
            return _json(200, guild_member)
        if method == "GET" and len(parts) == 4 and parts[2] == "members":
            return _json(404, {"message": "Unknown Member", "code": 10007})
        if method == "PATCH" and guild_member is not None:
            return _json(200, {**guild_member, **(body or {})})
        if len(parts) == 6 and parts[0] == "guilds" and parts[2:5:2] == ["members", "roles"]:
            return self._member_role(method, int(parts[3]), int(parts[5]))
        if method == "GET" and len(parts) == 3 and parts[2] == "audit-logs":
            users = {e["user_id"] for e in self.audit_entries} | {
                e["target_id"] for e in self.audit_entries}
            return _json(200, {"audit_log_entries": list(reversed(self.audit_entries)),
                               "users": [g.user(int(u)) for u in users if u],
                               "integrations": [], "webhooks": [],
                               "guild_scheduled_events": [], "threads": [],
                               "application_commands": [], "auto_moderation_rules": []})
        if method == "GET" and len(parts) == 2 and parts[0] == "users" and parts[1].isdigit():
            return _json(200, g.user(int(parts[1])))
        if method == "GET":
            return _json(200, {})
        return web.Response(status=204, headers=_ratelimit_headers())

    def _member_role(self, method: str, user_id: int, role_id: int) -> web.Response:
        """Give (PUT) or take (DELETE) a role: the server's state follows, as Discord's does."""
        if user_id not in self.guild.members:
            return _json(404, {"message": "Unknown Member", "code": 10007})
        if role_id not in {int(r["id"]) for r in self.guild.roles()}:
            return _json(404, {"message": "Unknown Role", "code": 10011})
        roles, joined = self.guild.members[user_id]
        if method == "PUT" and role_id not in roles:
            self.guild.members[user_id] = ([*roles, role_id], joined)
        elif method == "DELETE":
            self.guild.members[user_id] = ([r for r in roles if r != role_id], joined)
        return web.Response(status=204, headers=_ratelimit_headers())

    def _role(self, method: str, role_id: int, body: Any) -> web.Response:
        """Read (GET) or edit (PATCH) a role: its permissions follow, and the gateway tells
        the bot (GUILD_ROLE_UPDATE), as Discord's do."""
        found = next((r for r in self.guild.roles() if int(r["id"]) == role_id), None)
        if found is None:
            return _json(404, {"message": "Unknown Role", "code": 10011})
        if method == "PATCH" and "permissions" in (body or {}):
            self.guild.role_permissions[role_id] = int(body["permissions"])
            found = next(r for r in self.guild.roles() if int(r["id"]) == role_id)
            task = asyncio.get_running_loop().create_task(self._send(
                "GUILD_ROLE_UPDATE", {"guild_id": str(self.guild.id), "role": found}))
            self._pushing.add(task)
            task.add_done_callback(self._pushing.discard)
        elif method not in ("GET", "PATCH"):
            return _json(405, {"message": "405: Method Not Allowed", "code": 0})
        return _json(200, found)

    def _channel(self, method: str, channel_id: int, body: Any) -> web.Response:
        """Read (GET) or edit (PATCH) a channel or thread: its slow mode follows, and the
        gateway tells the bot (CHANNEL_UPDATE, THREAD_UPDATE), as Discord's do."""
        found = self.guild.channel(channel_id)
        if found is None:
            return _json(404, {"message": "Unknown Channel", "code": 10003})
        if method == "PATCH" and "rate_limit_per_user" in (body or {}):
            self.guild.slowmodes[channel_id] = int(body["rate_limit_per_user"] or 0)
            found = self.guild.channel(channel_id)
            event = "THREAD_UPDATE" if self.guild.is_thread(channel_id) else "CHANNEL_UPDATE"
            task = asyncio.get_running_loop().create_task(self._send(event, found))
            self._pushing.add(task)
            task.add_done_callback(self._pushing.discard)
        elif method not in ("GET", "PATCH"):
            return _json(405, {"message": "405: Method Not Allowed", "code": 0})
        return _json(200, found)

    def _incident_actions(self, body: dict[str, Any]) -> web.Response:
        """PUT incident-actions: both pauses are set as sent (an absent one ends)."""
        self.guild.incidents = {"invites_disabled_until": body.get("invites_disabled_until"),
                                "dms_disabled_until": body.get("dms_disabled_until")}
        return _json(200, dict(self.guild.incidents))


async def _multipart(request: web.Request) -> tuple[Any, dict[str, bytes], tuple[str, ...]]:
    """An upload as discord.py sends it: the JSON body in `payload_json`, the files in
    `files[N]` parts (each with its file name)."""
    body: Any = None
    files: dict[str, bytes] = {}
    parts: list[str] = []
    form = await request.post()
    for name, value in form.items():
        parts.append(name)
        if isinstance(value, web.FileField):
            files[value.filename] = value.file.read()
        elif name == "payload_json":
            body = json.loads(value)
    return body, files, tuple(parts)


def _ratelimit_headers() -> dict[str, str]:
    return {"X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "49",
            "X-RateLimit-Reset-After": "1.000", "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
            "X-RateLimit-Bucket": "fake"}


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    base = _ratelimit_headers() if status != 429 else {}
    return web.Response(status=status, body=json.dumps(body).encode(),
                        headers={**base, **(headers or {}), "Content-Type": "application/json"})
