"""English texts of the case path: reasons written by timers, the queue and start-up."""

TEXTS: dict[str, str] = {
    "error.no_adapter": "no adapter serves {community}",
    "error.no_slowmode": "{community} has no slow mode (the platform has no such call)",
    "error.no_lock": "{community} cannot be locked (the platform has no such call)",
    "ledger.down": "Gardien cannot write its ledger (the database refuses writes): sanctions "
                   "are held, not carried out, until they can be recorded.",
    "ledger.recovered": "The ledger takes writes again: held sanctions are being carried out.",
    "error.ledger": "Nothing was done: the ledger cannot be written right now. Try again later.",
    "case.queue_expired": "the timeout had run out before its turn in the queue",
    "timer.ban_ended": "temporary ban of case #{number} ended",
    "timer.ban_ended_unknown": "temporary ban ended",
    "timer.timeout_ended": "timeout of case #{number} ended",
    "timer.timeout_ended_unknown": "timeout ended",
    "reconcile.timeout_ran_out": "interrupted by a restart; the timeout had already run out",
    "reconcile.ban_ran_out": "interrupted by a restart; the temporary ban had already run out",
    "reconcile.stale_kick":
        "interrupted by a restart more than 1h ago; the kick was not replayed",
    "reconcile.warn":
        "interrupted by a restart; the warning may not have been delivered (points stand)",
    "reconcile.not_replayed": "interrupted by a restart; {action} is not replayed",
    # the statement of reasons a sanctioned member receives (DSA art. 17)
    "notice.timeout": "You have been timed out in {community} until {until} (case #{number}).",
    "notice.kick": "You have been removed from {community} (case #{number}); you may join "
                   "again.",
    "notice.ban": "You have been banned from {community} (case #{number}).",
    "notice.ban_until": "You have been banned from {community} until {until} "
                        "(case #{number}).",
    "notice.reason": "Reason: {reason}",
    "notice.rule": "Rule: {rule}",
    "notice.by": "Decided by a moderator.",
    "notice.automatic": "Decided automatically by Gardien under the community's rules.",
    "notice.appeal": "You may appeal within {days} days: send /appeal {number} followed by "
                     "your explanation, here or in the community.",
}
