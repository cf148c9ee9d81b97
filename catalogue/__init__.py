"""The one message catalogue: every text members, moderators and admins read.

It sits below both the core (`bot/`) and the engine (`rules/`), so the engine can word a
warning in the community's language and stay pure. One locale resolver (`supported`) maps a
locale to a catalogue (`fr-CA` -> `fr`); a language or key a catalogue lacks falls back to
English. Catalogues are plain dicts, one module per domain and language
(`catalogue/<language>/<domain>.py`); a test checks every locale has the same keys and
placeholders, every key used exists and no key is left unused.
"""

from __future__ import annotations

from catalogue.en import TEXTS as EN
from catalogue.fr import TEXTS as FR

CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "fr": FR}
LOCALES: tuple[str, ...] = tuple(CATALOGUES)
DEFAULT = "en"


def supported(locale: str | None) -> str:
    """The catalogue language for a locale: its language part when known, else English."""
    language = (locale or "").replace("_", "-").split("-")[0].lower()
    return language if language in CATALOGUES else DEFAULT


def template(locale: str | None, key: str, /) -> str:
    """The unfilled text for `key` (English when the locale lacks it)."""
    text = CATALOGUES[supported(locale)].get(key)
    return EN[key] if text is None else text   # a key missing in English is a bug: raise


def t(locale: str | None, key: str, /, **values: object) -> str:
    """The text for `key` in `locale`, placeholders filled."""
    text = template(locale, key)
    return text.format(**values) if values else text
