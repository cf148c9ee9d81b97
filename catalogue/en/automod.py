"""Discord AutoMod sync: what the mod log is told (adapters/discord/automod.py)."""

TEXTS: dict[str, str] = {
    "automod.refused": "AutoMod sync needs the Manage Server permission: Gardien left "
                       "Discord's AutoMod as it was and keeps moderating on its own.",
    "automod.unlisted": "AutoMod sync: Discord refused to list this server's AutoMod rules "
                        "(code {code}); nothing was changed.",
    "automod.synced": "AutoMod sync: {created} rules created, {updated} updated, "
                      "{removed} removed.",
    "automod.left": "Left to Gardien: {overflow} keywords for want of room in AutoMod, "
                    "{unfit} that AutoMod cannot hold.",
    "automod.rules_left": "Kept by Gardien alone ({count}): {rules} (AutoMod would lose a "
                          "sanction or a condition of theirs).",
    "automod.no_exempt_users": "AutoMod has no exempt members: the {count} the file exempts "
                               "by name or id are exempt from Gardien only.",
    "automod.rule_failed": "AutoMod refused the rule {rule}: {reason}",
}
