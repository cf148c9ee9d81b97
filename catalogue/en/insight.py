"""English texts of the community report's readable summary (`gardien report`, `stats`)."""

TEXTS: dict[str, str] = {
    "insight.head": "Report for {community}: {first} to {last} ({timezone})",
    "insight.head_day": "Report for {community}: {first} ({timezone})",
    "insight.messages": "Messages: {messages} from {active} active members, {communicators} "
                        "of them with {threshold} or more",
    "insight.no_messages": "Messages: none in this period",
    "insight.busiest_day": "Busiest day: {day} ({messages} messages); {average} a day on "
                           "average",
    "insight.busiest_hour": "Busiest hour: {hour}:00 to {next}:00 ({messages} messages)",
    "insight.channels": "Channels: {channels}",
    "insight.more": "{count} more",
    "insight.members": "Joins: {joins}; leaves: {leaves}",
    "insight.newcomers": "Newcomers: {joined} joined, {posted} of them posted, {stayed} stayed",
    "insight.moderation": "Moderation: {cases} cases, {messages} messages moderated",
    "insight.by_action": "By action: {actions}",
    "insight.by_rule": "By rule: {rules}",
    "insight.reports": "Member reports: {reports}; median time to a moderator's action: "
                       "{median}",
    "insight.no_response": "none answered yet",
    "insight.unit.s": "{n} s",
    "insight.unit.min": "{n} min",
    "insight.unit.h": "{n} h {m} min",
    "insight.unit.d": "{n} d {h} h",
    "insight.thousands": ",",
    "insight.decimal": ".",
    "insight.engagement.sent": "Engagement: {posts} scheduled posts, {polls} polls, "
                               "{announcements} announcements",
    "insight.engagement.voters": "Polls: {voters} votes in the polls closed ({share}% of "
                                 "active members per poll)",
    "insight.engagement.after": "Messages in the hour after a post: {mean} on average",
    "insight.watch.terms": "Watched terms: {terms}",
    "insight.watch.sentiment": "Sentiment: {negative} of {scored} scored messages negative "
                               "({share}%)",
    "insight.watch.no_scored": "Sentiment: no message scored in this period",
    "insight.watch.crises": "Crises: {count}",
    "insight.watch.no_crisis": "Crises: none in this period",
    "insight.watch.crisis": "  from {start} to {end}: {negative} negative messages within "
                            "the window at its start (usual {usual})",
    "insight.watch.crisis_open": "  since {start}, still under way: {negative} negative "
                                 "messages within the window at its start (usual {usual})",
}
