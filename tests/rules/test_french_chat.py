"""French chat as people type it, through `builtin:fr`: threats and incitements with
evasions, chat spellings, and ordinary lines that must not match. The lines are written
for these tests (not taken from a labelled corpus)."""

from __future__ import annotations

import pytest

from rules.wordlists import builtin_entries, builtin_words
from rules.wordmatch import WordMatcher


@pytest.fixture(scope="module")
def french() -> WordMatcher:
    return WordMatcher.build(builtin_words("fr"))


@pytest.fixture(scope="module")
def category() -> dict[str, str]:
    return {e.text: e.category for e in builtin_entries("fr")}


THREATS = [
    "je vais te tuer",
    "JE VAIS TE TUEEEER",
    "jvais te defoncer la gueule",       # chat spelling, accents dropped
    "j'vais t'éclater la tête",
    "jv te buter ce soir",
    "je vais te retrouver et te frapper",
    "je te tuerai",
    "jte bute",
    "je sais ou t habites",
    "je sais où tu habites",
    "t'es un homme mort",
    "tes un homme mort",
    "t es un homme mort",
    "je vais tuer ta mère",
    "je vais te tuuuuer",                # letters repeated
    "je vais te tu3r",                   # leetspeak
]
SELF_HARM = [
    "va te pendre",
    "vas te pendreeee",
    "va te suicider",
    "tue toi",
    "suicide-toi",
    "tu devrais te suicider",
    "va crever sale connard",
    "crève en enfer",
    "j'espere que tu crèves",
]
INSULTS = [
    "t'es nul",
    "tes nulle",
    "t es moche",
    "t'es qu'une merde",
    "tes qu une merde",
    "t'es qu'un déchet",
    "ftg",
    "tg",
    "ta gueul",
    "ferme ta gueule",
    "konar",
    "fdp",
    "tu sers a rien",
    "personne t'aime",
    "espece de minable",
    "gros lard",
    "pauvre conne",
]
SLURS = ["sale rebeu", "t'es qu'un gros mongol", "sale pd", "t'es attardé", "grave attardée"]
# frames added for issue 18: the frame aims the noun at someone or at a group
FRAMES = [
    "bande de tocards",
    "espece de guignol",
    "regarde l'autre abruti",
    "sal gogol",
    "sale traître",
    "ptdr gogol",
    "triso va",
    "fais pas le teubé",
    "ces sales cafards",
    "que des parasites",
    "ce sont des barbares",
    "dehors les gitans",
    "les roms dehors",
    "qu'ils retournent dans leur pays",
    "retourne dans ta grotte",
    "mort aux flics",
    "nik ta reum",
    "sa daronne la chienne",
    "tais toi connard",
]
NORMAL = [
    "je vais te retrouver au parc à 15h",     # decided: arranging to meet is not a threat
    "je te retrouve devant le ciné",
    "fumer ça va te tuer",                    # decided: "va te tuer" alone is a warning
    "ce boss va me tuer",
    "il s'est attardé sur le sujet",
    "ne t'attarde pas trop",
    "l'empire mongol était immense",
    "tes gros yeux bleus",                   # "tes" = "your": no match on "gros"
    "tes nuls de potes sont là ?",
    "mon pote rebeu m'a invité",
    "la batterie va crever",
    "il va mourir de rire",
    "t'es mort de rire",
    "numéro de prévention du suicide : 3114",
    "tu sers le café ?",
    "personne n'est venu",
    "casse-croûte à midi",
    "je crève de faim",
    "fais gaffe au verglas",
    "on va te chercher à la gare",
    "tes parents sont gentils",
    "bonne nuit tout le monde",
    # must-not-match lines for the issue 18 frames and removals
    "je me suis trop attardé sur ce point",
    "on s'est un peu attardés au musée",
    "c'est mongol ou chinois cette écriture ?",
    "une bande de copains",
    "une espèce de champignon rare",
    "l'autre jour au marché",
    "ces chats sont adorables",
    "les rats du métro",
    "ces animaux du zoo",
    "des cafards sous l'évier",
    "dehors il pleut",
    "rentrez chez vous prudemment",
    "retourne chez toi, il est tard",
    "ma mère la regarde",
    "tais-toi, j'écoute le film",
    "un cul-de-sac",
    "ça part en couille ce projet",
]


@pytest.mark.parametrize("line", THREATS)
def test_threats_match_whatever_the_spelling(french, category, line):
    found = french.search(line)
    assert found is not None, line
    assert category[found] == "threats", (line, found)


@pytest.mark.parametrize("line", SELF_HARM)
def test_incitements_to_self_harm_match(french, category, line):
    found = french.search(line)
    assert found is not None, line
    assert category[found] in ("self-harm", "insults"), (line, found)


@pytest.mark.parametrize("line", INSULTS + SLURS + FRAMES)
def test_chat_insults_and_slurs_match(french, line):
    assert french.search(line) is not None, line


@pytest.mark.parametrize("line", NORMAL)
def test_ordinary_chat_lines_do_not_match(french, line):
    assert french.search(line) is None, (line, french.search(line))


def test_threat_phrases_are_matched_whole():
    threats = WordMatcher.build(builtin_words("fr/threats"))
    assert threats.search("je vais te tuer") == "je vais te tuer"
    assert threats.search("je vais te tuerie") is None          # not a word of the phrase
    assert threats.search("je vais tetuer") is None
    assert threats.search("déjà je vais te tuer") is not None
    assert threats.search("jvais te tuer!!!") == "jvais te tuer"


def test_category_lists_select_only_their_category():
    threats = WordMatcher.build(builtin_words("fr/threats"))
    assert threats.search("t'es qu'un connard") is None
    insults = WordMatcher.build(builtin_words("fr/insults"))
    assert insults.search("je vais te tuer") is None
