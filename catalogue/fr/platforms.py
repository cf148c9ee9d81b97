"""French texts only one platform shows: Discord's message menu, Telegram's command menu
and the answers its adapter gives before a command reaches the core."""

TEXTS: dict[str, str] = {
    "discord.menu.report": "Signaler le message",
    # une entrée du menu de Telegram : l'aide de la commande, puis comment l'écrire
    "telegram.menu.entry": "{help} : {usage}",
    "telegram.private_only_appeal": "Ici, en privé, vous pouvez contester une sanction : "
                                    "/appeal <numéro> <pourquoi> ; "
                                    "ou recevoir vos données : /mydata. "
                                    "Les autres commandes s'utilisent dans le groupe.",
    "telegram.unknown_user": "Je ne connais pas encore {name} : répondez à l'un de ses "
                             "messages avec la commande, ou donnez son identifiant numérique.",
    "telegram.unknown_subcommand": "Sous-commande de {group} inconnue {name} : utilisez "
                                   "{choices} ou {last}.",
    "telegram.file_unreadable": "Je n'ai pas pu télécharger le fichier joint depuis Telegram ; "
                                "réessayez.",
    "platform.file_too_large": "Le fichier joint fait {size} octets : la limite est de {limit}.",
}
