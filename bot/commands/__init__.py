"""Moderator, admin and member commands, platform-neutral (see model.py for the contract)."""
