"""Textes français du résumé lisible du rapport de communauté (`gardien report`, `stats`)."""

TEXTS: dict[str, str] = {
    "insight.head": "Rapport pour {community} : du {first} au {last} ({timezone})",
    "insight.head_day": "Rapport pour {community} : le {first} ({timezone})",
    "insight.messages": "Messages : {messages} de {active} membres actifs, dont "
                        "{communicators} avec {threshold} messages ou plus",
    "insight.no_messages": "Messages : aucun sur cette période",
    "insight.busiest_day": "Jour le plus actif : {day} ({messages} messages) ; {average} par "
                           "jour en moyenne",
    "insight.busiest_hour": "Heure la plus active : de {hour} h à {next} h ({messages} "
                            "messages)",
    "insight.channels": "Salons : {channels}",
    "insight.more": "{count} autres",
    "insight.members": "Arrivées : {joins} ; départs : {leaves}",
    "insight.newcomers": "Nouveaux membres : {joined} arrivés, dont {posted} ont écrit et "
                         "{stayed} sont restés",
    "insight.moderation": "Modération : {cases} cas, {messages} messages modérés",
    "insight.by_action": "Par action : {actions}",
    "insight.by_rule": "Par règle : {rules}",
    "insight.reports": "Signalements : {reports} ; délai médian avant une action de "
                       "modération : {median}",
    "insight.no_response": "aucun traité pour l'instant",
    "insight.unit.s": "{n} s",
    "insight.unit.min": "{n} min",
    "insight.unit.h": "{n} h {m} min",
    "insight.unit.d": "{n} j {h} h",
    "insight.thousands": "\u202f",
    "insight.decimal": ",",
    "insight.engagement.sent": "Animation : {posts} publications programmées, {polls} "
                               "sondages, {announcements} annonces",
    "insight.engagement.voters": "Sondages : {voters} votes dans les sondages clos ({share} % "
                                 "des membres actifs par sondage)",
    "insight.engagement.after": "Messages dans l'heure après une publication : {mean} en moyenne",
    "insight.watch.terms": "Termes surveillés : {terms}",
    "insight.watch.sentiment": "Tonalité : {negative} messages négatifs sur {scored} évalués "
                               "({share}\u202f%)",
    "insight.watch.no_scored": "Tonalité : aucun message évalué sur cette période",
    "insight.watch.crises": "Crises : {count}",
    "insight.watch.no_crisis": "Crises : aucune sur cette période",
    "insight.watch.crisis": "  du {start} au {end} : {negative} messages négatifs dans la "
                            "fenêtre à son début (habituel : {usual})",
    "insight.watch.crisis_open": "  depuis le {start}, toujours en cours : {negative} messages "
                                 "négatifs dans la fenêtre à son début (habituel : {usual})",
}
