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

from .lexicon import EMOJI, FUNCTION_WORDS, IDIOMS, INTENSIFIERS, NEGATORS, POLAR

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

# Roles in one table per language, so a plain word costs one failed lookup.
_NEGATOR, _INTENSIFIER, _BREAK, _LINK, _EMOTICON = 1, 2, 3, 4, 5
_IDIOM_FIRST = 6


def _roles(lang: str) -> dict[str, int]:
    roles = dict.fromkeys(INTENSIFIERS[lang], _INTENSIFIER)
    roles.update(dict.fromkeys(NEGATORS[lang], _NEGATOR))
    return roles


ROLES = {lang: _roles(lang) for lang in ("en", "fr")}
IDIOM_FIRST = {lang: frozenset(a for a, _ in IDIOMS[lang]) for lang in IDIOMS}
POLARITY = {lang: {**POLAR[lang], **EMOJI} for lang in POLAR}
LANGUAGES = ("en", "fr")


def read(chunks: list[str]) -> tuple[list[str], bool]:
    """The tokens of a folded, whitespace-split text (see the module docstring), and
    whether any word in it is elongated."""
    text = " ".join(chunks)
    return _TOKEN.findall(text), _ELONGATED.search(text) is not None


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
        return ">" + _emoticon(tok[1:])
    if first == "<":
        return "</3" if tok[1] == "/" else "<3"
    if first == "^":
        return "^^"
    if first == "(":
        return "(:"
    return tok.replace("-", "").replace("'", "")[:2]


def _plain(tok: str, known: frozenset[str]) -> str:
    """An elongated word as its plain form: runs cut to two letters, else to one."""
    two = _ELONGATED.sub(r"\1\1", tok)
    if two == tok or two in known:
        return two
    return _DOUBLED.sub(r"\1", two)


def features(toks: list[str], lang: str, known: frozenset[str],
             elongated: bool) -> list[tuple[str, float]]:
    """The (feature, value) pairs of one message's tokens (`read`) for the `lang` model.
    `known` is the model's vocabulary, consulted only to read elongated words back."""
    roles = ROLES[lang]
    polarity = POLARITY[lang]
    idiom_first = IDIOM_FIRST[lang]
    out: list[tuple[str, float]] = []
    lex_pos = lex_neg = 0.0
    scope = 0
    boost = 1.0
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        i += 1
        first = tok[0]
        if first in "!?.,;":
            if first in "!?":
                out.append((first, 1.0))
            scope = 0
            boost = 1.0
            continue
        if first in "hw" and tok.startswith(("http://", "https://", "www.")):
            continue
        if first in ":;=>^(<":
            tok = _emoticon(tok)
        elif elongated and tok not in known and tok not in polarity:
            tok = _plain(tok, known)
        if tok in idiom_first and i < n and (tok, toks[i]) in IDIOMS[lang]:
            pol = IDIOMS[lang][(tok, toks[i])]
            out.append((f"{tok}_{toks[i]}", boost))
            i += 1
            scope = 0
        else:
            role = roles.get(tok)
            if role == _INTENSIFIER:
                boost = min(boost * BOOST, MAX_BOOST)
                continue
            if role == _NEGATOR:
                out.append((tok, 1.0))
                scope = SCOPE
                boost = 1.0
                continue
            pol = polarity.get(tok, 0.0)
            if scope and tok not in EMOJI:
                scope -= 1
                out.append(("~" + tok, boost))
                pol = -pol if pol > 0 else -pol * NEGATED_NEGATIVE
            else:
                out.append((tok, boost))
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
