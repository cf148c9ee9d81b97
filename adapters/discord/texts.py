"""What Discord shows in its command picker, in English and French.

Slash command and option descriptions are user-facing, so they live in this
catalogue (keyed like the core's `help.*` summary keys) rather than in the
code that builds the commands; Discord picks the French text for French
clients through `description_localizations`.
"""

from __future__ import annotations

import discord
from discord import app_commands

# key -> (English, French); Discord limits descriptions to 100 characters.
TEXTS: dict[str, tuple[str, str]] = {
    "help.warn": ("Warn a member (points count toward escalation)",
                  "Avertir un membre (les points comptent pour l'escalade)"),
    "help.timeout": ("Time a member out", "Exclure temporairement un membre"),
    "help.untimeout": ("Lift a member's timeout", "Lever l'exclusion temporaire d'un membre"),
    "help.kick": ("Kick a member", "Expulser un membre"),
    "help.ban": ("Ban a member, for good or for a while",
                 "Bannir un membre, définitivement ou non"),
    "help.unban": ("Lift a ban", "Lever un bannissement"),
    "help.purge": ("Delete recent messages in this channel",
                   "Supprimer les messages récents de ce salon"),
    "help.case": ("Show a case", "Afficher un dossier"),
    "help.history": ("A member's cases, notes and points",
                     "Dossiers, notes et points d'un membre"),
    "help.note": ("Add a note about a member", "Ajouter une note sur un membre"),
    "help.reason": ("Amend a case's reason", "Modifier le motif d'un dossier"),
    "help.report": ("Report a problem to the moderators", "Signaler un problème aux modérateurs"),
    "help.appeal": ("Appeal a sanction", "Contester une sanction"),
    "help.rules": ("The community's code of conduct", "Le code de conduite de la communauté"),
    "help.rules.group": ("Code of conduct and rule files",
                         "Code de conduite et fichiers de règles"),
    "help.rules.show": ("The active rule file", "Le fichier de règles actif"),
    "help.rules.check": ("Check a rule file without applying it",
                         "Vérifier un fichier de règles sans l'appliquer"),
    "help.rules.upload": ("Upload and apply a rule file",
                          "Envoyer et appliquer un fichier de règles"),
    "help.rules.rollback": ("Go back to an earlier rule file",
                            "Revenir à un fichier de règles précédent"),
    "help.rules.reload": ("Reload the rule file", "Recharger le fichier de règles"),
    "help.lockdown.group": ("Raid lockdown", "Verrouillage anti-raid"),
    "help.lockdown.start": ("Start a lockdown: newcomers are held back",
                            "Verrouiller : les nouveaux venus sont retenus"),
    "help.lockdown.end": ("End the lockdown", "Lever le verrouillage"),
    "option.member": ("The member", "Le membre"),
    "option.reason": ("Why", "Pourquoi"),
    "option.points": ("Points (default 1)", "Points (1 par défaut)"),
    "option.duration": ("How long, e.g. 10m, 1h, 7d", "Combien de temps, ex. 10m, 1h, 7d"),
    "option.delete_messages": ("Delete their messages of the last…, e.g. 1d",
                               "Supprimer ses messages des dernières…, ex. 1d"),
    "option.case": ("Case number", "Numéro du dossier"),
    "option.count": ("How many messages", "Combien de messages"),
    "option.text": ("The text", "Le texte"),
    "option.file": ("A YAML rule file", "Un fichier de règles YAML"),
    "option.revision": ("Revision number (default: the previous one)",
                        "Numéro de révision (par défaut : la précédente)"),
    "menu.report": ("Report message", "Signaler le message"),
    # Shown when the core failed unexpectedly (the error itself is logged).
    "error.internal": ("Something went wrong; the error was logged.",
                       "Une erreur est survenue ; elle a été journalisée."),
}


def english(key: str) -> app_commands.locale_str:
    """The English text, carrying its key so the translator can find the French one."""
    return app_commands.locale_str(TEXTS[key][0], key=key)


def say(key: str, locale: str | None) -> str:
    en, fr = TEXTS[key]
    return fr if locale == "fr" else en


class Translator(app_commands.Translator):
    """French descriptions (and menu names) for the command picker (English is the default)."""

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        key = string.extras.get("key")
        if locale is discord.Locale.french and key in TEXTS:
            return TEXTS[key][1]
        return None
