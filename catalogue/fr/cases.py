"""Textes français du parcours des cas : raisons écrites par les minuteries, la file et le
démarrage."""

TEXTS: dict[str, str] = {
    "error.no_adapter": "aucun adaptateur ne dessert {community}",
    "error.no_slowmode": "{community} n'a pas de mode lent (la plateforme ne le permet pas)",
    "error.no_lock": "{community} ne peut pas être verrouillée (la plateforme ne le permet pas)",
    "ledger.down": "Gardien ne peut plus écrire son registre (la base refuse les écritures) : "
                   "les sanctions sont retenues, pas appliquées, jusqu'à ce qu'elles puissent "
                   "être enregistrées.",
    "ledger.recovered": "Le registre accepte de nouveau les écritures : les sanctions retenues "
                        "sont appliquées.",
    "error.ledger": "Rien n'a été fait : le registre ne peut pas être écrit pour l'instant. "
                    "Réessayez plus tard.",
    "case.queue_expired": "la sourdine avait expiré avant son tour dans la file",
    "timer.ban_ended": "fin du bannissement temporaire de la sanction n°{number}",
    "timer.ban_ended_unknown": "fin d'un bannissement temporaire",
    "timer.timeout_ended": "fin de la sourdine de la sanction n°{number}",
    "timer.timeout_ended_unknown": "fin d'une sourdine",
    "reconcile.timeout_ran_out":
        "interrompu par un redémarrage ; la sourdine avait déjà expiré",
    "reconcile.ban_ran_out":
        "interrompu par un redémarrage ; le bannissement temporaire avait déjà expiré",
    "reconcile.stale_kick":
        "interrompu par un redémarrage il y a plus d'une heure ; l'expulsion n'a pas été rejouée",
    "reconcile.warn":
        "interrompu par un redémarrage ; l'avertissement n'a peut-être pas été remis "
        "(les points restent)",
    "reconcile.not_replayed": "interrompu par un redémarrage ; {action} n'est pas rejoué",
    # l'exposé des motifs que reçoit un membre sanctionné (DSA art. 17)
    "notice.timeout": "Vous êtes réduit au silence dans {community} jusqu'au {until} "
                      "(sanction n°{number}).",
    "notice.kick": "Vous avez été exclu de {community} (sanction n°{number}) ; vous pouvez "
                   "revenir.",
    "notice.ban": "Vous avez été banni de {community} (sanction n°{number}).",
    "notice.ban_until": "Vous avez été banni de {community} jusqu'au {until} "
                        "(sanction n°{number}).",
    "notice.reason": "Motif : {reason}",
    "notice.rule": "Règle : {rule}",
    "notice.by": "Décision d'un modérateur.",
    "notice.automatic": "Décision automatique de Gardien selon les règles de la communauté.",
    "notice.appeal": "Vous pouvez faire appel sous {days} jours : envoyez /appeal {number} "
                     "suivi de vos explications, ici ou dans la communauté.",
}
