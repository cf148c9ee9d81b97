"""Static character tables for folding and leetspeak.

Kept apart from the code so the data can be reviewed (and extended) without reading the
algorithms. Everything here is plain data; nothing is computed at import.
"""

from __future__ import annotations

# Letters from other scripts (and Latin letters without a decomposition) that are used as
# look-alikes of Latin letters. Keys are the *case-folded* forms, because `fold` case-folds
# before it applies this table. Values are lowercase ASCII.
LOOKALIKES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "и": "u",
    "й": "u", "к": "k", "л": "n", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ц": "u", "ш": "w", "щ": "w",
    "ъ": "b", "ы": "bi", "ь": "b", "э": "e", "ю": "io", "я": "r",
    "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ӏ": "l", "ɡ": "g", "ѵ": "v", "ѡ": "w", "ү": "y", "ұ": "y", "ҳ": "x", "ӄ": "k",
    "ҝ": "k", "ҟ": "k", "ң": "h", "ҥ": "h", "ӊ": "h", "ԍ": "g", "ԃ": "d", "ԅ": "d",
    "є": "e", "ґ": "r", "ђ": "h", "ћ": "h", "ѐ": "e", "ѝ": "u", "ў": "y",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "ζ": "z", "η": "n", "θ": "o",
    "ι": "i", "κ": "k", "λ": "l", "μ": "u", "ν": "v", "ξ": "e", "ο": "o", "π": "n",
    "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "φ": "o", "χ": "x", "ψ": "w",
    "ω": "w", "ϲ": "c", "ϳ": "j", "ϵ": "e", "ϐ": "b", "ϑ": "o", "ϰ": "k", "ϱ": "p",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "զ": "q", "ա": "w", "ռ": "n",
    # Latin letters and IPA symbols that do not decompose to a base letter
    "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "ŧ": "t", "ı": "i", "ȷ": "j",
    "ƀ": "b", "ɨ": "i", "ƚ": "l", "ʉ": "u", "œ": "oe", "æ": "ae", "þ": "th", "ŋ": "n",
    "ĸ": "k", "ɑ": "a", "ɒ": "o", "ɔ": "c", "ɛ": "e", "ɩ": "i", "ɪ": "i", "ʋ": "u",
    "ʏ": "y", "ʀ": "r", "ʜ": "h", "ɴ": "n", "ʟ": "l", "ɢ": "g", "ʙ": "b", "ɦ": "h",
    "ɓ": "b", "ɗ": "d", "ƒ": "f", "ɠ": "g", "ƙ": "k", "ɱ": "m", "ɲ": "n", "ƥ": "p",
    "ʠ": "q", "ɽ": "r", "ʂ": "s", "ƭ": "t", "ʈ": "t", "ⱳ": "w", "ƴ": "y",
    "ȥ": "z", "ʐ": "z", "ɀ": "z", "ȿ": "s", "ɋ": "q", "ꞎ": "l",
    # Small capitals (phonetic extensions) used as "tiny text"
    "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ᴊ": "j", "ᴋ": "k", "ᴍ": "m", "ᴏ": "o",
    "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ꜰ": "f", "ꜱ": "s",
    "ǫ": "q",
    # Punctuation look-alikes, so that apostrophes and separators behave like ASCII ones
    "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "′": "'", "´": "'", "ˈ": "'", "＇": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "⁃": "-",
    "·": ".", "•": ".", "‧": ".", "∙": ".", "⋅": ".", "・": ".",
}

# Capitals whose look-alike differs from their lowercase form's (applied before case
# folding): Greek Eta looks like H but eta like n, Nu like N but nu like v, ...
UPPER_LOOKALIKES: dict[str, str] = {
    "Η": "h", "Μ": "m", "Ν": "n", "Υ": "y", "Ρ": "p", "Χ": "x", "Β": "b", "Ϲ": "c",
    "Ⅰ": "i", "Ӏ": "i", "Ԛ": "q", "Ԝ": "w",
}

# Invisible characters that are not in Unicode category Cf/Mn/Me/Mc (which `fold` drops
# wholesale): Hangul fillers render as nothing but are letters (Lo).
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def _ranges_to_map(first: int, last: int, letters: str) -> dict[str, str]:
    """Map a contiguous block of code points onto a string of letters."""
    return {chr(cp): letters[i] for i, cp in enumerate(range(first, last + 1))}


_AZ = "abcdefghijklmnopqrstuvwxyz"

