"""Who may do what: the command's right, then the hierarchy for commands that act on a member.

Rights come from the platform (Discord permissions, Telegram administrator
rights) and are checked here too, since a server's admins can override command
permissions. Owners pass every right and rank check and can never be acted on;
Telegram administrators cannot be acted on either, nor can a chat or a channel (a
Telegram id below zero, or the community's own id): sanctions are for members. Reading a
member's history or noting something about them is not acting on them: only the commands
the table marks with `hierarchy` (the sanctions) check the target. Ranks also bound what
one may do to what others own: purging a named member's messages (`purge_refusal`) and
amending another moderator's case (cases.py) need the invoker to rank above them.
"""

from __future__ import annotations

from bot.command_model import Authority, CommandSpec, Invocation

ONLY_USER = "_only_user"   # a button's `only_user`, as adapters pass it in the options


def refusal(inv: Invocation, spec: CommandSpec) -> tuple[str, dict[str, object]] | None:
    """The catalogue key (and values) of why `inv` is refused, or None when it may run."""
    invoker = inv.invoker
    only = inv.options.get(ONLY_USER)
    if only is not None and str(only) != invoker.id:
        return "refuse.only_user", {}
    if spec.right is not None and not invoker.owner and spec.right not in invoker.rights:
        return "refuse.right", {"right": spec.right}
    if not spec.hierarchy or inv.target is None:   # the table says which commands act
        return None
    return target_refusal(inv)


def target_refusal(inv: Invocation) -> tuple[str, dict[str, object]] | None:
    target, invoker, bot = inv.target, inv.invoker, inv.bot
    assert target is not None
    if target.id == bot.id:
        return "refuse.target_bot", {}
    if target.id == invoker.id:
        return "refuse.target_self", {}
    if target.owner:
        return "refuse.target_owner", {}
    if target.admin:
        return "refuse.target_admin", {}
    if names_a_chat(inv.community, target.id):
        return "refuse.target_chat", {}
    if not invoker.owner and invoker.rank <= target.rank:
        return "refuse.invoker_not_above", {}
    if bot.rank <= target.rank:
        return "refuse.bot_not_above", {}
    return None


def names_a_chat(community: str, user: str) -> bool:
    """Whether `user` is the community itself or a chat/channel rather than a person: no
    platform gives a person a negative id (Telegram gives them to groups and channels,
    whose messages a channel or an anonymous admin posts), and `telegram:<id>` is the chat."""
    own = community.partition(":")[2]
    return user == own or (user.startswith("-") and user[1:].isascii() and user[1:].isdigit())


def outranks(invoker: Authority, other: Authority) -> bool:
    """Whether `invoker` stands above `other`: the owner above everyone, else a higher rank."""
    return not other.owner and (invoker.owner or invoker.rank > other.rank)


def purge_refusal(invoker: Authority, member: Authority) -> tuple[str, dict[str, object]] | None:
    """Why `invoker` may not purge `member`'s messages, or None: their own always, anyone's
    below them. A purge naming no one is not checked here: Manage Messages already lets its
    holder delete anyone's message in the channel (no platform ranks message deletion), and
    only naming a member singles a person out."""
    if member.id == invoker.id or invoker.owner:
        return None
    if member.owner:
        return "refuse.target_owner", {}
    if not outranks(invoker, member):
        return "refuse.invoker_not_above", {}
    return None
