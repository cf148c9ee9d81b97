"""French reasons a platform's refusal gives, as the mod log shows a failed case.

Built from parts like the English ones. French needs "de" or "d'" before what the bot was
doing ("impossible de bannir", "impossible d'expulser"), so each `refusal.discord.doing.*`
text carries its own. Permission names are Discord's own, as its French settings show them.
Telegram's description of a refusal is quoted as Telegram gave it (in English).
"""

TEXTS: dict[str, str] = {
    "refusal.dm_closed": "le membre n'accepte pas les messages privés",
    "refusal.lock_state_unreadable": "l'état des droits d'écriture enregistré avec le "
                                     "verrouillage est illisible",
    # --- Discord ------------------------------------------------------------------------
    "refusal.discord.cannot": "impossible {doing!t} : {why!t}",
    "refusal.discord.cannot.coded": "impossible {doing!t} : {why!t} (erreur Discord {code}, "
                                    "HTTP {status})",
    "refusal.discord.cannot.http": "impossible {doing!t} : {why!t} (HTTP {status})",
    "refusal.discord.rate_limited": "débit limité par Discord en essayant {doing!t}",
    "refusal.discord.rate_limited.proxy": "débit limité en essayant {doing!t}",
    # ce que faisait le bot (avec son « de »)
    "refusal.discord.doing.look_up_member": "de trouver le membre",
    "refusal.discord.doing.delete_message": "de supprimer le message",
    "refusal.discord.doing.delete_messages": "de supprimer les messages",
    "refusal.discord.doing.reply": "de publier la réponse",
    "refusal.discord.doing.timeout": "de rendre le membre muet",
    "refusal.discord.doing.untimeout": "de lever la sourdine du membre",
    "refusal.discord.doing.kick": "d'expulser le membre",
    "refusal.discord.doing.ban": "de bannir le membre",
    "refusal.discord.doing.unban": "de débannir le membre",
    "refusal.discord.doing.dm": "d'envoyer le message privé",
    "refusal.discord.doing.alert": "de publier dans le salon de modération {channel}",
    "refusal.discord.doing.post": "de publier dans {channel}",
    "refusal.discord.doing.read_history": "de lire l'historique du salon",
    "refusal.discord.doing.hold_newcomer": "de retenir l'arrivant",
    "refusal.discord.doing.take_role": "de retirer le rôle {role} à l'arrivant",
    "refusal.discord.doing.give_role": "de donner le rôle {role}",
    "refusal.discord.doing.gate_timeout": "de rendre l'arrivant muet jusqu'à ce qu'il accepte "
                                          "les règles",
    "refusal.discord.doing.gate_untimeout": "de lever la sourdine de l'arrivant",
    "refusal.discord.doing.lock": "de retirer « Envoyer des messages » à @everyone",
    "refusal.discord.doing.unlock": "de rendre à @everyone ses permissions",
    "refusal.discord.doing.read_everyone": "de lire le rôle @everyone",
    "refusal.discord.doing.pause_invites": "de suspendre les invitations du serveur",
    "refusal.discord.doing.resume_invites": "de rétablir les invitations du serveur comme avant",
    "refusal.discord.doing.read_channel": "de lire le salon {channel}",
    "refusal.discord.doing.read_slowmode": "de lire le mode lent de {channel}",
    "refusal.discord.doing.slowmode": "de régler le mode lent de {channel} à {seconds} s",
    "refusal.discord.doing.lift_slowmode": "de lever le mode lent de {channel}",
    # pourquoi
    "refusal.discord.why.channel_gone": "le salon n'existe plus",
    "refusal.discord.why.server_unreachable": "le bot ne peut pas atteindre le serveur",
    "refusal.discord.why.member_gone": "le membre n'est plus sur le serveur",
    "refusal.discord.why.message_gone": "le message n'existe plus",
    "refusal.discord.why.no_user": "l'utilisateur n'existe pas",
    "refusal.discord.why.not_banned": "l'utilisateur n'est pas banni",
    "refusal.discord.why.channel_hidden": "le bot ne voit pas ce salon",
    "refusal.discord.why.missing_permission": "le bot n'a pas la permission de le faire (ou le "
                                              "membre est au-dessus du bot)",
    "refusal.discord.why.too_old": "les messages datent de plus de 14 jours",
    "refusal.discord.why.invalid": "Discord a rejeté la requête comme invalide",
    "refusal.discord.why.forbidden": "Discord a refusé (permission manquante)",
    "refusal.discord.why.not_found": "introuvable",
    "refusal.discord.why.rejected": "Discord a rejeté la requête",
    "refusal.discord.why.trouble": "Discord rencontre des difficultés",
    "refusal.discord.why.unreachable": "Discord est injoignable ({error})",
    "refusal.discord.why.owner": "le membre est le propriétaire du serveur",
    "refusal.discord.why.role_not_below": "le rôle le plus élevé du membre ({member_role}) "
                                          "n'est pas sous celui du bot ({bot_role}) ; placez "
                                          "le rôle du bot plus haut",
    "refusal.discord.why.admin_timeout": "Discord ne rend pas muets les administrateurs",
    "refusal.discord.why.left": "le membre n'est plus sur le serveur",
    "refusal.discord.why.send_only_through_everyone": "le bot n'a « Envoyer des messages » "
                                                      "que par @everyone ; donnez-la au "
                                                      "rôle du bot",
    "refusal.discord.why.no_slowmode": "Discord n'a pas de mode lent pour les messages dans "
                                       "{kind!t}",
    "refusal.discord.kind.announcement": "un salon d'annonces",
    "refusal.discord.kind.category": "une catégorie",
    "refusal.discord.kind.forum": "un forum (chacune de ses publications est un fil qui a le "
                                  "sien)",
    "refusal.discord.kind.other": "ce type de salon",
    # les vérifications du bot, avant tout appel
    "refusal.discord.lacks_permission": "il manque au bot la permission « {permission!t} »",
    "refusal.discord.lacks_permission_in": "il manque au bot la permission « {permission!t} » "
                                           "dans #{channel}",
    "refusal.discord.permission.manage_messages": "Gérer les messages",
    "refusal.discord.permission.send_messages": "Envoyer des messages",
    "refusal.discord.permission.read_message_history": "Voir les anciens messages",
    "refusal.discord.permission.moderate_members": "Exclure temporairement des membres",
    "refusal.discord.permission.kick_members": "Expulser des membres",
    "refusal.discord.permission.ban_members": "Bannir des membres",
    "refusal.discord.permission.manage_roles": "Gérer les rôles",
    "refusal.discord.permission.manage_guild": "Gérer le serveur",
    "refusal.discord.permission.manage_channels": "Gérer les salons",
    "refusal.discord.permission.manage_threads": "Gérer les fils",
    "refusal.discord.not_an_id": "{value!r} n'est pas un identifiant {what!t} Discord",
    "refusal.discord.id.server": "de serveur",
    "refusal.discord.id.user": "d'utilisateur",
    "refusal.discord.id.message": "de message",
    "refusal.discord.not_ready": "pas encore connecté à Discord",
    "refusal.discord.not_connected": "pas connecté à Discord",
    "refusal.discord.not_in_server": "le bot n'est pas sur le serveur {server}",
    "refusal.discord.server_loading": "les informations du serveur ne sont pas encore chargées",
    "refusal.discord.no_channel": "aucun salon {channel!r} sur le serveur",
    "refusal.discord.slowmode_range": "un mode lent de {seconds} s pour {channel} sort des "
                                      "limites de Discord (0 à 21600 s)",
    "refusal.discord.no_system_channel": "ce serveur n'a pas de salon des messages système : "
                                         "définissez welcome.channel",
    "refusal.discord.cannot_carry_out": "Discord ne peut pas effectuer {kind!r}",
    "refusal.discord.no_join_requests": "Discord n'a pas de demandes d'adhésion",
    "refusal.discord.role_missing": "le rôle de vérification {role} n'existe pas sur ce serveur",
    "refusal.discord.role_managed": "le rôle de vérification {role} appartient à une "
                                    "intégration et ne peut pas être donné aux membres",
    "refusal.discord.role_above_bot": "impossible de gérer le rôle de vérification {role} : il "
                                      "n'est pas sous le rôle le plus élevé du bot "
                                      "({bot_role}) ; placez le rôle du bot au-dessus dans "
                                      "Paramètres du serveur > Rôles",
    # --- Telegram -----------------------------------------------------------------------
    "refusal.telegram.refused": "Telegram a refusé : {description}",
    "refusal.telegram.refused.bare": "Telegram a refusé",
    "refusal.telegram.rate_limited": "limite de débit de Telegram : réessayer dans {seconds} s",
    "refusal.telegram.no_answer": "Telegram n'a pas répondu (erreur réseau ou délai dépassé)",
    "refusal.telegram.bad_token": "Telegram a rejeté le jeton du bot",
    "refusal.telegram.too_old": "Telegram ne laisse les bots supprimer que les messages de "
                                "moins de 48 heures",
    "refusal.telegram.bad_log_channel": "log_channel {channel!r} n'est ni un identifiant de "
                                        "discussion Telegram ni un nom @canal ; indiquez "
                                        "l'identifiant numérique de la discussion des "
                                        "modérateurs ou son @nom",
    "refusal.telegram.bad_welcome_channel": "le salon d'accueil {channel!r} n'est ni un "
                                            "identifiant de discussion Telegram ni un @nom ; "
                                            "omettez-le pour accueillir dans le groupe même",
    "refusal.telegram.restrict_channel": "Telegram ne peut pas restreindre l'identité d'un "
                                         "canal ; bannissez-la plutôt",
    "refusal.telegram.dm_channel": "l'identité d'un canal ne peut pas recevoir de messages "
                                   "privés",
    "refusal.telegram.join_request_gone": "la demande d'adhésion n'existe plus : elle a expiré "
                                          "ou un modérateur l'a traitée",
    "refusal.telegram.cannot_carry_out": "Telegram ne peut pas effectuer {kind}",
    # --- la console ---------------------------------------------------------------------
    "refusal.console.cannot_carry_out": "la console ne peut pas effectuer {kind}",
}
