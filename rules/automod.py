"""Discord AutoMod from a rule file: which word rules it can carry, and the keyword rules
that carry them, within Discord's limits. Pure: no I/O beyond the word lists the compile
already read, no platform SDK (adapters/discord/automod.py applies the plan).

AutoMod blocks a message before anyone sees it and before Gardien gets it, so only rules
it can carry whole are given to it: enforced message rules whose `match` is exactly one
`words` condition and whose actions AutoMod can stand in for (`delete`; a `timeout`,
natively; `alert`, as an alert to the log channel; `reply` and `dm`, as the blocked
message's notice). A rule that warns, kicks or bans stays with Gardien alone: AutoMod
would swallow the message and the sanction with it. Gardien's matcher stays the second
line for everything (evasion, context, escalation).

Whole words: a bare AutoMod keyword matches whole words only (`*word*` would match inside
other words), which is what `words` means; keywords are written bare, lower case, and an
entry with a `*` of its own is left to Gardien rather than read as a wildcard.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

MARKER = "[gardien]"               # every rule Gardien owns has a name starting with it
MAX_KEYWORD_RULES = 6              # keyword rules per server
MAX_KEYWORDS = 1000                # keyword_filter per rule
MAX_KEYWORD_LENGTH = 60            # characters per keyword (and per allow_list entry)
MAX_ALLOW = 100                    # allow_list per keyword rule
MAX_EXEMPT_ROLES = 20
MAX_EXEMPT_CHANNELS = 50
MAX_TIMEOUT_SECONDS = 4 * 7 * 86400   # a timeout action lasts at most 4 weeks
MAX_NAME = 100
MAX_CUSTOM_MESSAGE = 150           # what Discord's docs allow (the spec says 300)

CARRIED = frozenset({"delete", "timeout", "alert", "reply", "dm"})


class ActionLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def duration(self) -> Any: ...   # a timedelta, or None


class RuleLike(Protocol):
    """The compiled rule's parts read here (rules.ruleset.CompiledRule has them)."""

    @property
    def id(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def on_message(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    @property
    def actions(self) -> Sequence[ActionLike]: ...


@dataclass(frozen=True, slots=True)
class WordRule:
    """A rule AutoMod can carry: its keywords (most severe first) and what it does."""

    id: str
    keywords: tuple[tuple[str, int], ...]   # (keyword, severity)
    allow: tuple[str, ...]
    reason: str
    timeout: int | None                   # seconds, capped at 4 weeks
    alert: bool
    severity: int


@dataclass(frozen=True, slots=True)
class AutoModSource:
    """What a rule file with `automod: {sync: true}` hands to AutoMod (Ruleset.automod)."""

    rules: tuple[WordRule, ...]
    left: tuple[tuple[str, str], ...] = ()     # (rule id, why it stays with Gardien)
    unfit: int = 0                              # keywords AutoMod cannot hold (length, `*`)
    exempt_roles: tuple[str, ...] = ()          # names or ids, as the file writes them
    exempt_channels: tuple[str, ...] = ()
    exempt_users: int = 0                       # AutoMod has no exempt users
    log_channel: str | None = None
    sync: bool = True       # False (`sync: false`): Gardien's AutoMod rules are to go


@dataclass(frozen=True, slots=True)
class KeywordRule:
    """One native keyword rule, as Discord will hold it."""

    name: str
    keywords: tuple[str, ...]
    allow: tuple[str, ...]
    custom_message: str
    timeout: int | None
    alert: bool
    origin: tuple[tuple[str, str], ...]   # keyword -> the Gardien rule it came from

    def rule_of(self, keyword: str | None) -> str:
        """The Gardien rule a matched keyword came from (the first one when unknown)."""
        found = dict(self.origin).get((keyword or "").casefold())
        return found if found is not None else self.origin[0][1]


@dataclass(frozen=True, slots=True)
class Plan:
    rules: tuple[KeywordRule, ...]
    overflow: int = 0                     # keywords left to Gardien for want of room
    unfit: int = 0                        # keywords AutoMod cannot hold at all
    left: tuple[tuple[str, str], ...] = ()
    exempt_roles: tuple[str, ...] = ()
    exempt_channels: tuple[str, ...] = ()
    exempt_users: int = 0
    notes: tuple[str, ...] = field(default=())


def severity(rule: RuleLike, keyword: str, entry_severity: int | None = None) -> int:
    """How severe a keyword of `rule` is, the most severe kept first when room runs out:
    the rule's sanction first (the admin's own scale), then, within it, the built-in
    list entry's severity 1-3 (a word from a file or `add` counts as 2)."""
    del keyword
    ranks = {"ban": 4, "kick": 3, "timeout": 3, "delete": 2, "warn": 1}
    rank = max((ranks.get(action.kind, 0) for action in rule.actions), default=0)
    return rank * 10 + (entry_severity if entry_severity is not None else 2)


def keyword_form(entry: str) -> str | None:
    """The entry as an AutoMod keyword (bare: whole words), or None when it cannot be one."""
    text = " ".join(entry.split()).casefold()
    if not text or "*" in text or len(text) > MAX_KEYWORD_LENGTH:
        return None
    return text


Sourced = list[tuple[str, int | None]]   # a word, and its built-in entry's severity


def _words_of(options: Any, base_dir: Path, local_files: bool) -> tuple[Sourced, list[str]]:
    """The words (with their built-in list) and allowed words of a `words` condition (lists
    read as the compile did; a list the compile refused is already a problem of the file)."""
    from rules.conditions.words import BUILTIN_PREFIX, read_word_file
    from rules.wordlists import builtin_entries

    if isinstance(options, list):
        return [(str(word), None) for word in options], []
    if not isinstance(options, dict):
        return [], []
    floor = options.get("min_severity")
    floor = floor if isinstance(floor, int) else 1
    words: Sourced = []
    for name in options.get("lists") or []:
        name = str(name)
        if name.startswith(BUILTIN_PREFIX):
            try:
                entries = builtin_entries(name[len(BUILTIN_PREFIX):])
            except KeyError:   # already a problem of the file
                continue
            words.extend((e.text, e.severity) for e in entries if e.severity >= floor)
        elif local_files:
            try:
                words.extend((word, None) for word in read_word_file((base_dir / name).resolve()))
            except (OSError, UnicodeDecodeError, ValueError):
                continue
    words.extend((str(word), None) for word in options.get("add") or [])
    return words, [str(word) for word in options.get("allow") or []]


def _why_left(rule: RuleLike, raw: Any) -> str | None:
    """Why AutoMod cannot carry `rule` whole, or None when it can."""
    if rule.mode != "enforce" or not rule.on_message:
        return "not enforced on messages"
    match = raw.get("match") if isinstance(raw, dict) else None
    if not isinstance(match, dict) or set(match) != {"words"}:
        return "its match is more than one words condition"
    kinds = {action.kind for action in rule.actions}
    if "delete" not in kinds:
        return "it does not delete"
    if kinds - CARRIED:
        return "AutoMod would lose its " + ", ".join(sorted(kinds - CARRIED))
    return None


def collect(raw_rules: Any, compiled: Iterable[RuleLike], base_dir: Path, *,
            local_files: bool = True, exempt_roles: Iterable[str] = (),
            exempt_channels: Iterable[str] = (), exempt_users: int = 0,
            log_channel: str | None = None) -> AutoModSource:
    """The word rules of a compiled file AutoMod can carry (`raw_rules`: the file's `rules`)."""
    raw_by_id = {raw.get("id"): raw for raw in raw_rules or [] if isinstance(raw, dict)}
    carried: list[WordRule] = []
    left: list[tuple[str, str]] = []
    unfit = 0
    for rule in compiled:
        raw = raw_by_id.get(rule.id)
        why = _why_left(rule, raw)
        if why is not None:
            left.append((rule.id, why))
            continue
        assert isinstance(raw, dict)
        words, allow = _words_of(raw["match"]["words"], base_dir, local_files)
        allowed = tuple(dict.fromkeys(a for a in map(keyword_form, allow) if a is not None))
        if len(allowed) > MAX_ALLOW or any(keyword_form(a) is None for a in allow):
            left.append((rule.id, f"its allow list does not fit AutoMod's ({MAX_ALLOW} "
                                  f"entries of {MAX_KEYWORD_LENGTH} characters)"))
            continue
        keywords: dict[str, int] = {}
        for word, entry_severity in words:
            form = keyword_form(word)
            if form is None:
                unfit += 1
            elif form not in keywords or (keywords[form]
                                          < severity(rule, form, entry_severity)):
                keywords[form] = severity(rule, form, entry_severity)
        timeouts = [a.duration for a in rule.actions if a.kind == "timeout"]
        timeout = min(int(max(timeouts).total_seconds()), MAX_TIMEOUT_SECONDS) if (
            timeouts) else None
        ranked = sorted(keywords.items(), key=lambda item: -item[1])
        carried.append(WordRule(
            id=rule.id, keywords=tuple(ranked), allow=allowed,
            reason=rule.reason if rule.reason != rule.id else "",   # no reason: Discord's
            timeout=timeout, alert=any(a.kind == "alert" for a in rule.actions),
            severity=max((s for _, s in ranked), default=0)))
    return AutoModSource(tuple(carried), tuple(left), unfit, tuple(exempt_roles),
                         tuple(exempt_channels), exempt_users, log_channel)


def rule_name(first_rule: str, part: int) -> str:
    """The stable name of a keyword rule: the marker, its first Gardien rule, its part."""
    name = f"{MARKER} {first_rule}" + (f" ({part + 1})" if part else "")
    return name[:MAX_NAME]


def plan(source: AutoModSource, others: int = 0) -> Plan:
    """The keyword rules for `source`, most severe first, in the slots a server has left
    (`others`: its keyword rules that are not Gardien's). Rules that do the same (notice,
    timeout, alert, allow list) share keyword rules; what finds no room stays with Gardien
    (`overflow`)."""
    slots = max(0, MAX_KEYWORD_RULES - others)
    ordered = sorted(source.rules, key=lambda rule: -rule.severity)   # stable: file order
    groups: dict[tuple[str, int | None, bool, tuple[str, ...]], list[WordRule]] = {}
    for rule in ordered:
        message = rule.reason[:MAX_CUSTOM_MESSAGE]
        groups.setdefault((message, rule.timeout, rule.alert, rule.allow), []).append(rule)
    planned: list[KeywordRule] = []
    overflow = 0
    for (message, timeout, alert, allow), members in groups.items():
        origin: dict[str, str] = {}
        ranks: dict[str, int] = {}
        for rule in members:
            for keyword, rank in rule.keywords:
                origin.setdefault(keyword, rule.id)
                ranks.setdefault(keyword, rank)
        keywords = sorted(origin, key=lambda keyword: -ranks[keyword])   # stable
        for part, start in enumerate(range(0, len(keywords), MAX_KEYWORDS)):
            chunk = keywords[start:start + MAX_KEYWORDS]
            if len(planned) >= slots:
                overflow += len(chunk)
                continue
            planned.append(KeywordRule(
                name=rule_name(members[0].id, part), keywords=tuple(chunk), allow=allow,
                custom_message=message, timeout=timeout, alert=alert,
                origin=tuple((k, origin[k]) for k in chunk)))
    notes = []
    if len(source.exempt_roles) > MAX_EXEMPT_ROLES:
        notes.append(f"only the first {MAX_EXEMPT_ROLES} exempt roles are carried")
    if len(source.exempt_channels) > MAX_EXEMPT_CHANNELS:
        notes.append(f"only the first {MAX_EXEMPT_CHANNELS} exempt channels are carried")
    return Plan(tuple(planned), overflow, source.unfit, source.left,
                source.exempt_roles[:MAX_EXEMPT_ROLES],
                source.exempt_channels[:MAX_EXEMPT_CHANNELS], source.exempt_users,
                tuple(notes))
