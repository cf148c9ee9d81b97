"""Textes français des alertes de dysfonctionnement : dits aux modérateurs dans le salon de
journal une fois quand quelque chose cesse de marcher, et une fois quand c'est fini."""

TEXTS: dict[str, str] = {
    "malfunction.permission.start": "⚠ Gardien n'a pas la permission {permission!t} {where}. "
                                    "De ce fait, {breaks}. Pour corriger : {fix!t}.",
    "malfunction.permission.over": "✅ Gardien a de nouveau la permission {permission!t} "
                                   "(elle a manqué pendant {duration}).",
    "malfunction.where.channels": "dans {channels}",
    "malfunction.where.community": "dans cette communauté",
    "malfunction.breaks.delete": "les messages qui enfreignent les règles ne sont pas "
                                 "supprimés",
    "malfunction.breaks.timeout": "les membres ne peuvent pas être exclus temporairement "
                                  "(règles, escalade, vérification)",
    "malfunction.breaks.kick": "les membres ne peuvent pas être expulsés",
    "malfunction.breaks.ban": "les membres ne peuvent pas être bannis",
    "malfunction.breaks.roles": "les rôles ne peuvent être ni donnés ni retirés (le rôle de "
                                "vérification, le verrouillage d'un raid)",
    "malfunction.breaks.slowmode": "le mode lent ne peut pas être activé pendant une crise",
    "malfunction.breaks.post_log": "le journal de modération ne peut pas être publié ici, "
                                   "cette alerte comprise",
    "malfunction.breaks.approve": "les demandes d'adhésion ne peuvent pas être acceptées "
                                  "après la vérification",
    "malfunction.fix.discord.server": "donnez {permission!t} au rôle du bot dans Paramètres "
                                      "du serveur → Rôles",
    "malfunction.fix.discord.channel": "autorisez {permission!t} pour le rôle du bot dans ces "
                                       "salons (Modifier le salon → Permissions), ou sur son "
                                       "rôle dans Paramètres du serveur → Rôles",
    "malfunction.fix.telegram": "faites du bot un administrateur du groupe avec le droit "
                                "« {permission!t} » (paramètres du groupe → Administrateurs)",
    "malfunction.telegram.right.can_delete_messages": "Supprimer des messages",
    "malfunction.telegram.right.can_restrict_members": "Bannir des utilisateurs",
    "malfunction.telegram.right.can_invite_users": "Inviter via un lien",
    "malfunction.errors.start": "⚠ {platform} échoue sans cesse : {failures} appels de suite "
                                "ont fini en erreur du serveur ou en délai dépassé, les "
                                "sanctions échouent donc (chaque cas échoué est au journal). "
                                "C'est en général une panne de {platform} qui finit "
                                "d'elle-même ; si elle dure, vérifiez le réseau de l'hôte et "
                                "la page d'état de {platform}.",
    "malfunction.errors.over": "✅ {platform} répond de nouveau (le problème a duré "
                               "{duration}, {failures} appels échoués).",
    "malfunction.disconnected.start": "⚠ Gardien a perdu sa connexion à {platform} il y a "
                                      "{duration} : rien n'est modéré jusqu'à son retour. Il "
                                      "se reconnecte seul ; si cela dure, vérifiez le réseau "
                                      "de l'hôte et la page d'état de {platform}.",
    "malfunction.disconnected.over": "✅ Gardien est de nouveau connecté à {platform} "
                                     "(déconnecté pendant {duration}) ; les messages envoyés "
                                     "entre-temps n'ont pas été modérés.",
    "malfunction.rules.start": "⚠ Le fichier de règles {file} ne se charge plus ({count} "
                               "problème(s), le premier : {problem}). Les dernières bonnes "
                               "règles restent en vigueur et les modifications du fichier "
                               "sont ignorées. Pour corriger : rectifiez-le (`gardien check` "
                               "liste chaque problème) ; il est rechargé dès qu'il est "
                               "enregistré.",
    "malfunction.rules.over": "✅ Le fichier de règles {file} se charge de nouveau (il a été "
                              "cassé pendant {duration}) ; ses règles sont en vigueur.",
}
