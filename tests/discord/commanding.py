"""Helpers for the command tests: a recording command center, and sending an interaction
through the fake Discord until the bot has answered it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.command_model import Answer, CommandSpec, Invocation
from bot.commands.registry import COMMANDS

from .fake import Recorded
from .harness import Running


class Recorder:
    """A command center that records invocations and answers what it is told."""

    def __init__(self, answer: Answer | Callable[[Invocation], Answer] | None = None) -> None:
        self.invocations: list[Invocation] = []
        self.answer = answer or Answer("ok")

    def specs(self) -> tuple[CommandSpec, ...]:
        return COMMANDS

    async def invoke(self, invocation: Invocation) -> Answer:
        self.invocations.append(invocation)
        return self.answer(invocation) if callable(self.answer) else self.answer


def by_token(bot: Running, token: str) -> list[Recorded]:
    """The requests answering one interaction (its callback, then the webhook calls)."""
    return [r for r in bot.fake.requests if f"/{token}" in r.path]


async def interact(bot: Running, payload: dict[str, Any], *, answers: int = 2
                   ) -> list[Recorded]:
    """Push an INTERACTION_CREATE; return the `answers` requests answering it, in order."""
    token = payload["token"]
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    await bot.until(lambda: len(by_token(bot, token)) >= answers,
                    f"{answers} answers to interaction {payload['data']}")
    return by_token(bot, token)