# Letter-like symbols without an NFKC decomposition (regional indicators, negative
# circled/squared letters). Circled and fullwidth letters are handled by NFKC itself.
SYMBOL_LETTERS: dict[str, str] = {
    **_ranges_to_map(0x1F1E6, 0x1F1FF, _AZ),  # regional indicator symbols
    **_ranges_to_map(0x1F150, 0x1F169, _AZ),  # negative circled latin capitals
    **_ranges_to_map(0x1F170, 0x1F189, _AZ),  # negative squared latin capitals
    **_ranges_to_map(0x1F130, 0x1F149, _AZ),  # squared latin capitals
}

# Leetspeak: for each letter of a listed word, the *other* characters a message may use
# for it. Follows better-profanity's CHARS_MAPPING (a, i, o, u, v, l, e, s, t) with common
# extras: ! and | for i, 8 for b, 9 for g, € for e, + for t.
LEET: dict[str, str] = {
    "a": "@*4",
    "b": "8",
    "e": "*3€",
    "g": "9",
    "i": "*l1!|",
    "l": "1|",
    "o": "*0@",
    "s": "$5",
    "t": "7+",
    "u": "*v",
    "v": "*u",
}

# Non-letter characters that can be part of a word in a message (leet symbols and digits).
LEET_SYMBOLS = "@$*!|€+"

# Characters that may separate the letters of a spelled-out word ("f.u.c.k", "f-u-c-k").
SPACING = " .-_"

# Characters that NFKC expands to more than two (U+FDFA, ARABIC LIGATURE SALLALLAHOU
# ALAYHE WASALLAM, to eighteen), as inclusive code-point ranges. `fold` budgets what they
# add to a message; tests/rules/test_worst_case_text.py checks the list against the
# running Python's Unicode database.
LONG_EXPANSION_RANGES: tuple[tuple[int, int], ...] = (
    (0x00BC, 0x00BE), (0x0385, 0x0385), (0x0F77, 0x0F77), (0x0F79, 0x0F79),
    (0x1FC1, 0x1FC1), (0x1FCD, 0x1FCF), (0x1FDD, 0x1FDF), (0x1FED, 0x1FEE),
    (0x2026, 0x2026), (0x2034, 0x2034), (0x2037, 0x2037), (0x2057, 0x2057),
    (0x2100, 0x2101), (0x2105, 0x2106), (0x2121, 0x2121), (0x213B, 0x213B),
    (0x2150, 0x215E), (0x2162, 0x2162), (0x2166, 0x2167), (0x216B, 0x216B),
    (0x2172, 0x2172), (0x2176, 0x2177), (0x217B, 0x217B), (0x2189, 0x2189),
    (0x222D, 0x222D), (0x2230, 0x2230), (0x2474, 0x2487), (0x2491, 0x24B5),
    (0x2A0C, 0x2A0C), (0x2A74, 0x2A74), (0x2A76, 0x2A76), (0x3200, 0x321E),
    (0x3220, 0x3243), (0x3250, 0x3250), (0x32C9, 0x32CB), (0x32CD, 0x32CD),
    (0x32CF, 0x32CF), (0x3300, 0x330F), (0x3311, 0x3313), (0x3315, 0x3324),
    (0x3329, 0x332F), (0x3332, 0x3336), (0x3338, 0x333E), (0x3340, 0x3348),
    (0x334A, 0x334A), (0x334C, 0x3351), (0x3353, 0x3354), (0x3356, 0x3357),
    (0x3362, 0x3371), (0x3374, 0x3374), (0x3378, 0x3379), (0x337F, 0x337F),
    (0x3388, 0x3389), (0x3391, 0x3394), (0x339F, 0x33A0), (0x33A2, 0x33A4),
    (0x33A6, 0x33A8), (0x33AA, 0x33AF), (0x33C2, 0x33C2), (0x33C6, 0x33C7),
    (0x33D2, 0x33D2), (0x33D5, 0x33D6), (0x33D8, 0x33D9), (0x33DE, 0x33DF),
    (0x33E9, 0x33FF), (0xFB03, 0xFB04), (0xFB2C, 0xFB2D), (0xFC5E, 0xFC63),
    (0xFCF2, 0xFCF4), (0xFD50, 0xFD8F), (0xFD92, 0xFDC7), (0xFDF0, 0xFDFC),
    (0xFE19, 0xFE19), (0x1D160, 0x1D164), (0x1D1BD, 0x1D1C0), (0x1F110, 0x1F12A),
    (0x1F14E, 0x1F14E), (0x1F240, 0x1F248),
)
