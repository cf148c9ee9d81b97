-- Version 3: what moderator, admin and member commands record.

-- Every change to a case after it was opened: reason amendments (the old reason kept,
-- with who and when) and the outcome of an appeal against it.
CREATE TABLE case_changes (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('reason', 'appeal_accepted', 'appeal_denied')),
    old         TEXT    NOT NULL DEFAULT '',
    new         TEXT    NOT NULL DEFAULT '',
    by          TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    FOREIGN KEY (community, number) REFERENCES cases (community, number)
);
CREATE INDEX case_changes_by_case ON case_changes (community, number, id);

-- A member's appeal of their own case: one per case.
CREATE TABLE appeals (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    user        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'denied')),
    decided_by  TEXT,
    created_at  INTEGER NOT NULL,
    decided_at  INTEGER,
    UNIQUE (community, number),
    FOREIGN KEY (community, number) REFERENCES cases (community, number)
);

-- Members' reports of messages: the record, and per-member rate limiting.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    reporter    TEXT    NOT NULL,
    user        TEXT    NOT NULL DEFAULT '',
    channel     TEXT    NOT NULL DEFAULT '',
    message_id  TEXT    NOT NULL DEFAULT '',
    reason      TEXT    NOT NULL DEFAULT '',
    excerpt     TEXT    NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX reports_by_reporter ON reports (community, reporter, at);

-- Rule files uploaded from chat, per community, with their content; numbered from 1.
CREATE TABLE rule_uploads (
    id          INTEGER PRIMARY KEY,
    community   TEXT    NOT NULL,
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    file_name   TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    content     BLOB    NOT NULL,
    uploaded_by TEXT    NOT NULL,
    uploaded_at INTEGER NOT NULL,
    UNIQUE (community, revision)
);

-- Which upload is in force for a community; no row (or NULL): the file named in the config.
CREATE TABLE rule_active (
    community   TEXT    PRIMARY KEY,
    revision    INTEGER,
    changed_by  TEXT    NOT NULL,
    changed_at  INTEGER NOT NULL
) WITHOUT ROWID;
