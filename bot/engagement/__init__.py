"""Engagement: the rule file's `schedule:` (posts and native polls at set times) and
`announce` (a moderator's post, now or later), each posted once across restarts."""
