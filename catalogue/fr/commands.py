"""French texts: command help, rights, options and their descriptions; the rank refusals
and escalation requests of moderators' commands."""

TEXTS: dict[str, str] = {
    "help.warn": "Avertir un membre (ajoute des points ; l'escalade s'applique)",
    "help.timeout": "Rendre un membre muet pour un temps",
    "help.untimeout": "Lever la mise en sourdine d'un membre",
    "help.note": "Ajouter une note privée sur un membre",
    "help.case": "Afficher une sanction",
    "help.history": "Sanctions, notes et points actuels d'un membre",
    "help.reason": "Modifier le motif d'une sanction (l'ancien est conservé)",
    "help.kick": "Expulser un membre",
    "help.ban": "Bannir un membre, pour un temps ou définitivement",
    "help.unban": "Lever le bannissement d'un membre",
    "help.stats": "Les chiffres et le graphique de la communauté sur les derniers jours",
    "help.purge": "Supprimer des messages récents en masse",
    "help.rules.show": "Le code de conduite actif : fichier, révision, règles",
    "help.rules.check": "Valider un fichier de règles sans l'appliquer",
    "help.rules.upload": "Envoyer un fichier de règles et l'appliquer aussitôt",
    "help.rules.rollback": "Revenir à un fichier de règles antérieur",
    "help.rules.reload": "Relire les fichiers de règles sur le disque",
    "help.report": "Signaler un message aux modérateurs",
    "help.appeal": "Faire appel d'une de vos sanctions",
    "help.rules": "Le code de conduite de la communauté",
    "help.mydata": "Recevoir ce que Gardien garde sur vous, en fichier (en privé)",
    "help.appeal.accept": "Accepter un appel",
    "help.appeal.deny": "Refuser un appel",
    "help.escalation.apply": "Appliquer une étape d'escalade que l'auteur de l'avertissement "
                             "ne pouvait pas",
    "option.name.step": "étape (step)",
    "option.help.step": "Les points de l'étape d'escalade",
    # vérifications de rang hors sanctions (purge d'un membre, modification d'une sanction)
    "reason.owner_case": "La sanction n°{number} est celle du propriétaire : lui seul peut en "
                         "modifier le motif.",
    "reason.outranked": "La sanction n°{number} a été écrite par {moderator}, d'un rang "
                        "supérieur au vôtre : seuls cette personne ou quelqu'un au-dessus "
                        "d'elle peuvent en modifier le motif.",
    "reason.standing_unknown": "Je ne peux pas vérifier le rang de {moderator}, auteur de la "
                               "sanction n°{number}, pour le moment : seuls cette personne ou "
                               "le propriétaire peuvent la modifier pour l'instant.",
    # une étape d'escalade que l'auteur de l'avertissement n'a pas le droit d'appliquer
    "escalation.request": "Sanction n°{number} : {moderator} a averti {member}, qui a "
                          "maintenant {points} point(s). L'étape d'escalade ({action}) exige "
                          "le droit « {right} », que {moderator} n'a pas : elle n'a donc pas "
                          "été appliquée ; un modérateur qui a ce droit peut l'appliquer.",
    "escalation.apply_label": "Appliquer : {action}",
    "escalation.waiting": "Escalade : {action} exige le droit « {right} », que vous n'avez "
                          "pas ; elle attend un modérateur qui l'a (demande publiée dans le "
                          "journal de modération).",
    "escalation.no_log": "Escalade : {action} exige le droit « {right} », que vous n'avez "
                         "pas ; elle n'a pas été appliquée et il n'y a pas de journal de "
                         "modération où la demander : prévenez un modérateur qui l'a.",
    "escalation.not_found": "Aucune étape d'escalade n'attend sur la sanction n°{number}.",
    "escalation.step_gone": "Le fichier de règles n'a plus d'étape d'escalade à {points} "
                            "points : rien à appliquer pour la sanction n°{number}.",
    "escalation.standing_unknown": "Je ne peux pas vérifier le rang de {member} pour le "
                                   "moment : réessayez dans un instant.",
    "escalation.points_fell": "{member} a maintenant {points} point(s), sous les {step} de "
                              "cette étape : rien à appliquer.",
    "escalation.in_progress": "L'étape d'escalade de la sanction n°{number} est en cours "
                              "d'application.",
    "escalation.already": "Déjà appliquée : sanction n°{number}, après l'avertissement de la "
                          "sanction n°{warn}.",
    "escalation.applied": "Sanction n°{number} : escalade ({action}) appliquée à {member} "
                          "(l'étape de l'avertissement de la sanction n°{warn}).",
    "right.moderate": "Exclure temporairement des membres (Telegram : restreindre des membres)",
    "right.kick": "Expulser des membres (Telegram : restreindre des membres)",
    "right.ban": "Bannir des membres (Telegram : restreindre des membres)",
    "right.manage_messages": "Gérer les messages (Telegram : supprimer des messages)",
    "right.manage_server": "Gérer le serveur (Telegram : modifier les infos du groupe)",
    "option.name.period": "période (period)",
    "option.name.member": "membre (member)",
    "option.name.reason": "motif (reason)",
    "option.name.points": "points",
    "option.name.duration": "durée (duration)",
    "option.name.delete_messages": "delete_messages",
    "option.name.case": "numéro de sanction (case)",
    "option.name.count": "nombre (count)",
    "option.name.text": "texte (text)",
    "option.name.file": "fichier (file)",
    "option.name.revision": "révision (revision)",
    "option.name.appeal": "appel (appeal)",
    "option.missing": "Option manquante : {name}.",
    "option.reason_required": "Un motif est obligatoire pour {command} ici (la charte fixe "
                              "commands.require_reason) : ajoutez-en un.",
    "option.missing_member": "Désignez le membre : l'option member, une réponse à son message, "
                             "ou @nom / son identifiant en premier.",
    "option.integer": "{name} doit être un nombre entier, pas {value!r}.",
    "option.range": "{name} doit être entre {low} et {high} (reçu : {value}).",
    "option.at_least": "{name} doit valoir au moins {low} (reçu : {value}).",
    "option.too_long": "{name} est trop long : {limit} caractères au plus.",
    "option.duration": "{value!r} n'est pas une durée : écrivez un entier et une unité "
                       "(s, m, h, d, w), par ex. 10m.",
    "option.duration_at_most": "{name} vaut au plus {limit} (reçu : {value}).",
    "option.too_large": "{name} est bien trop grand (reçu : {value}).",
    "refuse.target_chat": "C'est une discussion ou un canal, pas un membre : désignez une "
                          "personne.",
    "option.file": "Joignez le fichier de règles (YAML) à la commande.",
    "help.lockdown.start": "Verrouiller la communauté : arrivants retenus, pas de bienvenue",
    "help.lockdown.end": "Lever le verrouillage maintenant",
    "help.verify": "Accepter le code de conduite (le bouton sous le message de bienvenue)",
    # groupes de commandes (Discord : /rules ..., /lockdown ... ; Telegram : /rules show...)
    "help.rules.group": "Code de conduite et fichiers de règles",
    "help.lockdown.group": "Verrouillage anti-raid",
    # descriptions des options (sélecteur d'options de Discord : 100 caractères au plus)
    "option.help.period": "Combien de jours, ex. 7d, 30d (7d par défaut)",
    "option.help.member": "Le membre",
    "option.help.reason": "Pourquoi",
    "option.help.points": "Points (1 par défaut)",
    "option.help.duration": "Combien de temps, ex. 10m, 1h, 7d",
    "option.help.delete_messages": "Supprimer ses messages des dernières…, ex. 1d",
    "option.help.case": "Numéro de la sanction",
    "option.help.count": "Combien de messages",
    "option.help.text": "Le texte",
    "option.help.file": "Un fichier de règles YAML",
    "option.help.revision": "Numéro de révision (par défaut : la précédente)",
    "option.help.appeal": "Numéro de l'appel",
}
