"""Hand-written word knowledge the trained weights build on, English and French.

Written for Gardien (no third-party lexicon copied), every entry in folded spelling
(`rules.wordmatch.fold`: lower case, no accents, ASCII apostrophes). The data decides how
much each class of evidence weighs; this file only says *what* a word does:

- function words pick the model a message is scored with (`language`);
- negators open a short scope in which the next words count reversed;
- intensifiers strengthen the next word and carry no weight of their own;
- polar words and emoji/emoticons (+1 or -1, +2 or -2 for strong ones) feed two summed
  features (`<lex+>`, `<lex->`) whose weights are learned, so a word the dev sets never
  show still counts;
- idioms are pairs read as one token ("pas mal" is praise, "pas terrible" is not).
"""

from __future__ import annotations

from rules.chatwords import FUNCTION_WORDS, NEGATORS, words_of


def _polar(strong_pos: str, pos: str, neg: str, strong_neg: str) -> dict[str, float]:
    table: dict[str, float] = {}
    for words, value in ((pos, 1.0), (strong_pos, 2.0), (neg, -1.0), (strong_neg, -2.0)):
        table.update(dict.fromkeys(words.split(), value))
    return table


INTENSIFIERS = {
    "en": words_of("""
        very so really too extremely totally absolutely completely incredibly truly
        such highly utterly deeply seriously insanely terribly awfully most
    """),
    "fr": words_of("""
        tres trop vraiment tellement hyper extremement totalement completement vachement
        carrement archi grave franchement profondement si
    """),
}

# Emoji and emoticons, the same in both languages (fold drops the U+FE0F selector, so
# "❤️" arrives as "❤"). Emoticons are matched by the tokenizer and canonicalised (nose
# dropped, repeats cut): ":-)))" is ":)".
EMOJI = _polar(
    strong_pos="😍 🥰 😻 ❤ 💖 💕 💗 💞 😘 🤩 🥳 💯",
    pos="""
        😀 😁 😃 😄 😆 😊 ☺ 🙂 😉 😋 😎 😇 🤗 😌 😸 😺 👍 👏 🙌 💪 🎉 🎊 ✨ 🌟 ⭐ ✅ 🙏
        🧡 💛 💚 💙 💜 🤍 💓 💝 👌 🔥 😂 🤣 😅 :) :d ;) :p xd <3 ^^ (:
    """,
    neg="""
        😕 🙁 ☹ 😟 😔 😞 😒 🙄 😑 😬 😓 😥 😪 😩 😫 😣 😖 😤 😰 😨 😧 😦 🥺 🤦 👎 ❌ 💩
        🤢 😷 🤒 😿 :( :/ :| :s :@ </3
    """,
    strong_neg="😠 😡 🤬 😢 😭 😱 💔 🤮 🖕 >:(",
)

POLAR = {
    "en": _polar(
        strong_pos="""
            love loved loving awesome amazing excellent fantastic wonderful perfect
            brilliant superb outstanding incredible best adore adored
        """,
        pos="""
            good great nice happy glad beautiful cool fun enjoy enjoyed enjoying liked
            likes thanks thank thx ty congrats congratulations excited exciting yay wow
            favorite favourite fine pleased proud recommend helpful sweet cute
            impressive hopefully lol haha hahaha funny super delighted grateful
            thrilled solid smooth easy works working fixed better win won winner winning
            lovely glorious fab yes welcome support safe free fresh clean luck lucky
            interesting epic fair pretty
        """,
        neg="""
            bad sad hurt poor wrong problem problems issue issues bug bugs buggy
            error errors slow lag laggy crash crashed crashes broke broken fail failed
            fails failure boring tired sick pain annoyed annoying mad upset unhappy worried
            worry worse fear scared lose lost loser lame ugly stupid dumb dead die died
            death kill killed cry crying missing miss unfortunately damn hard difficult
            refund complaint complain expensive weird shame ridiculous delay delayed
            cancel cancelled canceled attack war down outage spam
        """,
        strong_neg="""
            hate hated hating awful terrible horrible worst disgusting pathetic useless
            garbage trash rubbish crap shit sucks suck sucked scam fraud nightmare disaster
            ruined unacceptable furious disappointed disappointing disappointment wtf
            fuck fucking idiot idiots angry
        """,
    ),
    "fr": _polar(
        strong_pos="""
            genial geniale excellent excellente parfait parfaite magnifique formidable
            fantastique merveilleux merveilleuse adore adorer incroyable bravo
            felicitations extraordinaire
        """,
        pos="""
            bon bonne bons bonnes bien super top merci aime aimer aimons beau belle
            beaux heureux heureuse content contente contents ravi ravie sympa cool chouette
            meilleur meilleure meilleurs facile rapide efficace youpi plaisir reussi
            reussite succes gagne victoire espoir progres joli jolie agreable mdr lol ptdr
            haha hahaha enfin bienvenue positif positive utile interessant interessante
            propre sain saine protege proteger sauver
        """,
        neg="""
            mauvais mauvaise mal triste probleme problemes bug bugs panne lent lente peur
            inquiet inquiete inquietant inquietante danger dangereux dangereuse grave menace
            crise echec rate perdu perte malheureusement dommage galere dur difficile
            fatigue marre enerve enervee chiant chiante decu decue decevant decevante
            ridicule bizarre cher chere retard annule morts mort tue victimes pollution
            catastrophes risque risques pire pires baisse detruit detruire
        """,
        strong_neg="""
            nul nulle nuls horrible affreux affreuse catastrophe catastrophique deteste
            hais haine honte colere degoute degoutee arnaque escroquerie inadmissible
            inacceptable scandale scandaleux scandaleuse pathetique merde putain connerie
            connard conne debile stupide idiot naze pourri pourrie desastre cata bordel
            honteux honteuse
        """,
    ),
}

# Pairs read as one token: (first, second) -> polarity (0.0 is a set phrase that is no
# negation, "not only", "sans doute").
IDIOMS = {
    "en": {
        ("not", "bad"): 1.0, ("no", "problem"): 1.0, ("no", "worries"): 1.0,
        ("cant", "wait"): 2.0, ("can't", "wait"): 2.0, ("not", "only"): 0.0,
        ("not", "just"): 0.0, ("no", "doubt"): 0.0, ("never", "mind"): 0.0,
        ("no", "longer"): -1.0,
    },
    "fr": {
        ("pas", "mal"): 1.0, ("pas", "terrible"): -1.0, ("pas", "top"): -1.0,
        ("pas", "genial"): -1.0, ("sans", "doute"): 0.0, ("sans", "probleme"): 1.0,
        ("pas", "grave"): 1.0, ("n'", "importe"): -1.0, ("pas", "seulement"): 0.0,
        ("trop", "bien"): 2.0, ("pas", "cher"): 1.0,
    },
}

# Words that say nothing about sentiment: the trainer learns no weight for them (nor for
# "?", digits or the dev sets' "@user" placeholder), so a plain statement or question is
# not pushed either way by what the tweets happened to pair them with. Negators keep
# their weight: "no" and "not" do lean negative.
NEUTRAL = (FUNCTION_WORDS["en"] | FUNCTION_WORDS["fr"] | words_of("""
    a an on in me en at by as up out off into over then than here now also one two
    like kind sorry hope
    some any these those which where there's let's we're i'll i've i'd you'll he's she's
    y a-t-il ceci cela celui celle ici la-bas vers chez entre lui y user amp rt via
""")) - NEGATORS["en"] - NEGATORS["fr"]
