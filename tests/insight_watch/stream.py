"""Two days of a watched community, written out by hand, for the watch part's tests.

Community discord:g1 in Europe/Paris (CET, UTC+1 in November). The rule file watches
Acme, "acme cloud" and Zorg, and raises a crisis at 3 negative messages within 10
minutes (and twice the usual). Texts are clearly negative ("I hate ..., awful, the
worst") or clearly not, so the figures follow from the stream, whatever the exact scores.

What the stream holds, and so what the tests expect:
- Nov 2: 7 scored messages, 4 negative; a bot's negative message naming Acme (never
  scored, never a hit); an edit that adds Zorg (a hit, not a new scored message) and
  repeats Acme (already counted for that message);
- a crisis from w5 (10:02 UTC, the third negative within 10 minutes, usual 0) to 10:12
  (w3 and w4 have left the window: one negative left, below half of 3), seen at w7;
- Nov 3 (local; w8 is Nov 2 23:30 UTC): 2 scored, 1 negative; w9's edit adds "acme
  cloud", which names Acme too.
"""

from __future__ import annotations

from pathlib import Path

from tests.insight.stream import message

NEGATIVE = "I hate this, it is awful, the worst"

EVENTS = [
    message("w1", "2026-11-02T09:00:00Z", "alice", "general",
            "good morning everyone, Acme is here"),
    message("w2", "2026-11-02T09:05:00Z", "bob", "general",
            "thanks, great talk about acme cloud"),
    message("b1", "2026-11-02T09:06:00Z", "helper", "general",
            "I hate Acme, it is awful, the worst", bot=True),
    message("w3", "2026-11-02T10:00:00Z", "carol", "general", NEGATIVE),
    message("w4", "2026-11-02T10:01:00Z", "dave", "general", "I hate Acme, it is awful, the worst"),
    message("w5", "2026-11-02T10:02:00Z", "erin", "help", NEGATIVE),
    message("w6", "2026-11-02T10:03:00Z", "alice", "help", NEGATIVE),
    message("w1", "2026-11-02T10:05:00Z", "alice", "general",
            "good morning everyone, Zorg and Acme are here", edited=True),
    message("w7", "2026-11-02T10:20:00Z", "bob", "general", "good morning everyone"),
    message("w8", "2026-11-02T23:30:00Z", "carol", "general",
            "Acme again, I hate it, it is awful, the worst"),
    message("w9", "2026-11-03T12:00:00Z", "dave", "general", "thanks, great talk"),
    message("w9", "2026-11-03T12:10:00Z", "dave", "general", "thanks, great talk on acme cloud",
            edited=True),
]

RULES = """\
version: 1
name: Watch test
locale: {locale}
timezone: Europe/Paris
watch:
  terms: [{terms}]
crisis:
  window: 10m
  negative: 3
  factor: 2
rules:
  - id: no-insults
    match: {{words: [moron]}}
    actions: [delete]
"""
TERMS = 'Acme, "acme cloud", Zorg'

EXPECTED = {
    "terms": [{"term": "Acme", "messages": 5, "daily": [3, 2]},
              {"term": "acme cloud", "messages": 2, "daily": [1, 1]},
              {"term": "Zorg", "messages": 1, "daily": [1, 0]}],
    "scored": 9, "negative": 5, "negative_share": 0.556,
    "daily": [{"day": "2026-11-02", "scored": 7, "negative": 4},
              {"day": "2026-11-03", "scored": 2, "negative": 1}],
    "crises": [{"start": "2026-11-02T10:02:00Z", "end": "2026-11-02T10:12:00Z",
                "negative": 3, "usual": 0.0}],
}


def write_rules(directory: Path, locale: str = "en", terms: str = TERMS,
                name: str = "rules.yaml") -> Path:
    path = directory / name
    path.write_text(RULES.format(locale=locale, terms=terms), encoding="utf-8")
    return path
