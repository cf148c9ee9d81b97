"""English texts of archives: `archive channel [from] [to]`, its files and its page."""

TEXTS: dict[str, str] = {
    "help.archive": "Save a channel's history as JSON and HTML files in the log channel",
    "option.name.from": "from",
    "option.help.from": "The first day archived, YYYY-MM-DD (none: the beginning)",
    "option.name.to": "to",
    "option.help.to": "The day the archive stops before, YYYY-MM-DD (none: now)",
    "option.day": "{name}: {value!r} is not a day; write it as YYYY-MM-DD, e.g. 2026-11-01.",
    "refusal.discord.permission.view_channel": "View Channel",
    "error.no_history": "{community} cannot read a channel's history.",
    "archive.no_log_channel": "There is no log_channel in the rule file to post the archive "
                              "to; add one and try again.",
    "archive.bad_range": "The archive would be empty: {start} is not before {end}.",
    "archive.not_kept": "Telegram does not let bots read a chat's history: only messages the "
                        "bot saw can be archived, and only when the rule file sets "
                        "`archive: true`. It does not here, so there is nothing to archive.",
    "archive.busy": "An archive of this community is already being made; wait for it in the "
                    "log channel.",
    "archive.unknown_channel": "Messages are kept for this chat only: write `here` "
                               "(not {channel!r}).",
    "archive.refused": "No archive: {reason}",
    "archive.started": "Archiving #{channel}… The files will be posted to the log channel.",
    "archive.done": "Archive of #{channel}: {count} messages, from {first} to {last} "
                    "({zone}). Saved as {file}.json and .html in the archives directory.",
    "archive.empty": "Archive of #{channel}: no messages in that period. Saved as {file}.json "
                     "and .html in the archives directory.",
    "archive.cut": "Only the first {limit} messages were archived: ask again from {next} for "
                   "the rest.",
    "archive.cut_note": "Cut at {limit} messages.",
    "archive.failed": "The archive of #{channel} failed: {reason}",
    "archive.page.lang": "en",
    "archive.page.title": "#{channel}",
    "archive.page.period": "From {start} to {end} ({zone})",
    "archive.page.beginning": "the beginning",
    "archive.page.count": "{count} messages",
    "archive.page.reply": "replying to {author}:",
    "archive.page.reply_unknown": "replying to a message outside this archive",
    "archive.page.bot": "BOT",
    "archive.page.edited": "(edited {at})",
}
