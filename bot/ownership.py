"""Which communities this process acts for on its own, when several share one database.

Events only reach the process that holds a community's connection, but timers,
start-up reconciliation, schedules, feeds and reports are read from the database,
which every process sees whole. `Ownership.owns` says which of them are this
process's: a Discord guild whose shard it runs (`(guild_id >> 22) % count`, Discord's
formula), every Telegram chat when it holds the Telegram token, the console when
it runs the console. Everything else is left to the process that owns it, so no
community is acted on twice, nor forgotten while its owner runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.settings import Config, Shards


def shard_problems(count: int, ids: Sequence[int]) -> list[tuple[int | None, str]]:
    """What is wrong with `shards: {count, ids}`: (index in `ids`, or None, message)."""
    found: list[tuple[int | None, str]] = []
    if not ids:
        found.append((None, "list at least one shard id for this process"))
    for index, shard in enumerate(ids):
        if not 0 <= shard < count:
            found.append((index, f"shard id {shard} is out of range: with count {count}, "
                                 f"ids run from 0 to {count - 1}"))
        elif shard in ids[:index]:
            found.append((index, f"shard id {shard} is listed twice"))
    return found


@dataclass(frozen=True, slots=True)
class Ownership:
    """`platforms`: the platforms this process runs (None: all of them, one process for
    everything, as in tests); `shards`: the Discord shards it runs (None: all)."""

    platforms: frozenset[str] | None = None
    shards: Shards | None = None

    @classmethod
    def of(cls, config: Config) -> Ownership:
        """What the process `config` describes owns."""
        platforms = {"console"} if config.console else set()
        if config.discord is not None:
            platforms.add("discord")
        if config.telegram is not None:
            platforms.add("telegram")
        shards = config.discord.shards if config.discord is not None else None
        return cls(frozenset(platforms), shards)

    @property
    def everything(self) -> bool:
        """True when no community is another process's (no filtering needed)."""
        return self.platforms is None and self.shards is None

    @property
    def leads(self) -> bool:
        """Whether this process runs the database-wide chores (retention): the one that
        runs Discord's shard 0, or any process when Discord is not sharded."""
        return self.shards is None or 0 in self.shards.ids

    def owns(self, community: str) -> bool:
        """Whether `community` ("<platform>:<id>") is this process's to act for."""
        platform, _, ident = community.partition(":")
        if self.platforms is not None and platform not in self.platforms:
            return False
        if platform != "discord" or self.shards is None:
            return True
        if not (ident.isascii() and ident.isdigit()):   # not a guild id: no shard has it
            return False
        return self.shards.of(int(ident)) in self.shards.ids


EVERYTHING = Ownership()
