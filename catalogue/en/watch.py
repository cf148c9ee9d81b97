"""English texts of the e-reputation watch: hits of watched terms and the crisis alarm."""

TEXTS: dict[str, str] = {
    "watch.head": "Watch: {count} message(s) mention watched terms",
    "watch.item": "• {terms} · {member} in {channel} · sentiment {sentiment}",
    "watch.excerpt": "  “{excerpt}”",
    "watch.link": "  {link}",
    "watch.more": "… and {count} more (see `gardien report`)",
    "crisis.start": "Crisis: {negative} negative messages in the last {window} "
                    "(usually {usual} in that time).",
    "crisis.terms": "Most mentioned: {terms}",
    "crisis.worst": "Most negative messages:",
    "crisis.worst_item": "• {sentiment}: {link}",
    "crisis.slowmode": "Slow mode of {seconds} s set in {count} channel(s) until it ends.",
    "crisis.slowmode_failed": "Slow mode could not be set in {channel}: {error}",
    "crisis.end": "Crisis over: it lasted {duration}, with at most {peak} negative messages "
                  "in a window.",
    "crisis.audit_start": "Gardien: crisis alarm",
    "crisis.audit_end": "Gardien: crisis over",
    "crisis.slowmode_restored": "Slow mode restored in {count} channel(s).",
    "crisis.slowmode_restore_failed": "Slow mode could not be restored in {channel}: {error}",
}
