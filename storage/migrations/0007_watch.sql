-- Version 7: the e-reputation watch (bot/watch): watched terms seen in the community, the
-- sentiment counts behind the crisis alarm and the reports, crises, and outside feeds.
-- Times are integer microseconds since 1970-01-01 UTC, like the ledger's.

-- A message (or an edit) that contained watched terms: one row per term. `excerpt` is the
-- start of the message, for moderators (blanked by the privacy retention later).
CREATE TABLE watch_hits (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    user        TEXT    NOT NULL,
    channel     TEXT    NOT NULL DEFAULT '',
    message_id  TEXT    NOT NULL DEFAULT '',
    term        TEXT    NOT NULL,
    sentiment   REAL    NOT NULL CHECK (sentiment BETWEEN -1 AND 1),
    excerpt     TEXT    NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,
    UNIQUE (community, message_id, term)
);
CREATE INDEX watch_hits_by_time ON watch_hits (community, at);
CREATE INDEX watch_hits_by_member ON watch_hits (community, user);

-- Messages scored per community and minute (POSIX minute), and how many were negative:
-- the 24 hours behind a crisis's `usual` survive a restart, and reports read their days.
-- Upserted in batches (counts added), like the insight counts.
CREATE TABLE sentiment_minutes (
    community   TEXT    NOT NULL,
    minute      INTEGER NOT NULL,
    messages    INTEGER NOT NULL CHECK (messages >= 0),
    negative    INTEGER NOT NULL CHECK (negative >= 0),
    PRIMARY KEY (community, minute)
) WITHOUT ROWID;

-- Crises: at most one open per community. `slowmode` keeps the channels' slow mode the
-- crisis replaced (JSON {channel id: seconds}), restored at its end, across restarts.
CREATE TABLE crises (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    negative    INTEGER NOT NULL CHECK (negative >= 0),   -- the window's count at the start
    usual       REAL    NOT NULL CHECK (usual >= 0),
    peak        INTEGER NOT NULL CHECK (peak >= 0),
    terms       TEXT    NOT NULL DEFAULT '[]',            -- JSON: the most frequent terms
    slowmode    TEXT,
    slowmode_status TEXT NOT NULL DEFAULT 'none'
        CHECK (slowmode_status IN ('none', 'saved', 'set', 'restored', 'failed'))
);
CREATE UNIQUE INDEX crises_open ON crises (community) WHERE ended_at IS NULL;
CREATE INDEX crises_by_time ON crises (community, started_at);

-- Outside feeds polled for the watched terms, per community and URL: what the next
-- conditional request sends, and the failures behind the backoff and the pause.
-- `every` is the rule file's interval when the feed was last polled: a paused feed whose
-- entry changes resumes. `alerted`: moderators were told of the pause (once).
CREATE TABLE feeds (
    community   TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    etag        TEXT,
    last_modified TEXT,
    primed      INTEGER NOT NULL DEFAULT 0 CHECK (primed IN (0, 1)),  -- first poll done
    failures    INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),     -- in a row
    paused      INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    alerted     INTEGER NOT NULL DEFAULT 0 CHECK (alerted IN (0, 1)),
    every       REAL    NOT NULL DEFAULT 0 CHECK (every >= 0),        -- seconds
    next_at     INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    polled_at   INTEGER,
    PRIMARY KEY (community, url)
) WITHOUT ROWID;

-- Items seen in a feed (by guid, else link, else title and date): printed once.
CREATE TABLE feed_items (
    community   TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    item        TEXT    NOT NULL,
    digest      TEXT    NOT NULL DEFAULT '',   -- of title and summary: an edit is seen
    terms       TEXT    NOT NULL DEFAULT '[]', -- JSON: the terms already told for it
    seen_at     INTEGER NOT NULL,
    PRIMARY KEY (community, url, item)
) WITHOUT ROWID;
