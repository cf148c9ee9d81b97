"""English texts of the malfunction alerts: told to moderators in the log channel once when
something stops working (a permission, the platform, the rule file) and once when it is over."""

TEXTS: dict[str, str] = {
    "malfunction.permission.start": "⚠ Gardien lacks the {permission!t} permission {where}. "
                                    "Because of it, {breaks}. To fix: {fix!t}.",
    "malfunction.permission.over": "✅ Gardien has the {permission!t} permission again "
                                   "(it was missing for {duration}).",
    "malfunction.where.channels": "in {channels}",
    "malfunction.where.community": "in this community",
    "malfunction.breaks.delete": "messages that break the rules are not deleted",
    "malfunction.breaks.timeout": "members cannot be timed out (rules, escalation, "
                                  "verification)",
    "malfunction.breaks.kick": "members cannot be kicked",
    "malfunction.breaks.ban": "members cannot be banned",
    "malfunction.breaks.roles": "roles cannot be given or taken (the verification role, a "
                                "raid's lock)",
    "malfunction.breaks.slowmode": "slow mode cannot be set during a crisis",
    "malfunction.breaks.post_log": "the mod log cannot be posted here, this alert included",
    "malfunction.breaks.approve": "join requests cannot be approved after verification",
    "malfunction.fix.discord.server": "give the bot's role {permission!t} in Server Settings → "
                                      "Roles",
    "malfunction.fix.discord.channel": "allow {permission!t} for the bot's role in those "
                                       "channels (Edit Channel → Permissions), or on its role "
                                       "in Server Settings → Roles",
    "malfunction.fix.telegram": "make the bot an administrator of the group with the right "
                                "“{permission!t}” (group settings → Administrators)",
    "malfunction.telegram.right.can_delete_messages": "Delete messages",
    "malfunction.telegram.right.can_restrict_members": "Ban users",
    "malfunction.telegram.right.can_invite_users": "Invite users via link",
    "malfunction.errors.start": "⚠ {platform} keeps failing: {failures} calls in a row ended "
                                "in a server error or a timeout, so sanctions fail (each "
                                "failed case is in the mod log). Usually an outage of "
                                "{platform} that ends by itself; if it lasts, check the "
                                "host's network and {platform}'s status page.",
    "malfunction.errors.over": "✅ {platform} answers again (the trouble lasted {duration}, "
                               "{failures} failed calls).",
    "malfunction.disconnected.start": "⚠ Gardien lost its connection to {platform} "
                                      "{duration} ago: nothing is moderated until it is back. "
                                      "It reconnects by itself; if it lasts, check the host's "
                                      "network and {platform}'s status page.",
    "malfunction.disconnected.over": "✅ Gardien is connected to {platform} again "
                                     "(disconnected for {duration}); messages sent meanwhile "
                                     "were not moderated.",
    "malfunction.rules.start": "⚠ The rule file {file} no longer loads ({count} problem(s), "
                               "the first: {problem}). The last good rules stay in force and "
                               "changes to the file are ignored. To fix: correct it "
                               "(`gardien check` lists every problem); it is reloaded as soon "
                               "as it is saved.",
    "malfunction.rules.over": "✅ The rule file {file} loads again (it was broken for "
                              "{duration}); its rules are in force.",
}
