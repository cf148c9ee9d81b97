-- Version 8 is another branch's (taken in parallel with 0009_archives). This placeholder
-- only keeps the versions gapless on the archives branch: delete it when the two merge.
SELECT 1;
