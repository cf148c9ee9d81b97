"""Gardien on Discord, through discord.py (see docs/discord.md)."""

from adapters.discord.adapter import DiscordAdapter

__all__ = ["DiscordAdapter"]
