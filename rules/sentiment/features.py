"""From folded chunks to the weighted features the model sums: one walk over the tokens.

The same function makes the training rows (bench/train_sentiment.py) and the scores, so
the shipped weights always see features built the way they were learned.

Tokens come from one regex pass over the folded text: links (skipped), emoticons, French
elisions ("n'", "c'"...), words (English contractions kept whole: "don't"), runs of "!" or
"?", clause breaks (. , ;) and single emoji. Then, left to right:

- a letter repeated three times or more ("sooo", "nuuuul") is cut to two, and, when that
  spelling is unknown, to one: an elongated word counts as its plain form;
- a negator opens a scope over the next three words (ended by a clause break or "!"/"?"):
  a word in it is the feature "~word", and its lexicon polarity is reversed (a negated
  negative word only half: "not bad" is not "good");
- an intensifier multiplies the next word's feature value (and polarity) by 1.5, twice
  at most; it has no feature of its own, so "very good" always outweighs "good";
- an idiom pair ("pas mal") is one feature "pas_mal" with its own polarity, no negation;
- polarity sums feed `<lex+>` and `<lex->`, the lexicon's two learned features.
"""

from __future__ import annotations

import re

from rules.chatwords import FUNCTION_WORDS, NEGATORS

from .lexicon import EMOJI, IDIOMS, INTENSIFIERS, POLAR

LEX_POS = "<lex+>"
LEX_NEG = "<lex->"
SCOPE = 3               # words a negator reaches
BOOST = 1.5             # an intensifier's factor
MAX_BOOST = BOOST * BOOST
NEGATED_NEGATIVE = 0.5  # what is left of a negative word's polarity once negated, reversed

_EMOJI_CLASS = "\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_TOKEN = re.compile(
    r"https?://\S+|www\.\S+"                                  # links: dropped below
    r"|>?[:;=]['\-]?[()\[\]dpo/|\\s@*]+(?![a-z0-9])"         # emoticons
    r"|</?3+|\^[_.]?\^|\(+[:;]"
    r"|(?<![\w'])(?:c|d|j|l|m|n|s|t|qu|jusqu|lorsqu|puisqu)'(?=\w)"  # French elisions
    r"|\w+(?:'\w+)*"
    r"|[!?]+|[.,;]+"
    f"|[{_EMOJI_CLASS}]"
)
_ELONGATED = re.compile(r"([^\W\d_])\1\1+")
_DOUBLED = re.compile(r"([^\W\d_])\1")

# What a token does, looked up once per distinct token (see `Walker`).
_WORD, _NEGATOR, _INTENSIFIER, _BREAK, _SKIP, _PAIR = range(6)
_IDIOM = 8              # flag on a role: the token may open an idiom pair
CACHE_CAP = 50_000      # distinct tokens a walker remembers; past it, computed each time

LANGUAGES = ("en", "fr")
ROLES = {lang: {**dict.fromkeys(INTENSIFIERS[lang], _INTENSIFIER),
                **dict.fromkeys(NEGATORS[lang], _NEGATOR)} for lang in LANGUAGES}
POLARITY = {lang: {**POLAR[lang], **EMOJI} for lang in LANGUAGES}
IDIOM_FIRST = {lang: frozenset(first for first, _ in IDIOMS[lang]) for lang in LANGUAGES}

# (role, feature, polarity, negated feature, negatable)
Entry = tuple[int, str, float, str, bool]


def read(chunks: list[str]) -> list[str]:
    """The tokens of a folded, whitespace-split text (see the module docstring): a chunk
    of letters and digits is one word as it is, the others go through the regex."""
    toks: list[str] = []
    split = _SPLIT
    for chunk in chunks:
        if chunk.isalnum():
            toks.append(chunk)
            continue
        found = split.get(chunk)
        if found is None:
            found = _TOKEN.findall(chunk)
            if len(split) < CACHE_CAP and len(chunk) <= 64:
                split[chunk] = found
        toks += found
    return toks


_SPLIT: dict[str, list[str]] = {}   # chunks with punctuation, as `read` cut them (pure)


def language(toks: list[str], hint: str) -> str:
    """"en" or "fr": the language with more distinct function words among `toks`; on a
    tie (none at all, or as many of each) the community's language `hint`."""
    en = len(FUNCTION_WORDS["en"].intersection(toks))
    fr = len(FUNCTION_WORDS["fr"].intersection(toks))
    if en != fr:
        return "en" if en > fr else "fr"
    return "fr" if hint[:2].lower() == "fr" else "en"


