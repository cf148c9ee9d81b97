"""The entry point adapters call: `await center.invoke(invocation) -> Answer`.

(Contract fixed here; the implementation lands with the command families.)
"""

from __future__ import annotations

from bot.commands.model import Answer, CommandSpec, Invocation
from bot.commands.registry import COMMANDS


class CommandCenter:
    """Checks rights, runs the command family, writes cases ledger-first, answers."""

    def specs(self) -> tuple[CommandSpec, ...]:
        """Every command, for registration (Discord slash commands, Telegram setMyCommands)."""
        return COMMANDS

    async def invoke(self, invocation: Invocation) -> Answer:   # pragma: no cover - contract
        raise NotImplementedError
