"""Rule files from chat: check, upload (applied at once, broken ones refused), rollback,
reload, and no uploaded file may read the host's files."""

from __future__ import annotations

from bot.rulebook import Rulebook

from .bench import COMMUNITY, OWNER, bench

GOOD = b"""\
version: 1
name: Uploaded
locale: en
log_channel: mod-log
rules:
  - id: no-spam
    description: No spam.
    match: {words: [spam]}
    actions: [delete]
"""
SECOND = GOOD.replace(b"Uploaded", b"Second").replace(b"no-spam", b"no-ads")
BROKEN = b"""\
version: 1
name: Broken
rules:
  - id: bad
    match: {wordz: [x]}
    actions: [explode]
"""
LOCAL_LIST = b"""\
version: 1
name: Sneaky
rules:
  - id: sneaky
    match: {words: {lists: [/etc/passwd]}}
    actions: [delete]
"""


async def test_check_lists_problems_with_positions_and_changes_nothing(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("rules check", OWNER, file=BROKEN, file_name="mine.yaml")
        lines = answer.text.splitlines()
        assert lines[0] == "The file has 2 problem(s):"
        assert lines[1].startswith("• mine.yaml:5:") and "[rule bad]" in lines[1]
        assert "explode" in lines[2] and lines[2].startswith("• mine.yaml:6:")
        ok = await b.run("rules check", OWNER, file=GOOD, file_name="mine.yaml")
        assert ok.text == "The file is valid: Uploaded, 1 rule(s): no-spam"
        assert b.rulebook.for_community(COMMUNITY).name == "Command tests"


async def test_upload_applies_at_once_and_a_broken_one_keeps_the_old_rules(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("rules upload", OWNER, file=GOOD, file_name="mine.yaml")
        assert answer.text == "Revision 1 is now active: Uploaded, 1 rule(s): no-spam"
        assert b.rulebook.for_community(COMMUNITY).name == "Uploaded"
        assert b.rulebook.for_community("fake:other").name == "Command tests"
        refused = await b.run("rules upload", OWNER, file=BROKEN, file_name="bad.yaml")
        assert refused.text.startswith("Upload refused, the current rules stay: 2 problem")
        assert b.rulebook.for_community(COMMUNITY).name == "Uploaded"
        assert [u.revision for u in await b.store.uploads(COMMUNITY)] == [1]
        shown = (await b.run("rules show", OWNER)).text
        assert shown.startswith("Uploaded — uploaded revision 1 (mine.yaml) by 1 on ")
        assert shown.endswith("1 rule(s): no-spam")
        assert "Rules: revision 1 (mine.yaml) uploaded by owner and applied." in [
            p.text for p in b.adapter.log_posts()]


async def test_uploads_may_not_read_local_word_lists(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("rules upload", OWNER, file=LOCAL_LIST, file_name="s.yaml")
        assert "word list '/etc/passwd' refused" in answer.text
        assert "builtin:en" in answer.text
        assert await b.store.uploads(COMMUNITY) == []


async def test_rollback_to_a_previous_upload_then_to_disk(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("rules upload", OWNER, file=GOOD, file_name="one.yaml")
        await b.run("rules upload", OWNER, file=SECOND, file_name="two.yaml")
        assert b.rulebook.for_community(COMMUNITY).name == "Second"
        back = await b.run("rules rollback", OWNER)
        assert back.text == "Revision 1 (one.yaml) is active again."
        assert b.rulebook.for_community(COMMUNITY).name == "Uploaded"
        disk = await b.run("rules rollback", OWNER)
        assert disk.text == "Back to the file on disk (rules.yaml)."
        assert b.rulebook.for_community(COMMUNITY).name == "Command tests"
        nothing = await b.run("rules rollback", OWNER)
        assert nothing.refused
        again = await b.run("rules rollback", OWNER, revision=2)
        assert again.text == "Revision 2 (two.yaml) is active again."
        missing = await b.run("rules rollback", OWNER, revision=7)
        assert missing.refused and missing.text == "There is no uploaded revision 7."


async def test_the_active_upload_survives_a_restart(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("rules upload", OWNER, file=GOOD, file_name="one.yaml")
        store = b.store
        fresh = Rulebook(b.rules_path, {}, store)
        await fresh.load()
        assert fresh.for_community(COMMUNITY).name == "Uploaded"
        assert fresh.active_upload(COMMUNITY).revision == 1


async def test_reload_rereads_the_file_on_disk(tmp_path):
    async with bench(tmp_path) as b:
        assert (await b.run("rules reload", OWNER)).text == "rules.yaml is unchanged."
        b.rules_path.write_text(
            b.rules_path.read_text().replace("Command tests", "Edited"), encoding="utf-8")
        assert (await b.run("rules reload", OWNER)).text == "rules.yaml reloaded."
        assert b.rulebook.for_community(COMMUNITY).name == "Edited"
        b.rules_path.write_bytes(BROKEN)
        answer = await b.run("rules reload", OWNER)
        assert answer.text.startswith("The file on disk was refused")
        assert "rules.yaml:5:" in answer.text
        assert b.rulebook.for_community(COMMUNITY).name == "Edited"
