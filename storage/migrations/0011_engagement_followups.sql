-- Version 11: what followed each scheduled post, poll or announcement (reports' engagement):
-- the community's messages in the hour after it was posted, counted by the running bot
-- (bot/insight/follow.py) and written when the hour is over (`complete` 1), or at
-- shutdown with what was seen so far (`complete` 0: a lower bound).
CREATE TABLE engagement_followups (
    post_id     INTEGER PRIMARY KEY REFERENCES engagement_posts (id) ON DELETE CASCADE,
    community   TEXT    NOT NULL,
    messages    INTEGER NOT NULL CHECK (messages >= 0),
    complete    INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1))
);
