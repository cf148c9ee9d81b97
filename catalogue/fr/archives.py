"""Textes français des archives : `archive channel [from] [to]`, ses fichiers et sa page."""

TEXTS: dict[str, str] = {
    "help.archive": "Enregistrer l'historique d'un salon en JSON et HTML dans le salon de logs",
    "option.name.from": "du (from)",
    "option.help.from": "Le premier jour archivé, AAAA-MM-JJ (aucun : le début)",
    "option.name.to": "au (to)",
    "option.help.to": "Le jour avant lequel l'archive s'arrête, AAAA-MM-JJ (aucun : maintenant)",
    "option.day": "{name} : {value!r} n'est pas un jour ; écrivez-le AAAA-MM-JJ, "
                  "ex. 2026-11-01.",
    "refusal.discord.permission.view_channel": "Voir le salon",
    "error.no_history": "{community} ne peut pas lire l'historique d'un salon.",
    "archive.no_log_channel": "Le fichier de règles n'a pas de log_channel où poster "
                              "l'archive ; ajoutez-en un et réessayez.",
    "archive.bad_range": "L'archive serait vide : {start} n'est pas avant {end}.",
    "archive.not_kept": "Telegram ne laisse pas les bots lire l'historique d'un groupe : seuls "
                        "les messages que le bot a vus peuvent être archivés, et seulement si "
                        "le fichier de règles indique `archive: true`. Ce n'est pas le cas "
                        "ici : il n'y a rien à archiver.",
    "archive.busy": "Une archive de cette communauté est déjà en cours ; elle arrivera dans "
                    "le salon de logs.",
    "archive.unknown_channel": "Les messages ne sont gardés que pour ce groupe : écrivez "
                               "`here` (pas {channel!r}).",
    "archive.refused": "Pas d'archive : {reason}",
    "archive.started": "Archivage de #{channel}… Les fichiers seront postés dans le salon de "
                       "logs.",
    "archive.done": "Archive de #{channel} : {count} messages, du {first} au {last} "
                    "({zone}). Enregistrée sous {file}.json et .html dans le dossier des "
                    "archives.",
    "archive.empty": "Archive de #{channel} : aucun message sur cette période. Enregistrée "
                     "sous {file}.json et .html dans le dossier des archives.",
    "archive.cut": "Seuls les {limit} premiers messages ont été archivés : redemandez à partir "
                   "du {next} pour la suite.",
    "archive.cut_note": "Coupée à {limit} messages.",
    "archive.failed": "L'archive de #{channel} a échoué : {reason}",
    "archive.page.lang": "fr",
    "archive.page.title": "#{channel}",
    "archive.page.period": "Du {start} au {end} ({zone})",
    "archive.page.beginning": "début",
    "archive.page.count": "{count} messages",
    "archive.page.reply": "en réponse à {author} :",
    "archive.page.reply_unknown": "en réponse à un message hors de cette archive",
    "archive.page.bot": "BOT",
    "archive.page.edited": "(modifié le {at})",
}
