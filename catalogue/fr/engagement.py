"""Engagement : résultats des sondages programmés, `announce` et ses réponses."""

TEXTS: dict[str, str] = {
    "engagement.poll.results": "Sondage terminé : {question}",
    "engagement.poll.line": "• {option} : {votes} ({percent} %)",
    "engagement.poll.voters": "{voters} votant(s).",
    "engagement.poll.no_votes": "Personne n'a voté.",
    "engagement.default_place": "l'endroit par défaut",
    "engagement.failed.post": "La publication programmée {id} n'a pas pu être publiée dans "
                              "{channel} (voir les journaux du bot).",
    "engagement.failed.announce": "Une annonce prévue n'a pas pu être publiée dans {channel} "
                                  "(voir les journaux du bot).",
    "engagement.failed.poll": "Le sondage programmé {id} n'a pas pu être publié dans "
                              "{channel} : {reason}.",
    "engagement.failed.close": "Le sondage {id} n'a pas pu être clos dans {channel} : "
                               "{reason}.",
    "error.no_polls": "{community} n'a pas de sondages natifs (la plateforme ne le permet pas)",
    "help.announce": "Publier une annonce dans un salon, maintenant ou à une heure donnée",
    "option.name.channel": "salon (channel)",
    "option.name.at": "heure (at)",
    "option.help.channel": "Le nom ou l'id d'un salon, ou `here` (ici)",
    "option.help.at": "Quand : 18:00, 2026-12-01 18:00 (fuseau de la communauté) ou ISO avec "
                      "décalage ; vide : maintenant",
    "option.channel": "{value!r} n'est pas un salon : écrivez son nom ou son id, ou `here`",
    "announce.posted": "Annonce publiée dans {channel}.",
    "announce.planned": "Annonce prévue dans {channel} le {local} ({timezone}), {at}.",
    "announce.failed": "L'annonce n'a pas pu être publiée dans {channel} (voir les journaux "
                       "du bot).",
    "announce.bad_text": "Cette annonce ne peut pas être publiée : {problem}.",
    "announce.bad_at": "{value!r} n'est pas une heure : écrivez 18:00, 2026-12-01 18:00 "
                       "(fuseau {timezone}) ou une heure ISO avec son décalage, par exemple "
                       "2026-12-01T17:00Z.",
    "announce.in_past": "{value!r} est déjà passé.",
    "announce.too_far": "{value!r} est à plus d'un an.",
    "refusal.discord.permission.send_polls": "Créer des sondages",
    "refusal.discord.poll_limits": "les sondages Discord prennent une question de 300 "
                                   "caractères au plus, 10 réponses de 55 caractères au plus "
                                   "et durent 768 heures au plus",
    "refusal.discord.not_a_poll": "ce message ne contient pas de sondage",
    "refusal.telegram.poll_limits": "les sondages Telegram prennent une question de 300 "
                                    "caractères au plus et 2 à 12 options de 100 caractères "
                                    "au plus",
}
