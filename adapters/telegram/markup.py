"""Texts the bot sends: HTML with every member-supplied character escaped.

Templates are rendered by the core before the adapter sees them, so `{mention}`
cannot become HTML there (a member's name would be injected raw). Instead the
adapter sets each member's `mention_text` to an opaque placeholder carrying a
per-process nonce, escapes the whole rendered text, then swaps the placeholder
for `<a href="tg://user?id=ID">escaped name</a>`. A member cannot forge the
placeholder: the nonce is random and private-use characters frame it.
"""

from __future__ import annotations

import html
import re
import secrets
from collections import OrderedDict

_OPEN, _CLOSE = "\ue000", "\ue001"
MAX_NAMES = 10_000


class Mentions:
    """Placeholders for `{mention}` and the names they stand for."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(6)
        self._names: OrderedDict[str, str] = OrderedDict()
        self._pattern = re.compile(
            re.escape(_OPEN + self.nonce + ":") + r"(-?\d+)" + re.escape(_CLOSE)
        )

    def placeholder(self, user_id: str, name: str) -> str:
        """What `Member.mention_text` holds; remembers the name to show."""
        self._names[user_id] = name
        self._names.move_to_end(user_id)
        while len(self._names) > MAX_NAMES:
            self._names.popitem(last=False)
        return f"{_OPEN}{self.nonce}:{user_id}{_CLOSE}"

    def to_html(self, text: str, fallback: dict[str, str] | None = None) -> str:
        """The text escaped for parse_mode HTML, placeholders made into mentions."""
        fallback = fallback or {}

        def mention(match: re.Match[str]) -> str:
            user_id = match.group(1)
            name = self._names.get(user_id) or fallback.get(user_id) or user_id
            if user_id.startswith("-"):   # a channel identity: no user link exists
                return html.escape(name, quote=False)
            return f'<a href="tg://user?id={user_id}">{html.escape(name, quote=False)}</a>'

        out: list[str] = []
        last = 0
        for match in self._pattern.finditer(text):
            out.append(html.escape(text[last:match.start()], quote=False))
            out.append(mention(match))
            last = match.end()
        out.append(html.escape(text[last:], quote=False))
        return "".join(out)

    def to_plain(self, text: str) -> str:
        """The text with placeholders as plain names (for logs)."""
        return self._pattern.sub(lambda m: self._names.get(m.group(1), m.group(1)), text)
