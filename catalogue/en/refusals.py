"""English reasons a platform's refusal gives, as the mod log shows a failed case.

They are built from parts: "refusal.discord.cannot" embeds what the bot was doing
(`refusal.discord.doing.*`) and why Discord refused (`refusal.discord.why.*`) with `{x!t}`
(see `catalogue`). The English texts are the adapters' reasons word for word: the logs and
the tests read them.
"""

TEXTS: dict[str, str] = {
    "refusal.dm_closed": "the member does not accept direct messages",
    "refusal.lock_state_unreadable": "the posting state stored with the lockdown cannot be read",
    # --- Discord: "cannot <doing>: <why>", with Discord's code when it gave one ----------
    "refusal.discord.cannot": "cannot {doing!t}: {why!t}",
    "refusal.discord.cannot.coded": "cannot {doing!t}: {why!t} (Discord error {code}, "
                                    "HTTP {status})",
    "refusal.discord.cannot.http": "cannot {doing!t}: {why!t} (HTTP {status})",
    "refusal.discord.rate_limited": "rate limited by Discord while trying to {doing!t}",
    "refusal.discord.rate_limited.proxy": "rate limited while trying to {doing!t}",
    # what the bot was doing
    "refusal.discord.doing.look_up_member": "look up the member",
    "refusal.discord.doing.delete_message": "delete the message",
    "refusal.discord.doing.delete_messages": "delete the messages",
    "refusal.discord.doing.reply": "post the reply",
    "refusal.discord.doing.timeout": "time the member out",
    "refusal.discord.doing.untimeout": "lift the member's timeout",
    "refusal.discord.doing.kick": "kick the member",
    "refusal.discord.doing.ban": "ban the member",
    "refusal.discord.doing.unban": "unban the member",
    "refusal.discord.doing.dm": "send the direct message",
    "refusal.discord.doing.alert": "post to the log channel {channel}",
    "refusal.discord.doing.post": "post to {channel}",
    "refusal.discord.doing.read_history": "read the channel's history",
    "refusal.discord.doing.hold_newcomer": "hold the newcomer back",
    "refusal.discord.doing.take_role": "take the role {role} from the newcomer",
    "refusal.discord.doing.give_role": "give the role {role}",
    "refusal.discord.doing.gate_timeout": "time the newcomer out until they accept the rules",
    "refusal.discord.doing.gate_untimeout": "lift the newcomer's timeout",
    "refusal.discord.doing.lock": "take Send Messages from @everyone",
    "refusal.discord.doing.unlock": "give @everyone its permissions back",
    "refusal.discord.doing.read_everyone": "read the @everyone role",
    "refusal.discord.doing.pause_invites": "pause the server's invites",
    "refusal.discord.doing.resume_invites": "put the server's invites back as they were",
    "refusal.discord.doing.read_channel": "read the channel {channel}",
    "refusal.discord.doing.read_slowmode": "read the slow mode of {channel}",
    "refusal.discord.doing.slowmode": "set the slow mode of {channel} to {seconds} s",
    "refusal.discord.doing.lift_slowmode": "lift the slow mode of {channel}",
    # why: Discord's codes, then the fallbacks, then the bot's own checks
    "refusal.discord.why.channel_gone": "the channel no longer exists",
    "refusal.discord.why.server_unreachable": "the server is not reachable by the bot",
    "refusal.discord.why.member_gone": "the member is no longer in the server",
    "refusal.discord.why.message_gone": "the message no longer exists",
    "refusal.discord.why.no_user": "the user does not exist",
    "refusal.discord.why.not_banned": "the user is not banned",
    "refusal.discord.why.channel_hidden": "the bot cannot see that channel",
    "refusal.discord.why.missing_permission": "the bot lacks the permission for this (or the "
                                              "member is above the bot)",
    "refusal.discord.why.too_old": "the messages are older than 14 days",
    "refusal.discord.why.invalid": "Discord rejected the request as invalid",
    "refusal.discord.why.forbidden": "Discord refused it (missing permission)",
    "refusal.discord.why.not_found": "not found",
    "refusal.discord.why.rejected": "Discord rejected the request",
    "refusal.discord.why.trouble": "Discord is having trouble",
    "refusal.discord.why.unreachable": "Discord could not be reached ({error})",
    "refusal.discord.why.owner": "the member is the server owner",
    "refusal.discord.why.role_not_below": "the member's highest role ({member_role}) is not "
                                          "below the bot's highest role ({bot_role}); move "
                                          "the bot's role higher",
    "refusal.discord.why.admin_timeout": "Discord does not time out administrators",
    "refusal.discord.why.left": "they are no longer in the server",
    "refusal.discord.why.send_only_through_everyone": "the bot has Send Messages only "
                                                      "through @everyone; give it to the "
                                                      "bot's own role",
    "refusal.discord.why.no_slowmode": "Discord has no slow mode for messages in {kind!t}",
    "refusal.discord.kind.announcement": "an announcement channel",
    "refusal.discord.kind.category": "a category",
    "refusal.discord.kind.forum": "a forum (each of its posts is a thread with its own)",
    "refusal.discord.kind.other": "this kind of channel",
    # the bot's own checks and lookups, before any call
    "refusal.discord.lacks_permission": "the bot lacks the {permission!t} permission",
    "refusal.discord.lacks_permission_in": "the bot lacks the {permission!t} permission in "
                                           "#{channel}",
    "refusal.discord.permission.manage_messages": "Manage Messages",
    "refusal.discord.permission.send_messages": "Send Messages",
    "refusal.discord.permission.read_message_history": "Read Message History",
    "refusal.discord.permission.moderate_members": "Moderate Members",
    "refusal.discord.permission.kick_members": "Kick Members",
    "refusal.discord.permission.ban_members": "Ban Members",
    "refusal.discord.permission.manage_roles": "Manage Roles",
    "refusal.discord.permission.manage_guild": "Manage Server",
    "refusal.discord.permission.manage_channels": "Manage Channels",
    "refusal.discord.permission.manage_threads": "Manage Threads",
    "refusal.discord.not_an_id": "{what!t} {value!r} is not a Discord id",
    "refusal.discord.id.server": "server",
    "refusal.discord.id.user": "user",
    "refusal.discord.id.message": "message",
    "refusal.discord.not_ready": "not connected to Discord yet",
    "refusal.discord.not_connected": "not connected to Discord",
    "refusal.discord.not_in_server": "the bot is not in the server {server}",
    "refusal.discord.server_loading": "the server's details are not loaded yet",
    "refusal.discord.no_channel": "no channel {channel!r} in the server",
    "refusal.discord.slowmode_range": "a slow mode of {seconds} s for {channel} is outside "
                                      "Discord's 0 to 21600 s",
    "refusal.discord.no_system_channel": "this server has no system channel: set "
                                         "welcome.channel",
    "refusal.discord.cannot_carry_out": "Discord cannot carry out {kind!r}",
    "refusal.discord.no_join_requests": "Discord has no join requests",
    "refusal.discord.role_missing": "the verification role {role} does not exist on this "
                                    "server",
    "refusal.discord.role_managed": "the verification role {role} belongs to an integration "
                                    "and cannot be given to members",
    "refusal.discord.role_above_bot": "cannot manage the verification role {role}: it is not "
                                      "below the bot's highest role ({bot_role}); move the "
                                      "bot's role above it in Server Settings > Roles",
    # --- Telegram: its own description of a refusal is quoted as it gave it -------------
    "refusal.telegram.refused": "Telegram refused: {description}",
    "refusal.telegram.refused.bare": "Telegram refused",
    "refusal.telegram.rate_limited": "Telegram rate limit: retry after {seconds}s",
    "refusal.telegram.no_answer": "Telegram did not answer (network error or timeout)",
    "refusal.telegram.bad_token": "Telegram rejected the bot token",
    "refusal.telegram.too_old": "Telegram only lets bots delete messages younger than 48 hours",
    "refusal.telegram.bad_log_channel": "log_channel {channel!r} is not a Telegram chat id or "
                                        "@channel name; give the numeric id of the "
                                        "moderators' chat or its @name",
    "refusal.telegram.bad_welcome_channel": "welcome channel {channel!r} is not a Telegram "
                                            "chat id or @name; leave it out to greet in the "
                                            "group itself",
    "refusal.telegram.restrict_channel": "Telegram cannot restrict a channel identity; ban it "
                                         "instead",
    "refusal.telegram.dm_channel": "a channel identity cannot receive direct messages",
    "refusal.telegram.join_request_gone": "the join request no longer exists: it expired or "
                                          "a moderator handled it",
    "refusal.telegram.cannot_carry_out": "Telegram cannot carry out {kind}",
    # --- the console ------------------------------------------------------------------
    "refusal.console.cannot_carry_out": "the console cannot carry out {kind}",
}
