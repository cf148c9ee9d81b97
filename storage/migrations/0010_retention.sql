-- Version 10: what the privacy retention (storage/retention.py) needs to run by itself.

-- The key of the keyed pseudonyms (HMAC-SHA256 of a member's id): one per database, random,
-- never leaves it. The same member gets the same pseudonym everywhere, so counts per member
-- still work on pseudonymised cases and activity; without the database the pseudonym
-- cannot be linked back to an id.
CREATE TABLE privacy_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    key         BLOB    NOT NULL CHECK (length(key) = 32)
);
INSERT INTO privacy_key (id, key) VALUES (1, randomblob(32));

-- Communities the bot was removed from (Discord GUILD_DELETE, Telegram my_chat_member
-- left/kicked), and when: everything of them is erased `removed_community` after it. Being
-- added again deletes the row.
CREATE TABLE communities_left (
    community   TEXT    PRIMARY KEY,
    left_at     INTEGER NOT NULL             -- microseconds since 1970-01-01 UTC
) WITHOUT ROWID;

-- Insight days whose member ids were replaced by pseudonyms (after `activity`): every day of
-- the community up to `through` (YYYY-MM-DD, included). A report whose period reaches them
-- pseudonymises the later days' ids the same way, so distinct members still add up exactly.
CREATE TABLE insight_pseudonymous (
    community   TEXT    PRIMARY KEY,
    through     TEXT    NOT NULL
) WITHOUT ROWID;

-- Retention walks cases and archived messages by age.
CREATE INDEX cases_by_created ON cases (created_at);
CREATE INDEX watch_hits_by_at ON watch_hits (at);
