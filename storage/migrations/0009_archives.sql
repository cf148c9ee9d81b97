-- Version 9: messages kept for archives (bot/archive), only for communities whose rule file
-- sets `archive: true` -- Telegram, where a bot cannot read a chat's history and can archive
-- only what it saw. Discord reads the history when an archive is asked and keeps nothing here.
--
-- PERSONAL DATA: who wrote what, and when. The columns say it plainly so that the privacy
-- issue's retention (deleting rows past an age, or one member's rows on request) can find
-- them: author_id, author_name, text, attachments. Nothing else about a member is kept.
-- Times are integer microseconds since 1970-01-01 UTC, like the ledger's.
CREATE TABLE archived_messages (
    community   TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    message_id  TEXT    NOT NULL,
    author_id   TEXT    NOT NULL,
    author_name TEXT    NOT NULL DEFAULT '',
    author_bot  INTEGER NOT NULL DEFAULT 0 CHECK (author_bot IN (0, 1)),
    text        TEXT    NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,                 -- when it was posted
    edited_at   INTEGER,                          -- its last edit seen (NULL: never edited)
    reply_to    TEXT    NOT NULL DEFAULT '',      -- the message it answers ('' for none)
    mentions    TEXT    NOT NULL DEFAULT '[]',    -- JSON: the user ids it mentions
    attachments TEXT    NOT NULL DEFAULT '[]',    -- JSON: [[file name, size in bytes], ...]
    PRIMARY KEY (community, channel, message_id)
) WITHOUT ROWID;
CREATE INDEX archived_messages_by_time ON archived_messages (community, channel, at);
CREATE INDEX archived_messages_by_author ON archived_messages (community, author_id);
