"""The one message catalogue: every text members, moderators and admins read.

It sits below both the core (`bot/`) and the engine (`rules/`), so the engine can word a
warning in the community's language and stay pure. One locale resolver (`supported`) maps a
locale to a catalogue (`fr-CA` -> `fr`); a language or key a catalogue lacks falls back to
English. Catalogues are plain dicts, one module per domain and language
(`catalogue/<language>/<domain>.py`); a test checks every locale has the same keys and
placeholders, every key used exists and no key is left unused.

A text may embed another text: `{doing!t}` takes the value `doing` as a catalogue key and
puts that key's text there, in the same language and filled with the same values. A
platform's refusal is worded that way from parts ("cannot {doing!t}: {why!t}") with plain
string values, so one key and its values read in any language. The mark sits in the
template, never in a value, so member-supplied values ("@bob", a role name) stay text.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache

from catalogue.en import TEXTS as EN
from catalogue.fr import TEXTS as FR

CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "fr": FR}
LOCALES: tuple[str, ...] = tuple(CATALOGUES)
DEFAULT = "en"


@lru_cache(maxsize=256)   # locales come from rule files and platforms: a handful
def supported(locale: str | None) -> str:
    """The catalogue language for a locale: its language part when known, else English.
    Cached: each text a case posts resolves its locale again (~9 lookups a case)."""
    language = (locale or "").replace("_", "-").split("-")[0].lower()
    return language if language in CATALOGUES else DEFAULT


def template(locale: str | None, key: str, /) -> str:
    """The unfilled text for `key` (English when the locale lacks it)."""
    text = CATALOGUES[supported(locale)].get(key)
    return EN[key] if text is None else text   # a key missing in English is a bug: raise


def t(locale: str | None, key: str, /, **values: object) -> str:
    """The text for `key` in `locale`, placeholders filled (`{name!t}`: see the module)."""
    text = template(locale, key)
    return _fill(locale, text, values, depth=0) if values else text


MAX_NESTING = 4   # texts inside texts: deeper means a text that embeds itself (a bug)


class _Filler(string.Formatter):
    """`str.format` plus the `!t` conversion, which fills an embedded text in place."""

    def __init__(self, locale: str | None, values: Mapping[str, object], depth: int) -> None:
        super().__init__()
        self.locale, self.values, self.depth = locale, values, depth

    def convert_field(self, value: object, conversion: str | None) -> object:
        if conversion != "t":
            return super().convert_field(value, conversion)
        if self.depth >= MAX_NESTING:
            raise ValueError(f"catalogue texts embedded deeper than {MAX_NESTING}: {value!r}")
        return _fill(self.locale, template(self.locale, str(value)), self.values,
                     depth=self.depth + 1)


def _fill(locale: str | None, text: str, values: Mapping[str, object], *, depth: int) -> str:
    if "!t" not in text:   # the common case, at str.format's speed
        return text.format(**values)
    return _Filler(locale, values, depth).vformat(text, (), values)
