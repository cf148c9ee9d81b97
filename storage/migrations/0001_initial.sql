-- Gardien storage, version 1: the ledger of cases, warning points, cooldowns,
-- timers, moderator notes and accepted rule revisions.
-- Times are integer microseconds since 1970-01-01 UTC; ids are text.

-- 'GARD': lets open() tell a Gardien database from some other SQLite file.
PRAGMA application_id = 1195463236;

CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,          -- ledger order across communities
    community   TEXT    NOT NULL,
    number      INTEGER NOT NULL CHECK (number >= 1),
    user        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    moderator   TEXT,
    evidence    TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    points      INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    message_id  TEXT,
    channel     TEXT,
    shadow      INTEGER NOT NULL DEFAULT 0 CHECK (shadow IN (0, 1)),
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    error       TEXT,
    updated_at  INTEGER NOT NULL,
    UNIQUE (community, number)
);

CREATE TABLE points (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    community   TEXT    NOT NULL,
    user        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    points      INTEGER NOT NULL CHECK (points > 0)
);
CREATE INDEX points_by_member ON points (community, user, at);
CREATE INDEX points_by_at ON points (at);

CREATE TABLE cooldowns (
    community   TEXT    NOT NULL,
    user        TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    until       INTEGER NOT NULL,
    PRIMARY KEY (community, user, rule)
) WITHOUT ROWID;

CREATE TABLE timers (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    user        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    case_number INTEGER,
    payload     TEXT    NOT NULL DEFAULT '{}',
    done_at     INTEGER,
    result      TEXT,
    FOREIGN KEY (community, case_number) REFERENCES cases (community, number)
);

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    user        TEXT    NOT NULL,
    moderator   TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    at          INTEGER NOT NULL
);

CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY,
    path        TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    accepted_at INTEGER NOT NULL
);
CREATE INDEX revisions_by_path ON revisions (path, id);
