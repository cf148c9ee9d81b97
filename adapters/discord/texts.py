"""The catalogue's words in Discord's command picker: English by default, the other
catalogue languages through discord.py's Translator (`*_localizations` in the payload).

The texts themselves live in the one catalogue (`catalogue/<language>/`): the commands'
help (`help.*`), the options' descriptions (`option.help.*`), Discord's own menu entry
(`discord.*`). Discord limits descriptions to 100 characters.
"""

from __future__ import annotations

import discord
from discord import app_commands

from catalogue import CATALOGUES, DEFAULT, supported, t


def english(key: str) -> app_commands.locale_str:
    """The default language's text, carrying its key so the translator finds the others."""
    return app_commands.locale_str(t(DEFAULT, key), key=key)


class Translator(app_commands.Translator):
    """Every catalogue language but the default one, for the clients that use it."""

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        key = string.extras.get("key")
        language = supported(locale.value)
        if key is None or language == DEFAULT or key not in CATALOGUES[language]:
            return None
        return t(language, key)
