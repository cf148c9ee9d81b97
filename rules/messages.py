"""The bot's own words, in the rule file's locale (falls back to English)."""

from __future__ import annotations

WARN_TEXT = {
    "en": "{mention}, you have been warned: {reason}. You now have {points} point(s).",
    "fr": "{mention}, vous avez reçu un avertissement : {reason}. Vous avez maintenant "
    "{points} point(s).",
}
ESCALATION_REASON = {
    "en": "{points} warning points",
    "fr": "{points} points d'avertissement",
}


def text(table: dict[str, str], locale: str) -> str:
    return table.get(locale.split("-")[0], table["en"])
