"""Message catalogues: every text members and moderators read, in English and French.

`t(locale, key, **values)` picks the catalogue for the locale's language
(`fr-CA` -> `fr`), falls back to English for a language or key it lacks, and
fills `{placeholders}`. Catalogues are plain dicts (bot/i18n/en.py, fr.py): no
file to ship or parse, and a test checks both have the same keys and placeholders.
"""

from __future__ import annotations

from bot.i18n.en import TEXTS as EN
from bot.i18n.fr import TEXTS as FR

CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "fr": FR}
DEFAULT = "en"


def supported(locale: str | None) -> str:
    """The catalogue language for a locale: its language part when known, else English."""
    language = (locale or "").replace("_", "-").split("-")[0].lower()
    return language if language in CATALOGUES else DEFAULT


def t(locale: str | None, key: str, /, **values: object) -> str:
    """The text for `key` in `locale` (English when missing), placeholders filled."""
    text = CATALOGUES[supported(locale)].get(key)
    if text is None:
        text = EN[key]   # a key missing in English is a bug: let it raise
    return text.format(**values) if values else text
