-- Version 4: newcomers: the verification gate per member and raid lockdowns per community.

-- A newcomer's verification: pending until they press the button under the code of
-- conduct; `deadline` (from the join) is when `on_timeout` applies; `request` marks a
-- Telegram join request (approved on acceptance rather than unrestricted).
CREATE TABLE verifications (
    community   TEXT    NOT NULL,
    user        TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'verified', 'expired')),
    joined_at   INTEGER NOT NULL,
    deadline    INTEGER,
    request     INTEGER NOT NULL DEFAULT 0 CHECK (request IN (0, 1)),
    changed_at  INTEGER NOT NULL,
    PRIMARY KEY (community, user)
) WITHOUT ROWID;

-- A community's lockdowns: started by raid detection (started_by NULL) or a moderator,
-- ended by its timer or a moderator; at most one open (ended_at NULL) per community.
-- `joins` and `summary` (JSON: cases per action and status, first/last case) are set
-- when it ends.
CREATE TABLE lockdowns (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    action      TEXT    NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    started_by  TEXT,
    ended_at    INTEGER,
    ended_by    TEXT,
    joins       INTEGER NOT NULL DEFAULT 0,
    summary     TEXT    NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX lockdowns_open ON lockdowns (community) WHERE ended_at IS NULL;

-- Rejoin checks: a member's latest timeout or its lifting.
CREATE INDEX cases_by_member_action ON cases (community, user, action, id);
