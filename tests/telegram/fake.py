"""A fake Telegram Bot API on 127.0.0.1, enough for python-telegram-bot to run for real.

It serves `/bot<token>/<method>` (and `/file/bot<token>/...`), records every call
(HTTP method, path with the token masked, parameters from form or JSON bodies,
raw as sent and decoded, uploaded files with their names and bytes), answers
getUpdates with real long polling (offset, timeout and allowed_updates honoured;
tests queue updates), and lets a test program the answer of any method (an error,
a 429 with retry_after, a result). Polls: sendPoll keeps the poll, tests set its votes
(`vote`), stopPoll closes it and answers the final Poll, as Telegram does.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from aiohttp import web

BOT_ID = 7000000001
BOT = {"id": BOT_ID, "is_bot": True, "first_name": "Gardien", "username": "gardien_test_bot",
       "can_join_groups": True, "can_read_all_group_messages": True,
       "supports_inline_queries": False}
DEFAULT_PERMISSIONS = {"can_send_messages": True, "can_send_audios": True,
                       "can_send_documents": True, "can_send_photos": True,
                       "can_send_videos": True, "can_send_video_notes": True,
                       "can_send_voice_notes": True, "can_send_polls": True,
                       "can_send_other_messages": True, "can_add_web_page_previews": True,
                       "can_change_info": False, "can_invite_users": True,
                       "can_pin_messages": False, "can_manage_topics": False}
MAX_POLL = 30.0   # a getUpdates never holds a request longer than this
MAX_BODY = 64 * 1024 * 1024   # above the Bot API's upload limits: the bot's checks decide


class Upload(NamedTuple):
    """A file sent in a multipart call: its name as sent, and its bytes."""

    filename: str
    data: bytes


@dataclass
class Call:
    http: str            # GET / POST
    path: str            # /bot<token masked>/method
    method: str          # Bot API method name
    raw: dict[str, Any]  # as received: form values are strings, JSON values typed
    form: bool           # True when the body was form-encoded (or a query string)
    at: float = field(default_factory=time.monotonic)
    files: dict[str, Upload] = field(default_factory=dict)   # part name -> file (raw: <file>)

    @property
    def params(self) -> dict[str, Any]:
        """Form values decoded the way the Bot API reads them (JSON where it parses)."""
        if not self.form:
            return dict(self.raw)
        out: dict[str, Any] = {}
        for key, value in self.raw.items():
            try:
                out[key] = json.loads(value)
            except (TypeError, ValueError):
                out[key] = value
        return out


@dataclass
class Answer:
    ok: bool = True
    result: Any = True
    error_code: int = 400
    description: str = ""
    retry_after: int | None = None
    times: int | None = 1     # None: every call from now on
    when: Callable[[dict[str, Any]], bool] | None = None   # only calls whose params match


CASE_ENTRY = re.compile(r"^(Case|Sanction n°) ?#?\d+ · ")


def is_case_entry(call: Call) -> bool:
    """A message the mod log posted for a case (its first line is the case's head)."""
    return call.method == "sendMessage" and bool(CASE_ENTRY.match(str(call.params.get("text", ""))))


class FakeBotAPI:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.admins: dict[int, list[dict]] = {}      # chat id -> ChatMember JSON list
        self.chats: dict[int, dict] = {}             # chat id -> ChatFullInfo JSON
        self.files: dict[str, tuple[str, bytes]] = {}   # file_id -> (file_path, content)
        self.downloads: list[str] = []               # file paths fetched from /file/bot...
        self._answers: dict[str, list[Answer]] = {}
        self.delays: dict[str, float] = {}           # method -> seconds before answering
        self._updates: list[dict] = []
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(90_000)
        self.polls: dict[tuple[int | str, int], dict] = {}   # (chat, message id) -> Poll
        self._arrived = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- life ---------------------------------------------------------------------------
    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_route("GET", "/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        self._closing = True
        async with self._arrived:
            self._arrived.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- what tests do --------------------------------------------------------------------
    async def push(self, update: dict) -> int:
        """Queue one update (its update_id is assigned here); wakes a waiting getUpdates."""
        update = {**update, "update_id": next(self._ids)}
        async with self._arrived:
            self._updates.append(update)
            self._arrived.notify_all()
        return update["update_id"]

    def answer(self, method: str, **options: Any) -> None:
        """Program the next answer(s) of `method` (see `Answer`)."""
        self._answers.setdefault(method, []).append(Answer(**options))

    def fail(self, method: str, code: int, description: str, *, times: int | None = 1,
             retry_after: int | None = None,
             when: Callable[[dict[str, Any]], bool] | None = None) -> None:
        self.answer(method, ok=False, error_code=code, description=description, times=times,
                    retry_after=retry_after, when=when)

    def made(self, *methods: str, case_log: bool = True) -> list[Call]:
        """Calls of these methods (all calls when none is named), in order; `case_log=False`
        leaves out the mod log's case entries (see `case_log`)."""
        return [c for c in self.calls if (not methods or c.method in methods)
                and (case_log or not is_case_entry(c))]

    def actions(self, *, case_log: bool = True) -> list[Call]:
        """Calls that change something or speak: everything but reads and polling."""
        reads = {"getUpdates", "getMe", "getChat", "getChatAdministrators", "getChatMember",
                 "deleteWebhook", "setWebhook", "getWebhookInfo", "getFile", "setMyCommands"}
        return [c for c in self.calls if c.method not in reads
                and (case_log or not is_case_entry(c))]

    def case_log(self) -> list[Call]:
        """The mod log's case entries the core posted ("Case #N · action · member")."""
        return [c for c in self.calls if is_case_entry(c)]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until `method` was called `count` times; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while len(self.made(method)) < count:
            if time.monotonic() > deadline:
                got = [c.method for c in self.calls if c.method != "getUpdates"]
                raise AssertionError(f"{method} x{count} not called within {timeout}s: {got}")
            await asyncio.sleep(0.02)
        return self.made(method)

    # --- HTTP ---------------------------------------------------------------------------
    async def _params(self, request: web.Request
                      ) -> tuple[dict[str, Any], bool, dict[str, Upload]]:
        if request.content_type == "application/json":
            body = await request.json()
            return (body if isinstance(body, dict) else {}), False, {}
        params: dict[str, Any] = dict(request.query)
        files: dict[str, Upload] = {}
        if request.can_read_body:
            if request.content_type.startswith("multipart/"):
                data = await request.post()
                for key, value in data.items():
                    if isinstance(value, web.FileField):
                        files[key] = Upload(value.filename, value.file.read())
                        params[key] = "<file>"
                    else:
                        params[key] = value if isinstance(value, str) else "<file>"
            else:
                params.update(dict(await request.post()))
        return params, True, files

    def _reply(self, payload: dict, status: int = 200) -> web.Response:
        return web.json_response(payload, status=status)

    def _error(self, code: int, description: str, **parameters: Any) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return self._reply(body, code)

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        path = request.match_info["path"]
        self.downloads.append(path)
        for file_path, content in self.files.values():
            if file_path == path:
                return web.Response(body=content)
        if self.files:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=b"fake file")

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        params, form, files = await self._params(request)
        call = Call(request.method, f"/bot<token>/{method}", method, params, form, files=files)
        self.calls.append(call)
        if method in self.delays:   # a real round trip: calls pile up behind one under way
            await asyncio.sleep(self.delays[method])
        queue = self._answers.get(method, [])
        answer = next((a for a in queue if a.when is None or a.when(call.params)), None)
        if answer is not None:
            if answer.times is not None:
                answer.times -= 1
                if answer.times <= 0:
                    queue.remove(answer)
            if not answer.ok:
                extra = {"retry_after": answer.retry_after} if answer.retry_after else {}
                return self._error(answer.error_code, answer.description, **extra)
            return self._reply({"ok": True, "result": answer.result})
        handler = getattr(self, "_m_" + method, None)
        if handler is None:
            return self._default(method, call.params)
        return await handler(call.params)

    def _default(self, method: str, params: dict[str, Any]) -> web.Response:
        if method in {"deleteMessage", "restrictChatMember", "banChatMember",
                      "unbanChatMember", "banChatSenderChat", "unbanChatSenderChat",
                      "deleteWebhook", "setWebhook", "setMyCommands", "deleteMessages",
                      "answerCallbackQuery", "editMessageReplyMarkup",
                      "approveChatJoinRequest", "declineChatJoinRequest"}:
            return self._reply({"ok": True, "result": True})
        return self._error(404, "Not Found: method not found")

    # --- methods with real answers ---------------------------------------------------------
    async def _m_getMe(self, params: dict) -> web.Response:
        return self._reply({"ok": True, "result": BOT})

    async def _m_getUpdates(self, params: dict) -> web.Response:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), MAX_POLL)
        allowed = params.get("allowed_updates") or None
        deadline = time.monotonic() + timeout
        async with self._arrived:
            while True:
                if offset:   # confirmed updates are forgotten, as Telegram does
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = [u for u in self._updates
                         if allowed is None or any(k in u for k in allowed)]
                if ready or self._closing:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    await asyncio.wait_for(self._arrived.wait(), left)
                except TimeoutError:
                    break
        limit = int(params.get("limit") or 100)
        return self._reply({"ok": True, "result": ready[:limit] if not self._closing else []})

    async def _m_getChat(self, params: dict) -> web.Response:
        chat_id = int(params["chat_id"])
        chat = self.chats.get(chat_id) or {
            "id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}",
            "accent_color_id": 0, "max_reaction_count": 11,
            "permissions": DEFAULT_PERMISSIONS,
            "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                    "unique_gifts": False, "premium_subscription": False,
                                    "gifts_from_channels": False}}
        return self._reply({"ok": True, "result": chat})

    async def _m_getFile(self, params: dict) -> web.Response:
        found = self.files.get(str(params["file_id"]))
        if found is None:
            return self._error(400, "Bad Request: invalid file_id")
        path, content = found
        return self._reply({"ok": True, "result": {
            "file_id": params["file_id"], "file_unique_id": f"u{params['file_id']}",
            "file_size": len(content), "file_path": path}})

    async def _m_getChatAdministrators(self, params: dict) -> web.Response:
        return self._reply({"ok": True, "result": self.admins.get(int(params["chat_id"]), [])})

    async def _m_getChatMember(self, params: dict) -> web.Response:
        user_id = int(params["user_id"])
        for admin in self.admins.get(int(params["chat_id"]), []):
            if admin["user"]["id"] == user_id:
                return self._reply({"ok": True, "result": admin})
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        return self._reply({"ok": True, "result": {"status": "member", "user": user}})

    def _sent(self, params: dict, **content: Any) -> dict:
        """The Message a send* call posted, in the chat it names."""
        chat_id = params["chat_id"]
        chat = ({"id": chat_id, "type": "supergroup", "title": "Chat"}
                if isinstance(chat_id, int) else {"id": -1009999, "type": "channel",
                                                 "title": str(chat_id)})
        if isinstance(chat_id, int) and chat_id > 0:
            chat = {"id": chat_id, "type": "private", "first_name": "someone"}
        return {"message_id": next(self._message_ids), "date": int(time.time()),
                "chat": chat, "from": {k: BOT[k] for k in ("id", "is_bot", "first_name",
                                                           "username")}, **content}

    async def _m_sendMessage(self, params: dict) -> web.Response:
        message = self._sent(params, text=str(params.get("text", "")))
        return self._reply({"ok": True, "result": message})

    async def _m_sendPhoto(self, params: dict) -> web.Response:
        """A photo as Telegram keeps one: its sizes (here the one sent), and its caption."""
        size = {"file_id": f"photo{next(self._ids)}", "file_unique_id": "p", "width": 320,
                "height": 240}
        caption = {"caption": str(params["caption"])} if "caption" in params else {}
        return self._reply({"ok": True, "result": self._sent(params, photo=[size],
                                                             **caption)})

    async def _m_sendDocument(self, params: dict) -> web.Response:
        """A document as Telegram keeps one: its file name and size."""
        document = {"file_id": f"doc{next(self._ids)}", "file_unique_id": "d",
                    "file_name": "document"}
        return self._reply({"ok": True, "result": self._sent(params, document=document)})

    async def _m_setChatPermissions(self, params: dict) -> web.Response:
        """The chat's default permissions become the ones sent, each field as given (the bot
        always sends use_independent_chat_permissions), an absent one false; the same ones
        again are refused with CHAT_NOT_MODIFIED, as Telegram does. getChat then tells them."""
        chat_id = int(params["chat_id"])
        if chat_id not in self.chats:
            self.chats[chat_id] = json.loads((await self._m_getChat(params)).text)["result"]
        chat = self.chats[chat_id]
        sent = params["permissions"]
        before = dict(chat.get("permissions") or {})
        now = {key: bool(sent.get(key, False)) for key in (*DEFAULT_PERMISSIONS, *sent)}
        if {k: before.get(k, False) for k in {*before, *now}} == {
                k: now.get(k, False) for k in {*before, *now}}:
            return self._error(400, "Bad Request: CHAT_NOT_MODIFIED")
        self.chats[chat_id] = {**chat, "permissions": now}
        return self._reply({"ok": True, "result": True})

    # --- polls ------------------------------------------------------------------------------
    async def _m_sendPoll(self, params: dict) -> web.Response:
        """An open regular poll, each option at 0 votes; kept until stopPoll. Its fields are
        the ones Bot API 10.1 requires (persistent_id, allows_revoting, members_only)."""
        number = next(self._ids)
        options = [{"persistent_id": f"p{number}o{index}",
                    "text": o["text"] if isinstance(o, dict) else str(o), "voter_count": 0}
                   for index, o in enumerate(params["options"])]
        poll = {"id": f"poll{number}", "question": str(params["question"]),
                "options": options, "total_voter_count": 0, "is_closed": False,
                "is_anonymous": params.get("is_anonymous", True) not in (False, "false"),
                "type": str(params.get("type") or "regular"),
                "allows_multiple_answers": bool(params.get("allows_multiple_answers")),
                "allows_revoting": bool(params.get("allows_revoting")), "members_only": False}
        message = self._sent(params, poll=poll)
        self.polls[(message["chat"]["id"], message["message_id"])] = poll
        return self._reply({"ok": True, "result": message})

    def only_poll(self) -> tuple[tuple[int | str, int], dict]:
        """The one poll sent (a test's shortcut): its (chat, message id) and the Poll."""
        ((key, poll),) = self.polls.items()
        return key, poll

    def vote(self, key: tuple[int | str, int], *counts: int, voters: int | None = None) -> None:
        """Members voted: `counts` per option; `voters` (default: their sum) voted at all."""
        poll = self.polls[key]
        for option, count in zip(poll["options"], counts, strict=True):
            option["voter_count"] = count
        poll["total_voter_count"] = sum(counts) if voters is None else voters

    async def _m_stopPoll(self, params: dict) -> web.Response:
        key = (params["chat_id"], int(params["message_id"]))
        poll = self.polls.get(key)
        if poll is None:
            return self._error(400, "Bad Request: message with poll to stop not found")
        if poll["is_closed"]:
            return self._error(400, "Bad Request: poll has already been closed")
        poll["is_closed"] = True
        return self._reply({"ok": True, "result": copy.deepcopy(poll)})

