"""The few words the Telegram adapter says itself, in English and French.

Everything else members and moderators read comes from the core's catalogues;
these are Telegram-specific: the command menu (setMyCommands) and the answers
given before a command reaches the core (an unknown @username, a button meant
for someone else).
"""

from __future__ import annotations

LANGUAGES = ("en", "fr")

# The command menu: (command, description) per language. Members see MEMBER in every
# chat; administrators see MODERATOR in groups (all_chat_administrators scope).
MEMBER: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("report", "Report a message to the moderators (reply to it) [reason]"),
        ("appeal", "Appeal a sanction: appeal <case number> <text>"),
        ("rules", "The community's code of conduct"),
    ),
    "fr": (
        ("report", "Signaler un message aux modérateurs (en y répondant) [raison]"),
        ("appeal", "Contester une sanction : appeal <numéro de cas> <texte>"),
        ("rules", "Le code de conduite de la communauté"),
    ),
}
MODERATOR: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("warn", "Warn a member: warn <member> <reason> [points:N]"),
        ("timeout", "Mute a member: timeout <member> <duration> <reason>"),
        ("untimeout", "Lift a timeout: untimeout <member>"),
        ("kick", "Remove a member: kick <member> <reason>"),
        ("ban", "Ban a member: ban <member> [duration] [delete:1d] <reason>"),
        ("unban", "Lift a ban: unban <member>"),
        ("purge", "Delete recent messages: purge <count> [member]"),
        ("case", "Show a case: case <number>"),
        ("history", "A member's cases, notes and points: history <member>"),
        ("note", "Add a note about a member: note <member> <text>"),
        ("reason", "Amend a case's reason: reason <number> <text>"),
        ("rules", "rules [show|check|upload|rollback|reload]"),
        ("lockdown", "Raid lockdown: lockdown start [duration] | lockdown end"),
    ),
    "fr": (
        ("warn", "Avertir un membre : warn <membre> <raison> [points:N]"),
        ("timeout", "Rendre muet : timeout <membre> <durée> <raison>"),
        ("untimeout", "Lever un mode muet : untimeout <membre>"),
        ("kick", "Exclure un membre : kick <membre> <raison>"),
        ("ban", "Bannir : ban <membre> [durée] [delete:1d] <raison>"),
        ("unban", "Lever un bannissement : unban <membre>"),
        ("purge", "Supprimer des messages récents : purge <nombre> [membre]"),
        ("case", "Afficher un cas : case <numéro>"),
        ("history", "Cas, notes et points d'un membre : history <membre>"),
        ("note", "Ajouter une note sur un membre : note <membre> <texte>"),
        ("reason", "Modifier la raison d'un cas : reason <numéro> <texte>"),
        ("rules", "rules [show|check|upload|rollback|reload]"),
        ("lockdown", "Verrouillage anti-raid : lockdown start [durée] | lockdown end"),
    ),
}

ANSWERS: dict[str, dict[str, str]] = {
    "private_only_appeal": {
        "en": "Here, in private, you can appeal a sanction: /appeal <case number> <why>. "
              "Other commands work in the group.",
        "fr": "Ici, en privé, vous pouvez contester une sanction : /appeal <numéro> <pourquoi>. "
              "Les autres commandes s'utilisent dans le groupe.",
    },
    "unknown_user": {
        "en": "I do not know {name} yet: reply to one of their messages with the command, "
              "or give their numeric id.",
        "fr": "Je ne connais pas encore {name} : répondez à l'un de ses messages avec la "
              "commande, ou donnez son identifiant numérique.",
    },
    "unknown_subcommand": {
        "en": "Unknown rules subcommand {name}: use show, check, upload, rollback or reload.",
        "fr": "Sous-commande de rules inconnue {name} : utilisez show, check, upload, "
              "rollback ou reload.",
    },
    "not_your_button": {
        "en": "This button is not for you.",
        "fr": "Ce bouton ne vous est pas destiné.",
    },
    "file_unreadable": {
        "en": "I could not download the attached file from Telegram; try again.",
        "fr": "Je n'ai pas pu télécharger le fichier joint depuis Telegram ; réessayez.",
    },
    "file_too_large": {
        "en": "The attached file is {size} bytes: the limit is {limit}.",
        "fr": "Le fichier joint fait {size} octets : la limite est de {limit}.",
    },
}


def say(key: str, locale: str | None, **values: object) -> str:
    """The answer `key` in the invoker's language (English when it has none of ours)."""
    table = ANSWERS[key]
    language = (locale or "en").split("-")[0].lower()
    return table.get(language, table["en"]).format(**values)
