"""Engagement: scheduled polls' results, `announce` and its answers."""

TEXTS: dict[str, str] = {
    "engagement.poll.results": "Poll closed: {question}",
    "engagement.poll.line": "• {option}: {votes} ({percent}%)",
    "engagement.poll.voters": "{voters} voted.",
    "engagement.poll.no_votes": "Nobody voted.",
    "engagement.default_place": "the default place",
    "engagement.failed.post": "The scheduled post {id} could not be posted in {channel} "
                              "(see the bot's logs).",
    "engagement.failed.announce": "A planned announcement could not be posted in {channel} "
                                  "(see the bot's logs).",
    "engagement.failed.poll": "The scheduled poll {id} could not be posted in {channel}: "
                              "{reason}.",
    "engagement.failed.close": "The poll {id} could not be closed in {channel}: {reason}.",
    "error.no_polls": "{community} has no native polls (the platform has no such call)",
    "help.announce": "Post an announcement in a channel, now or at a given time",
    "option.name.channel": "channel",
    "option.name.at": "at",
    "option.help.channel": "A channel name or id, or `here`",
    "option.help.at": "When: 18:00, 2026-12-01 18:00 (the community's time zone), or ISO with "
                      "an offset; empty: now",
    "option.channel": "{value!r} is not a channel: write its name or id, or `here`",
    "announce.posted": "Announcement posted in {channel}.",
    "announce.planned": "Announcement planned in {channel} for {local} ({timezone}), {at}.",
    "announce.failed": "The announcement could not be posted in {channel} (see the bot's "
                       "logs).",
    "announce.bad_text": "This announcement cannot be posted: {problem}.",
    "announce.bad_at": "{value!r} is not a time: write 18:00, 2026-12-01 18:00 (in "
                       "{timezone}) or an ISO time with its offset, e.g. 2026-12-01T17:00Z.",
    "announce.in_past": "{value!r} has already passed.",
    "announce.too_far": "{value!r} is more than a year away.",
    "refusal.discord.permission.send_polls": "Create Polls",
    "refusal.discord.poll_limits": "Discord polls take a question of up to 300 characters, "
                                   "up to 10 answers of 55 characters and last up to 768 hours",
    "refusal.discord.not_a_poll": "that message holds no poll",
    "refusal.telegram.poll_limits": "Telegram polls take a question of up to 300 characters "
                                    "and 2 to 12 options of up to 100 characters",
}
