-- Version 6: community insight (bot/insight): what the running bot counted, flushed in
-- batches. Days are the community's local days (YYYY-MM-DD, in the timezone it was counted
-- in); times are POSIX seconds as the counting saw them (REAL: an exact round trip).
-- Counts are upserted: a batch adds to what is there (`messages + excluded.messages`), a
-- member's last message of a day is the later of the two. Timed rows are appended.
-- Moderation (cases, removals by the bot, reports and the moderators' answers) is read
-- from the ledger tables at report time, never copied here.

-- Messages per local hour of a local day.
CREATE TABLE insight_hours (
    community   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    messages    INTEGER NOT NULL CHECK (messages >= 0),
    PRIMARY KEY (community, day, hour)
) WITHOUT ROWID;

-- Messages per channel and local day.
CREATE TABLE insight_channels (
    community   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    messages    INTEGER NOT NULL CHECK (messages >= 0),
    PRIMARY KEY (community, day, channel)
) WITHOUT ROWID;

-- A member's messages on a local day and the time of the last of them: the rows of the
-- days still open. Once a day is over everywhere, its rows are folded into one
-- `insight_member_days` row (a 30-day report then reads 30 rows, not a million); rows
-- for a folded day that arrive later (a late flush) wait here for the next fold, and a
-- report adds both. (No index by day alone: the fold scans the few days left unfolded.)
CREATE TABLE insight_members (
    community   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    member      TEXT    NOT NULL,
    messages    INTEGER NOT NULL CHECK (messages >= 0),
    last_at     REAL    NOT NULL,
    PRIMARY KEY (community, day, member)
) WITHOUT ROWID;

-- A folded day: `members` a JSON array of member ids, `messages` and `last_at` the
-- matching counts (int64) and times (float64), little-endian, in the same order.
CREATE TABLE insight_member_days (
    community   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    members     TEXT    NOT NULL,
    messages    BLOB    NOT NULL,
    last_at     BLOB    NOT NULL,
    PRIMARY KEY (community, day)
) WITHOUT ROWID;

-- Joins, leaves and removals, in the order they were counted (the id).
CREATE TABLE insight_membership (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    member      TEXT    NOT NULL,
    at          REAL    NOT NULL,
    change      TEXT    NOT NULL CHECK (change IN ('join', 'leave', 'removed'))
);
CREATE INDEX insight_membership_by_day ON insight_membership (community, day);

-- Messages an enforced rule acted on, per local day.
CREATE TABLE insight_moderated (
    community   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    messages    INTEGER NOT NULL CHECK (messages >= 0),
    PRIMARY KEY (community, day)
) WITHOUT ROWID;

-- The communities counted, with the timezone and language of their rule file at the last
-- flush: `gardien report --config` reads them without compiling any rule file.
CREATE TABLE insight_communities (
    community   TEXT    PRIMARY KEY,
    timezone    TEXT    NOT NULL,
    locale      TEXT    NOT NULL,
    updated_at  REAL    NOT NULL
) WITHOUT ROWID;

-- The ledger, read by period for the reports: cases opened, and members' reports.
CREATE INDEX cases_by_time ON cases (community, created_at);
CREATE INDEX reports_by_time ON reports (community, at);
