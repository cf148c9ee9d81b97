"""The predicates of the conditions every message meets, as compiled code.

Each condition module (rules/conditions/) validates its options with pydantic, then asks
here for its predicate; the closures below are what the engine calls on every message,
so they live in a module mypyc compiles (rules/buildcheck.py), apart from the pydantic
classes a compiled module cannot define. Each sets `evidence` only when it holds.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from rules.context import MessageContext
from rules.links_parse import Link
from rules.regexbank import RegexBank
from rules.state import text_digest, timestamp

Predicate = Callable[[MessageContext], bool]

_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()
_INVITE_HOSTS = {
    "discord.gg": re.compile(r"/\S+"),
    "discord.com": re.compile(r"/invite/\S+"),
    "discordapp.com": re.compile(r"/invite/\S+"),
    "www.discord.com": re.compile(r"/invite/\S+"),
    "t.me": re.compile(r"/(\+|joinchat/)\S+"),
    "telegram.me": re.compile(r"/(\+|joinchat/)\S+"),
    "telegram.dog": re.compile(r"/(\+|joinchat/)\S+"),
}


def letter_counts(text: str) -> tuple[int, int]:
    """(letters, capitals), with a C-speed path for ASCII text."""
    if text.isascii():
        raw = text.encode()
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        return letters, upper
    return sum(map(str.isalpha, text)), sum(map(str.isupper, text))


def fewest_capitals(ratio: float, min_letters: int) -> int:
    """The fewest capitals a shouted text can have: `min_letters` letters at least, so
    `u / min_letters >= ratio` at least (found with the same division the check makes)."""
    needed = 0
    while needed < min_letters and needed / min_letters < ratio:
        needed += 1
    return needed


def shouting(ratio: float, min_letters: int) -> Predicate:
    needed = fewest_capitals(ratio, min_letters)

    def holds(message_ctx: MessageContext) -> bool:
        text = message_ctx.message.text
        if len(text) < min_letters or text.islower():   # islower: no capital, no copy
            return False
        if text.isascii():
            raw = text.encode()
            upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
            if upper < needed:   # most chat: a capital or two, never enough to shout
                return False
            letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        elif text == text.lower():
            return False
        else:
            letters, upper = letter_counts(text)
        # upper / letters, not ratio * letters: 7/100 == 0.07 but 0.07 * 100 > 7 in floats
        return letters >= min_letters and upper / letters >= ratio

    return holds


def mention_count(message_ctx: MessageContext) -> int:
    message = message_ctx.message
    return (len(set(message.mentions)) + len(set(message.role_mentions))
            + (1 if message.mentions_everyone else 0))


def mentions_over(limit: int) -> Predicate:
    def holds(message_ctx: MessageContext) -> bool:
        count = mention_count(message_ctx)
        if count > limit:
            message_ctx.evidence = f"{count} mentions"
            return True
        return False

    return holds


def newcomer(joined: float | None, young: float | None) -> Predicate:
    """Joined less than `joined` seconds ago, or an account younger than `young`."""
    def holds(message_ctx: MessageContext) -> bool:
        user = message_ctx.message.user
        now = message_ctx.now
        if joined is not None:
            joined_at = (
                timestamp(user.joined_at) if user.joined_at else message_ctx.member.joined_at
            )
            if joined_at is not None and now - joined_at < joined:
                message_ctx.evidence = "joined recently"
                return True
        created = user.created_at
        if young is not None and created is not None and now - timestamp(created) < young:
            message_ctx.evidence = "young account"
            return True
        return False

    return holds


def flooding(count: int, window: float, written: str) -> Predicate:
    """`count` messages within `window` seconds (`written`: the window as the file says)."""
    def holds(message_ctx: MessageContext) -> bool:
        if message_ctx.message.edited:   # an edit is not a message sent: it never floods
            return False
        if message_ctx.member.messages_within(message_ctx.now, window, count):
            message_ctx.evidence = f"{count} messages within {written}"
            return True
        return False

    return holds


def repeating(times: int, window: float) -> Predicate:
    def holds(message_ctx: MessageContext) -> bool:
        digest = text_digest(message_ctx.folded)
        if not digest:
            return False
        seen = message_ctx.member.repeats_within(message_ctx.now, digest, window)
        if seen >= times:
            message_ctx.evidence = f"same text {seen} times"
            return True
        return False

    return holds


def too_long(max_chars: float, max_lines: float) -> Predicate:
    def holds(message_ctx: MessageContext) -> bool:
        text = message_ctx.message.text
        if len(text) > max_chars:
            message_ctx.evidence = f"{len(text)} characters"
            return True
        lines = text.count("\n") + 1
        if lines > max_lines:
            message_ctx.evidence = f"{lines} lines"
            return True
        return False

    return holds


def bad_attachments(banned: frozenset[str], limit: float) -> Predicate:
    def holds(message_ctx: MessageContext) -> bool:
        files = message_ctx.message.attachments
        if not files:
            return False
        if len(files) > limit:
            message_ctx.evidence = f"{len(files)} attachments"
            return True
        for attachment in files:
            if attachment.extension in banned:
                message_ctx.evidence = attachment.filename
                return True
        return False

    return holds


def is_invite(link: Link) -> bool:
    path_re = _INVITE_HOSTS.get(link.host)
    return path_re is not None and path_re.match(link.path) is not None


def bad_link(deny: re.Pattern[str] | None, allow: re.Pattern[str] | None, invites: bool,
             allow_only: bool) -> Predicate:
    def holds(message_ctx: MessageContext) -> bool:
        for link in message_ctx.links:
            if invites and is_invite(link):
                message_ctx.evidence = f"invite {link.host}{link.path}"
                return True
            allowed = allow is not None and allow.match(link.host) is not None
            if deny is not None and not allowed and deny.match(link.host):
                message_ctx.evidence = link.host
                return True
            if allow_only and not allowed:
                message_ctx.evidence = link.host
                return True
        return False

    return holds


def regex_hit(wanted: frozenset[int], bank: RegexBank) -> Predicate:
    def holds(message_ctx: MessageContext) -> bool:
        hits = message_ctx.regex_hits & wanted
        if hits:
            message_ctx.evidence = f"/{bank.pattern(min(hits))}/"
            return True
        return False

    return holds