def _emoticon(tok: str) -> str:
    """The spelling the lexicon lists: ":-)))" -> ":)", ";-P" -> ";p", "<333" -> "<3"."""
    first = tok[0]
    if first == ">":
        return ">" + _emoticon(tok[1:]) if len(tok) > 1 else tok
    if first == "<":
        return "</3" if tok[1:2] == "/" else "<3"
    if first == "^":
        return "^^"
    if first == "(":
        return "(:"
    return tok.replace("-", "").replace("'", "")[:2]


class Walker:
    """Turns one language's tokens into features; `known` is the model's vocabulary,
    consulted only to read elongated words back (a word it knows is never cut)."""

    def __init__(self, lang: str, known: frozenset[str]) -> None:
        self.lang = lang
        self.idioms = IDIOMS[lang]
        self._known = known
        self._lexical = frozenset(POLARITY[lang]) | frozenset(ROLES[lang])
        self._cache: dict[str, Entry] = {}

    def _plain(self, tok: str) -> str:
        """An elongated word as its plain form: runs cut to two letters when the lexicon
        or the model knows that spelling ("goood" -> "good"), else to one ("baaad")."""
        two = _ELONGATED.sub(r"\1\1", tok)
        one = _DOUBLED.sub(r"\1", two)
        for form in (two, one):
            if form in self._lexical:
                return form
        return two if two in self._known else one

    def _entry(self, token: str) -> Entry:
        tok = token
        first = tok[0]
        if first in "!?.,;":
            entry: Entry = (_BREAK, first if first in "!?" else "", 0.0, "", False)
        elif first in "hw" and tok.startswith(("http://", "https://", "www.")):
            entry = (_SKIP, "", 0.0, "", False)
        else:
            if first in ":;=>^(<":
                tok = _emoticon(tok)
            elif (tok not in self._known and tok not in POLARITY[self.lang]
                  and _ELONGATED.search(tok)):
                tok = self._plain(tok)
            role = ROLES[self.lang].get(tok, _WORD)
            if tok in IDIOM_FIRST[self.lang]:
                role |= _IDIOM
            entry = (role, tok, POLARITY[self.lang].get(tok, 0.0), "~" + tok,
                     tok not in EMOJI)
        if len(self._cache) < CACHE_CAP:
            self._cache[token] = entry
        return entry

    def alone(self, token: str) -> tuple[str, float] | None:
        """(feature, polarity) of a token whose feature does not depend on its neighbours
        (a plain word, "!" or "?", a link: feature ""), or None (a negator, an
        intensifier, the first word of an idiom)."""
        role, feat, pol, _, _ = self._cache.get(token) or self._entry(token)
        if role == _WORD:
            return feat, pol
        if role in (_BREAK, _SKIP):
            return feat, 0.0
        return None

    def features(self, toks: list[str]) -> list[tuple[str, float]]:
        """The (feature, value) pairs of one message's tokens (`read`)."""
        cache = self._cache
        out: list[tuple[str, float]] = []
        lex_pos = lex_neg = 0.0
        scope = 0
        boost = 1.0
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i]
            i += 1
            role, feat, pol, negated, negatable = cache.get(tok) or self._entry(tok)
            if role & _IDIOM:
                pair = (feat, toks[i]) if i < n else None
                if pair in self.idioms:
                    pol = self.idioms[pair]
                    out.append((f"{feat}_{toks[i]}", boost))
                    i += 1
                    scope = 0
                    role = _PAIR
                else:
                    role -= _IDIOM
            if role == _WORD:
                if scope and negatable:
                    scope -= 1
                    out.append((negated, boost))
                    pol = -pol if pol > 0 else -pol * NEGATED_NEGATIVE
                else:
                    out.append((feat, boost))
            elif role == _BREAK:
                if feat:
                    out.append((feat, 1.0))
                scope = 0
                boost = 1.0
                continue
            elif role == _INTENSIFIER:
                boost = min(boost * BOOST, MAX_BOOST)
                continue
            elif role == _NEGATOR:
                out.append((feat, 1.0))
                scope = SCOPE
                boost = 1.0
                continue
            elif role != _PAIR:
                continue                                # a link
            if pol > 0:
                lex_pos += pol * boost
            elif pol < 0:
                lex_neg -= pol * boost
            boost = 1.0
        if lex_pos:
            out.append((LEX_POS, lex_pos))
        if lex_neg:
            out.append((LEX_NEG, lex_neg))
        return out
