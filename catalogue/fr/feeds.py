"""Textes français de la veille des flux : le résumé des nouveaux articles, l'alerte de pause."""

TEXTS: dict[str, str] = {
    "feeds.digest.head": "Veille des flux : nouveaux articles qui citent des termes surveillés "
                         "({count})",
    "feeds.digest.item": "• {title} ({feed})\n  termes : {terms} ; tonalité {sentiment}",
    "feeds.digest.link": "  {link}",
    "feeds.digest.more": "…et {count} autres",
    "feeds.untitled": "(sans titre)",
    "feeds.paused": "Veille des flux : {feed} est en pause après {failures} échecs de suite "
                    "(dernier : {reason}). Il reprend quand son entrée du fichier de règles "
                    "change, ou avec `gardien watch --resume {feed}`.",
}
