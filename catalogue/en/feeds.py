"""English texts of the feed watch: the digest of new feed items, the pause alert."""

TEXTS: dict[str, str] = {
    "feeds.digest.head": "Feed watch: new items that mention watched terms ({count})",
    "feeds.digest.item": "• {title} ({feed})\n  terms: {terms}; sentiment {sentiment}",
    "feeds.digest.link": "  {link}",
    "feeds.digest.more": "…and {count} more",
    "feeds.untitled": "(untitled)",
    "feeds.paused": "Feed watch: {feed} is paused after {failures} failed polls in a row "
                    "(last: {reason}). It resumes when its entry in the rule file changes, "
                    "or with `gardien watch --resume {feed}`.",
}
