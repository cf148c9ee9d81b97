"""Words every chat is full of, English and French, in folded spelling.

Two readers: sentiment picks a message's language from its function words and opens a
negation scope at a negator; the word matcher never anchors a phrase on one of them
(rules/wordmatch/lexicon.py), since ordinary messages hold them all the time. A leaf
module, so the matcher can read it without importing the sentiment package.
"""

from __future__ import annotations


def words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words frequent in one language's chat and rare in the other's; "a", "on", "en", "me",
# "ne"... shared or ambiguous spellings are left out.
FUNCTION_WORDS = {
    "en": words_of("""
        the is are was were and of to it this that i you my your we they he she not be
        been have has had do does did don't can will would just with for what but at from
        all about if or an there it's i'm its very really am im dont cant didnt doesnt
        isnt wasnt won't can't didn't doesn't isn't wasn't you're they're get got so why
        how when who our their them his her him
    """),
    "fr": words_of("""
        le la les de des du et est un une je tu il elle ils elles nous vous pas que qui
        dans sur avec mais tres au aux ce cette ces son sa ses mon ma mes ton ta tes leur
        leurs suis sont ai ont fait c' j' l' d' n' qu' s' m' t' ca moi toi pour par plus
        comme tout tous rien jamais aussi encore alors donc quand ou deja etait ete avoir
        etre faire peut
    """),
}

NEGATORS = {
    "en": words_of("""
        not no never nothing nobody none nor neither cannot cant dont doesnt didnt isnt
        wasnt arent werent wont wouldnt shouldnt couldnt havent hasnt hadnt aint without
        nowhere hardly don't can't won't isn't wasn't aren't weren't didn't doesn't
        wouldn't shouldn't couldn't haven't hasn't hadn't ain't
    """),
    "fr": words_of("ne n' pas jamais rien aucun aucune sans ni nullement guere"),
}

# Beyond function words, what ordinary chat says all the time: never a phrase's anchor
# while the phrase has a rarer word (the matcher rejects a message holding no anchor at
# once, so an anchor as common as "go" or "please" would send most messages the long way).
FREQUENT = frozenset().union(*FUNCTION_WORDS.values(), *NEGATORS.values(), words_of("""
    go going gonna come back see know want need think make take give tell say said one two
    where here now then today time day night home good well ok okay yes yeah hope please
    pls plz should could would will shall may might must us me your ur u r re ll ve d m s
    t ya yo find life love like world people man girl guy boy watch look let way thing
    lot much many more most some any every other same own new old big little first last
    miss call text send work still also only even ever again too off out up down over
    onto into before after around through
    vais va vas aller viens vient voir sais veux faut bien bon oui non ici la-bas temps
    jour nuit maison merci stp svp te se y en on lui eux quoi ou comment pourquoi
"""))
