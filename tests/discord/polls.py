"""The fake Discord's native polls: a message sent with a `poll`, its votes, its end.

Shapes as Discord's v10 message object has them: `poll.question.text`, `poll.answers`
(`answer_id` from 1, `poll_media.text`), `expiry` (creation + `duration` hours) and
`results` (`is_finalized`, `answer_counts` of `{id, count, me_voted}`; answers nobody
voted for are left out, as Discord does). Ending a poll twice is refused as Discord
refuses it (520001, "Poll expired"); reading a message back answers the poll as it is.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

Answered = tuple[int, Any]
POLL_EXPIRED = 520001
UNKNOWN_MESSAGE = 10008


class PollBox:
    def __init__(self) -> None:
        self.messages: dict[int, dict[str, Any]] = {}   # message id -> the message (poll)
        self.votes: dict[int, list[int]] = {}           # message id -> votes per answer
        self.ended: list[int] = []                      # expired by the bot, in order

    def created(self, sent: dict[str, Any], asked: dict[str, Any]) -> dict[str, Any]:
        """The message a POST .../messages with `poll` made: kept, returned as Discord does."""
        created = datetime.fromisoformat(sent["timestamp"])
        hours = asked.get("duration") or 24
        answers = [{"answer_id": index, "poll_media": {"text": answer["poll_media"]["text"]}}
                   for index, answer in enumerate(asked["answers"], start=1)]
        sent["poll"] = {
            "question": {"text": asked["question"]["text"]}, "answers": answers,
            "expiry": (created + timedelta(hours=float(hours))).isoformat(),
            "allow_multiselect": bool(asked.get("allow_multiselect")),
            "layout_type": asked.get("layout_type") or 1,
            "results": {"is_finalized": False, "answer_counts": []}}
        message_id = int(sent["id"])
        self.messages[message_id] = sent
        self.votes[message_id] = [0] * len(answers)
        return copy.deepcopy(sent)

    def only(self) -> tuple[int, dict[str, Any]]:
        """The one poll message sent (a test's shortcut)."""
        ((message_id, message),) = self.messages.items()
        return message_id, message

    def vote(self, message_id: int, *counts: int) -> None:
        """Members voted: `counts` per answer, in the answers' order."""
        self.votes[message_id] = list(counts)
        self._results(message_id, finalized=False)

    def _results(self, message_id: int, *, finalized: bool) -> dict[str, Any]:
        message = self.messages[message_id]
        message["poll"]["results"] = {"is_finalized": finalized, "answer_counts": [
            {"id": index, "count": count, "me_voted": False}
            for index, count in enumerate(self.votes[message_id], start=1) if count]}
        return copy.deepcopy(message)

    def route(self, method: str, parts: list[str]) -> Answered | None:
        """The answer for POST /channels/{c}/polls/{m}/expire and GET
        /channels/{c}/messages/{m}, or None when the request is neither."""
        if len(parts) not in (4, 5) or parts[0] != "channels" or not parts[3].isdigit():
            return None
        message_id = int(parts[3])
        found = self.messages.get(message_id)
        if found is not None and found["channel_id"] != parts[1]:
            found = None
        if method == "GET" and parts[2] == "messages" and len(parts) == 4:
            if found is None:
                return 404, {"message": "Unknown Message", "code": UNKNOWN_MESSAGE}
            return 200, copy.deepcopy(found)
        if method == "POST" and parts[2] == "polls" and parts[4:] == ["expire"]:
            return self._expire(found)
        return None

    def _expire(self, found: dict[str, Any] | None) -> Answered:
        if found is None:
            return 404, {"message": "Unknown Message", "code": UNKNOWN_MESSAGE}
        message_id = int(found["id"])
        if found["poll"]["results"]["is_finalized"]:
            return 400, {"message": "Poll expired", "code": POLL_EXPIRED}
        self.ended.append(message_id)
        return 200, self._results(message_id, finalized=True)
