"""Synchronisation d'AutoMod sur Discord : ce que le journal de modération apprend."""

TEXTS: dict[str, str] = {
    "automod.refused": "La synchronisation d'AutoMod demande la permission Gérer le serveur : "
                       "Gardien a laissé l'AutoMod de Discord tel quel et continue de modérer "
                       "seul.",
    "automod.unlisted": "Synchronisation d'AutoMod : Discord a refusé de lister les règles "
                        "AutoMod du serveur (code {code}) ; rien n'a été changé.",
    "automod.synced": "Synchronisation d'AutoMod : {created} règles créées, {updated} "
                      "modifiées, {removed} supprimées.",
    "automod.left": "Laissés à Gardien : {overflow} mots-clés faute de place dans AutoMod, "
                    "{unfit} qu'AutoMod ne peut pas contenir.",
    "automod.rules_left": "Gardées par Gardien seul ({count}) : {rules} (AutoMod perdrait "
                          "une de leurs sanctions ou de leurs conditions).",
    "automod.no_exempt_users": "AutoMod n'exempte aucun membre : les {count} que le fichier "
                               "exempte par nom ou id ne le sont que de Gardien.",
    "automod.rule_failed": "AutoMod a refusé la règle {rule} : {reason}",
}
