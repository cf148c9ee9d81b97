"""The pure parts of commands: the syntax, the menu texts' limits, anonymous admins' rights."""

from __future__ import annotations

import re

import pytest
from telegram import ChatMemberAdministrator, ChatMemberOwner, User

from adapters.telegram import texts
from adapters.telegram.parse import parse, split
from adapters.telegram.people import Directory, anonymous_admin
from bot.command_model import BAN, KICK, MANAGE_MESSAGES, MODERATE, RIGHTS
from catalogue import LOCALES, t

BOT = "gardien_test_bot"


@pytest.mark.parametrize(("text", "expected"), [
    ("/warn @bob spam", ("warn", "@bob spam")),
    ("/WARN@Gardien_Test_Bot @bob spam", ("warn", "@bob spam")),
    ("/warn\n@bob spam", ("warn", "@bob spam")),
    ("/warn@other_bot @bob spam", None),
    ("/start", None),
    ("/rules", ("rules", "")),
    ("not a command /warn", None),
])
def test_split_finds_only_gardiens_commands(text, expected):
    assert split(text, BOT) == expected


@pytest.mark.parametrize(("name", "rest", "replied", "target", "options"), [
    ("warn", "@bob spam points:3", False, "@bob", {"reason": "spam", "points": 3}),
    ("warn", "@bob points=0 spoilers", False, "@bob", {"reason": "spoilers", "points": 0}),
    ("warn", "3 links in a row", True, None, {"reason": "3 links in a row"}),
    ("warn", "spam", False, None, {"reason": "spam"}),            # no target: the core says so
    ("timeout", "-1001 1h flood", False, "-1001", {"duration": "1h", "reason": "flood"}),
    ("timeout", "soon flood", True, None, {"duration": "soon", "reason": "flood"}),
    ("ban", "@bob delete:2d 1w scam", False, "@bob",
     {"delete_messages": "2d", "duration": "1w", "reason": "scam"}),
    ("ban", "@bob scam 7d", False, "@bob", {"reason": "scam 7d"}),
    ("case", "12", False, None, {"case": 12}),
    ("case", "twelve", False, None, {}),
    ("purge", "5", True, None, {"count": 5}),
    ("report", "", True, None, {}),
])
def test_parse_options(name, rest, replied, target, options):
    request = parse(name, rest, replied=replied)
    assert (request.target, request.options) == (target, options)


def test_rules_subcommands():
    assert parse("rules", "UPLOAD", replied=False).command == "rules upload"
    assert parse("rules", "rollback #2", replied=False).options == {"revision": 2}
    assert parse("rules", "rollback", replied=False).options == {}
    assert parse("rules", "oops", replied=False).bad_subcommand == "oops"


def test_the_menu_fits_telegrams_limits_in_every_language():
    for menu in (texts.member_menu, texts.moderator_menu):
        names = {language: [name for name, _ in menu(language)] for language in LOCALES}
        assert names["fr"] == names["en"]
        for language in LOCALES:
            for name, description in menu(language):
                assert re.fullmatch(r"[a-z0-9_]{1,32}", name)
                assert 3 <= len(description) <= 256
    assert t("fr-CA", "refuse.only_user") == "Ce bouton ne vous est pas destiné."
    assert t("de", "refuse.only_user") == "This button is not for you."


def _admin(user_id: int, anonymous: bool, **rights: bool) -> ChatMemberAdministrator:
    flags = {name: False for name in (
        "can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
        "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
        "can_post_stories", "can_edit_stories", "can_delete_stories")}
    flags.update(rights)
    return ChatMemberAdministrator(User(user_id, "A", False), is_anonymous=anonymous, **flags)


def test_anonymous_admins_get_the_rights_all_of_them_share():
    owner = ChatMemberOwner(User(1, "O", False), is_anonymous=True)
    wide = _admin(2, True, can_restrict_members=True, can_delete_messages=True)
    narrow = _admin(3, True, can_restrict_members=True)
    visible = _admin(4, False, can_change_info=True)
    both = anonymous_admin(-100, "G", {1: owner, 2: wide, 3: narrow, 4: visible})
    assert both.rights == frozenset({MODERATE, KICK, BAN}) and both.admin and not both.owner
    assert anonymous_admin(-100, "G", {1: owner}).rights == frozenset(RIGHTS)
    assert anonymous_admin(-100, "G", {2: wide}).rights == frozenset(
        {MODERATE, KICK, BAN, MANAGE_MESSAGES})
    assert anonymous_admin(-100, "G", {4: visible}).rights == frozenset()


def test_the_directory_is_bounded_and_case_insensitive():
    directory = Directory(limit=2)
    for user_id, name in ((1, "Ann"), (2, "Ben"), (3, "Cat")):
        directory.see(User(user_id, name, False, username=name.upper()))
    assert directory.find("@ann") is None
    assert directory.find("@cat") == 3 and directory.find("BEN") == 2
    assert directory.user(3) == ("Cat", False) and directory.user(1) == ("", False)


def test_lockdown_start_and_end():
    start = parse("lockdown", "start 30m", replied=False)
    assert (start.command, start.options) == ("lockdown start", {"duration": "30m"})
    assert parse("lockdown", "end", replied=False).command == "lockdown end"
    assert parse("lockdown", "start", replied=False).options == {}
    assert parse("lockdown", "later", replied=False).bad_subcommand == "later"
    assert split("/lockdown start", "gardienbot") == ("lockdown", "start")
