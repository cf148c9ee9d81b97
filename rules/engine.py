"""The engine: one event, the community's compiled rules and the member's state in,
a verdict out. Pure: no I/O, and the clock is the event's own time."""

from __future__ import annotations

from rules.context import MessageContext
from rules.events import Join, Message
from rules.ruleset import CompiledRule, Ruleset
from rules.sentencing import sentence
from rules.sentiment import score_chunks
from rules.state import MemberState, StateBook, text_digest, timestamp
from rules.verdict import Verdict


def is_exempt(ruleset: Ruleset, message: Message) -> bool:
    """Bots and the file's exempt users, roles and channels are never evaluated."""
    user = message.user
    if user.bot:
        return True
    # By id only: display names are the member's to choose, so a name would let anyone
    # rename themselves out of moderation. (On the console the id is the name.)
    if ruleset.exempt_users and user.id in ruleset.exempt_users:
        return True
    if user.roles and ruleset.exempt_roles and not ruleset.exempt_roles.isdisjoint(
        map(str.casefold, user.roles)
    ):
        return True
    return bool(ruleset.exempt_channels) and (
        message.channel.casefold() in ruleset.exempt_channels
        or message.channel_id in ruleset.exempt_channels
    )


def record_join(state: MemberState, join: Join) -> None:
    """Remember when the member joined, for `newcomer` when messages lack it."""
    state.joined_at = timestamp(join.at)


def observe(ruleset: Ruleset, message: Message, state: MemberState) -> MessageContext:
    """Record the message in the member's history (an edit is not a new message)."""
    now = timestamp(message.at)
    context = MessageContext(message, state, now, ruleset.bank)
    keep = ruleset.history_keep
    if keep and not message.edited:
        digest = text_digest(context.folded) if ruleset.repeat_keep else 0.0
        state.record_message(now, message.group, keep, digest)
    return context


def join_message(join: Join) -> Message:
    """A join as join rules see it: a "message" whose text is the member's display name."""
    return Message(id=join.id, community=join.community, at=join.at, user=join.user,
                   text=join.user.name, channel="")


def evaluate_join(ruleset: Ruleset, join: Join, state: MemberState,
                  book: StateBook | None = None) -> Verdict:
    """Apply the `on: [join]` rules at the moment of joining (nothing is recorded as a
    message: flood and repeat windows only count what members post)."""
    record_join(state, join)
    if not ruleset.join_rules:
        return Verdict(join.id, join.community, join.user.id)
    message = join_message(join)
    if (join.user.bot or ruleset.has_exemptions) and is_exempt(ruleset, message):
        return Verdict(join.id, join.community, join.user.id)
    context = MessageContext(message, state, timestamp(join.at), ruleset.bank)
    rules = ruleset.join_rules
    if ruleset.words is not None and ruleset.join_gate.gated:
        rules = ruleset.join_gate.candidates(context.word_hits(ruleset.words))
    return _judge(ruleset, rules, message, state, context, book)


def cooldown_holder(rule: CompiledRule, message: Message) -> str | None:
    """Whose state keeps a shared cooldown: a channel's or the community's, under a key no
    member id can take (`#` starts none of the platforms' ids); None: the member's own."""
    if rule.cooldown_per == "channel":
        return f"#channel:{message.channel_id or message.channel}"
    if rule.cooldown_per == "community":
        return "#community"
    return None


def evaluate(ruleset: Ruleset, message: Message, state: MemberState,
             book: StateBook | None = None) -> Verdict:
    """Apply every rule to `message`, update `state`, and return the merged verdict.
    `book` holds the cooldowns shared by a channel or the community (`cooldown.per`);
    without it they are kept on the member, as a cooldown per member is."""
    if (message.user.bot or ruleset.has_exemptions) and is_exempt(ruleset, message):
        return Verdict(message.id, message.community, message.user.id)
    context = observe(ruleset, message, state)
    rules = ruleset.message_rules
    if ruleset.words is not None and ruleset.message_gate.gated:
        # One union search says which word rules can hold; the others are not called.
        rules = ruleset.message_gate.candidates(context.word_hits(ruleset.words))
    verdict = _judge(ruleset, rules, message, state, context, book)
    return _sensed(ruleset, context, verdict) if ruleset.senses else verdict


def _sensed(ruleset: Ruleset, context: MessageContext, verdict: Verdict) -> Verdict:
    """The watch's view of the message: the terms it names and how negative it sounds,
    from the same folded chunks the rules read (never a sanction)."""
    chunks = context.chunks
    terms = ruleset.watch.find_chunks(chunks) if ruleset.watch is not None else ()
    return verdict._replace(watch=terms, sentiment=score_chunks(chunks, ruleset.locale))


def _judge(ruleset: Ruleset, rules: tuple[CompiledRule, ...], message: Message,
           state: MemberState, context: MessageContext, book: StateBook | None = None
           ) -> Verdict:
    now = context.now
    hits: list[tuple[CompiledRule, str]] = []
    shadow_hits: list[tuple[CompiledRule, str]] = []
    extra = state.extra   # points and cooldowns; None for most members (no property calls)
    cooldowns = extra.cooldowns if extra is not None else None
    for rule in rules:
        if rule.cooldown and rule.cooldown_per != "member":
            holder = _shared(book, rule, message)
            if holder is None:
                holder = state
            if holder.in_cooldown(rule.id, now) or not rule.predicate(context):
                continue
            holder.start_cooldown(rule.id, now + rule.cooldown)
        else:
            if cooldowns is not None and rule.cooldown and state.in_cooldown(rule.id, now):
                continue
            if not rule.predicate(context):
                continue
            if rule.cooldown:
                state.start_cooldown(rule.id, now + rule.cooldown)
                cooldowns = state.cooldowns
        (shadow_hits if rule.mode == "shadow" else hits).append((rule, context.evidence))
        context.evidence = ""
    if not hits and not shadow_hits:
        extra = state.extra
        points = (state.points_at(now, ruleset.escalation.expire_after)
                  if extra is not None and extra.points else 0)
        return Verdict(message.id, message.community, message.user.id, points=points)
    return sentence(ruleset, message, state, now, hits, shadow_hits)


def _shared(book: StateBook | None, rule: CompiledRule, message: Message) -> MemberState | None:
    key = cooldown_holder(rule, message)
    return book.get(message.community, key) if book is not None and key is not None else None


class Engine:
    """Convenience holder of one ruleset and a state book (simulate, examples, tests)."""

    def __init__(self, ruleset: Ruleset, book: StateBook | None = None) -> None:
        self.ruleset = ruleset
        self.book = book if book is not None else StateBook()

    def on_message(self, message: Message) -> Verdict:
        return evaluate(self.ruleset, message, self.book.get(message.community, message.user.id),
                        self.book)

    def on_join(self, join: Join) -> Verdict:
        return evaluate_join(self.ruleset, join, self.book.get(join.community, join.user.id),
                             self.book)
