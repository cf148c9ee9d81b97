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
}
