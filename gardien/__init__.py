"""Entry points: the `gardien` command line and the process that runs the bot.

The only layer that knows every platform: it reads the config, builds the
adapters that are on and hands them to the core (bot/core.py).
"""
