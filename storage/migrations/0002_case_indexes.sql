-- Version 2: indexes for the lookups the bot does at start-up and on commands.

-- `gardien cases --user`, a member's history.
CREATE INDEX cases_by_member ON cases (community, user);
-- Start-up reconciliation reads only the (few) pending cases.
CREATE INDEX cases_pending ON cases (id) WHERE status = 'pending';
-- The timer loop: open timers by due time.
CREATE INDEX timers_open_by_due ON timers (done_at, due_at);
-- Cancelling a member's open timers of one kind (e.g. on a manual unban).
CREATE INDEX timers_open_by_member ON timers (community, user, kind) WHERE done_at IS NULL;
-- A member's notes.
CREATE INDEX notes_by_member ON notes (community, user, id);
-- Warm-up of cooldowns still running.
CREATE INDEX cooldowns_by_until ON cooldowns (until);
