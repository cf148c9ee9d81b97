"""Buttons survive restarts because everything they need is in their payload.

Telegram limits callback data to 64 bytes and Discord custom ids to 100
characters, so the payload is compact: `g1|<command>|<k>=<v>&...`.
"""

from __future__ import annotations

from typing import Any

from bot.posts import Button

PREFIX = "g1"
MAX_PAYLOAD = 64


def encode(button: Button) -> str:
    options = dict(button.options)
    if button.only_user:
        options["u"] = button.only_user
    pairs = "&".join(f"{key}={value}" for key, value in options.items())
    payload = f"{PREFIX}|{button.command.replace(' ', '_')}|{pairs}"
    if len(payload.encode()) > MAX_PAYLOAD:
        raise ValueError(f"button payload too long for Telegram: {payload!r}")
    return payload


def decode(payload: str) -> tuple[str, dict[str, Any], str | None] | None:
    """(command, options, only_user) from a payload, or None when it is not ours."""
    parts = payload.split("|")
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    options: dict[str, Any] = {}
    for pair in filter(None, parts[2].split("&")):
        key, _, value = pair.partition("=")
        # ASCII digits only: "²".isdigit() is True but int() refuses it (a forged payload)
        options[key] = int(value) if value.isascii() and value.isdigit() else value
    only_user = options.pop("u", None)
    return parts[1].replace("_", " "), options, str(only_user) if only_user is not None else None
