"""Gardien on Discord, through discord.py (set-up: the README, "Running on Discord")."""

from adapters.discord.adapter import DiscordAdapter

__all__ = ["DiscordAdapter"]
