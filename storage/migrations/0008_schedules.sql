-- Version 8: engagement (bot/engagement): every scheduled post, poll and announcement sent,
-- one row per occurrence. The row is written `pending` BEFORE the platform is asked, so an
-- occurrence is never posted twice: UNIQUE (community, item, due_at) refuses a second row,
-- and a row a crash left `pending` becomes `unknown` at the next start (not posted again).
-- `item` is the schedule id, or "announce-<timer id>" / "announce" for announcements.
-- Times are integer microseconds since 1970-01-01 UTC, like the ledger's.
CREATE TABLE engagement_posts (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    item        TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('post', 'poll', 'announce')),
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'posted', 'failed', 'unknown')),
    channel     TEXT    NOT NULL DEFAULT '',
    message_id  TEXT    NOT NULL DEFAULT '',
    poll_id     TEXT    NOT NULL DEFAULT '',
    error       TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    posted_at   INTEGER,
    closed_at   INTEGER,          -- a poll: when its results were read
    voters      INTEGER,          -- a poll: how many voted, once closed
    counts      TEXT,             -- a poll: JSON list of votes per option, once closed
    UNIQUE (community, item, due_at)
);
CREATE INDEX engagement_posts_by_time ON engagement_posts (community, due_at);
