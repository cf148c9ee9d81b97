"""Write ``en-categories.txt``: a category and severity for every entry of the English base
list, taken from surge-ai/profanity's ``profanity_en.csv`` (MIT licence).

Run once when the English base list changes, then review the output by hand::

    python -m rules.wordlists.surge_import ../shared/data/wordlists/surge-profanity-en.csv

Surge's categories map to Gardien's as written in ``SURGE_TO_CATEGORY``; its severity
rating (a mean of raters' 1-3 scores) is rounded to the nearest whole level. An entry
Surge does not list takes the values of the longest Surge word it contains ("fistfucking"
-> "fuck"); an entry that contains none is an insult of severity 2.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from rules.wordlists import english_base_words, entry_key

SURGE_TO_CATEGORY: dict[str, str] = {
    "sexual anatomy / sexual acts": "sexual",
    "racial / ethnic slurs": "slurs",
    "sexual orientation / gender": "slurs",
    "religious offense": "slurs",
    "mental disability": "slurs",
    "physical disability": "slurs",
    "bodily fluids / excrement": "insults",
    "other / general insult": "insults",
    "animal references": "insults",
    "physical attributes": "insults",
    "political": "insults",
}
DEFAULT = ("insults", 2)
# Entries Surge does not list, recognised by a stem (checked in order, first wins):
# written for Gardien while reviewing the entries that fell to the default.
STEM_HINTS: tuple[tuple[str, str, int], ...] = (
    ("rape", "sexual", 3), ("rapist", "sexual", 3), ("raping", "sexual", 3),
    ("molest", "sexual", 3), ("incest", "sexual", 3), ("pedo", "sexual", 3),
    ("bestial", "sexual", 3), ("beastial", "sexual", 3), ("snuff", "sexual", 3),
    ("nazi", "slurs", 3), ("n1g", "slurs", 3), ("nicca", "slurs", 3), ("nikka", "slurs", 3),
    ("golliwog", "slurs", 3), ("moolie", "slurs", 3), ("jungle", "slurs", 3),
    ("ching", "slurs", 3), ("slant", "slurs", 3), ("polack", "slurs", 2),
    ("kraut", "slurs", 2), ("honk", "slurs", 2), ("whitey", "slurs", 2),
    ("gringo", "slurs", 2), ("pikey", "slurs", 3), ("nappy", "slurs", 2),
    ("ruski", "slurs", 2), ("hebe", "slurs", 3), ("poof", "slurs", 3),
    ("tranni", "slurs", 3), ("lez", "slurs", 2), ("h0m", "slurs", 2), ("hom0", "slurs", 2),
    ("homo", "slurs", 2), ("queero", "slurs", 2), ("heshe", "slurs", 3),
    ("spastic", "slurs", 3), ("spaz", "slurs", 3), ("spac", "slurs", 3),
    ("schizo", "slurs", 2), ("aryan", "slurs", 2),
    ("crap", "insults", 1), ("fart", "insults", 1), ("piss", "insults", 1),
    ("wtf", "insults", 1), ("fml", "insults", 1), ("gtfo", "insults", 1),
    ("fubar", "insults", 1), ("turd", "insults", 1), ("terd", "insults", 1),
    ("butt", "sexual", 1), ("goddam", "insults", 1), ("godamn", "insults", 1),
    ("fkn", "insults", 1), ("fkin", "insults", 1), ("foad", "insults", 3),
    ("gfy", "insults", 2), ("doofus", "insults", 1), ("moron", "insults", 2),
    ("idiot", "insults", 2), ("imbecile", "insults", 2), ("cretin", "insults", 2),
    ("wit", "insults", 2), ("scum", "insults", 2), ("jerk", "insults", 1),
    ("ganja", "insults", 1), ("reefer", "insults", 1), ("toke", "insults", 1),
    ("junk", "insults", 1), ("scag", "insults", 1), ("skag", "insults", 1),
    ("viagra", "sexual", 1), ("v1gra", "sexual", 1), ("v14gra", "sexual", 1),
    ("wedgie", "insults", 1), ("tampon", "sexual", 1), ("pimp", "sexual", 2),
    ("hooker", "sexual", 2), ("hussy", "slurs", 2), ("floozy", "slurs", 2),
    ("wench", "slurs", 2), ("bimbo", "slurs", 2), ("hoe", "slurs", 2), ("hor", "slurs", 2),
    ("hoor", "slurs", 2), ("thot", "slurs", 2), ("hooch", "slurs", 2), ("hoodrat", "slurs", 2),
    ("beotch", "slurs", 1), ("beeyotch", "slurs", 1), ("inbred", "insults", 2),
    ("pendejo", "insults", 2), ("cabron", "insults", 2), ("puto", "slurs", 2),
    ("uncle", "slurs", 2), ("white", "slurs", 2), ("sleaz", "insults", 1), ("lech", "sexual", 2),
)
SEXUAL_FALLBACK = 2  # any other unlisted entry with a sexual stem below
SEXUAL_STEMS = ("porn", "p0rn", "pron", "orgasm", "orgasim", "orgies", "orgy", "masturb",
                "masterb", "master-bate", "ma5terb", "m45terb", "ejac", "ejak", "dildo", "clit",
                "tit", "t1t", "boob", "booob", "erect", "erotic", "erotism", "fellat", "felch",
                "feltch", "gang", "job", "jaw", "rimming", "cum", "kum", "horn", "jiz", "jism",
                "hentai", "bdsm", "femdom", "sex", "nude", "fist", "cunil", "kunil", "bukk",
                "bukak", "buceta", "fanny", "f4nny", "fanyy", "doggi", "doggy", "dog", "cow",
                "deep", "throat", "shag", "humping", "humped", "smut", "raunch", "spooge",
                "splooge", "skeet", "stiff", "strap", "strip", "three", "voyeur", "yaoi", "shota",
                "futanar", "kinbaku", "shibar", "quim", "queaf", "queef", "kwif", "labia", "pube",
                "scrot", "scroat", "smegma", "nad", "nob", "nooky", "poon", "kooch", "kootch",
                "kock", "kawk", "kondum", "teets", "teez", "titi", "busty", "golden", "brown",
                "blue", "auto", "g-spot", "gspot", "hand", "foot", "tea", "circle", "goatse",
                "tubgirl", "2g1c", "2 girls", "x-rated", "gokkun", "fondle", "quicky", "hardon",
                "peepee", "weewee", "wazoo", "perversion", "whor", "mams", "frigg", "sausage",
                "rump", "pillow", "donkey", "muff", "needthe", "eatadick", "eathair", "flog",
                "hamflap", "kinky", "nutbutter", "numbnuts", "dick", "d1ck", "cnut", "tw4t",
                "twunt", "essohbee", "w00se", "freex", "souse", "scrud", "scrog", "mutha",
                "muther", "mo-fo", "mof0", "dink", "cipa", "arrse", "duche", "douch", "homey",
                "punky", "shamedame", "tittie", "titty")
MIN_CONTAINED = 3  # shorter Surge words ("69", "ho") say nothing about a longer entry


def surge_levels(path: Path) -> dict[str, tuple[str, int, str]]:
    """Entry key -> (category, severity, Surge's own category and rating)."""
    levels: dict[str, tuple[str, int, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rating = float(row["severity_rating"])
            severity = min(3, max(1, int(rating + 0.5)))
            category = SURGE_TO_CATEGORY[row["category_1"]]
            levels.setdefault(entry_key(row["text"]),
                              (category, severity, f"{row['category_1']}, {rating:g}"))
    return levels


def annotate(word: str, levels: dict[str, tuple[str, int, str]]) -> str:
    key = entry_key(word)
    if key in levels:
        category, severity, why = levels[key]
        reason = f"surge: {why}"
    else:
        contained = [k for k in levels if len(k) >= MIN_CONTAINED and k in key]
        if contained:
            longest = max(contained, key=len)
            category, severity, why = levels[longest]
            reason = f"as {longest!r} in surge ({why})"
        else:
            category, severity, reason = _hint(key)
    return f"{word:<32} # category={category} severity={severity}: {reason}"


def _hint(key: str) -> tuple[str, int, str]:
    for stem, category, severity in STEM_HINTS:
        if stem in key:
            return category, severity, f"not in surge; stem {stem!r} (reviewed for Gardien)"
    for stem in SEXUAL_STEMS:
        if stem in key:
            return "sexual", SEXUAL_FALLBACK, f"not in surge; sexual stem {stem!r}"
    return (*DEFAULT, "not in surge: a general insult")


def main(argv: list[str]) -> int:
    levels = surge_levels(Path(argv[0]))
    print("# Categories and severities of builtin:en's base entries (better-profanity's list")
    print("# plus en-additions.txt minus en-removals.txt), written by")
    print("# `python -m rules.wordlists.surge_import` from surge-ai/profanity `profanity_en.csv`")
    print("# (MIT licence, https://github.com/surge-ai/profanity), then reviewed by hand.")
    print("# Format: `entry  # category=C severity=N: reason`; see rules/wordlists/annotated.py.")
    print()
    for word in english_base_words():
        print(annotate(word, levels))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
