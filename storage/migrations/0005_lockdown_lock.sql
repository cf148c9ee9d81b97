-- Version 5: a lockdown's community-wide lock (raid.lock): the posting state read from
-- the platform before the lock (`lock_state`, opaque JSON from the adapter, written
-- once and never overwritten, so a restart cannot mistake the locked state for the
-- one to restore), and where the lock stands:
--   none      no lock asked
--   saved     the state is stored, the lock not yet confirmed (a crash here re-applies it)
--   locked    the platform confirmed the lock
--   failed    the lock could not be applied (`lock_error` says why); a stored state is
--             still put back at the end, in case part of the lock was applied
--   unlocked  the stored state was put back
--   stuck     putting it back failed (`lock_error`); moderators were told to do it by hand
ALTER TABLE lockdowns ADD COLUMN lock_state TEXT;
ALTER TABLE lockdowns ADD COLUMN lock_status TEXT NOT NULL DEFAULT 'none'
    CHECK (lock_status IN ('none', 'saved', 'locked', 'failed', 'unlocked', 'stuck'));
ALTER TABLE lockdowns ADD COLUMN lock_error TEXT;
CREATE INDEX lockdowns_to_unlock ON lockdowns (lock_status)
    WHERE lock_status IN ('saved', 'locked', 'failed');
