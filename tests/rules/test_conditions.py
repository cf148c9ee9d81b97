"""Every condition kind and the combinators, through a compiled rule file and the engine."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from rules.engine import Engine

Check = Callable[..., bool]


@pytest.fixture
def rule(compile_rules, message) -> Callable[..., Check]:
    """Compile one rule `r` with the given `match`; return check(text, **message fields)."""

    def build(match: str, head: str = "", name: str = "rules.yaml") -> Check:
        body = textwrap.indent(textwrap.dedent(match).strip("\n"), "    ")
        ruleset = compile_rules(f"- id: r\n  match:\n{body}\n  actions: [delete]\n", head, name)
        engine = Engine(ruleset)

        def check(text: str = "", **fields: object) -> bool:
            return engine.on_message(message(text, **fields)).rules == ("r",)

        check.engine = engine  # type: ignore[attr-defined]
        return check

    return build


# --- words ------------------------------------------------------------------
def test_words_as_a_list_match_whole_words_after_folding(rule):
    check = rule("words: [moron, bad phrase]")
    assert check("you moron")
    assert check("You MORON!")
    assert check("mörön")
    assert check("what a bad   phrase")
    assert not check("hello there")
    assert not check("moronic")


def test_words_mapping_with_builtin_en_add_and_allow(rule):
    check = rule("words: {lists: ['builtin:en'], add: [moron], allow: [scunthorpe]}")
    assert check("fuck off")
    assert check("what a moron")
    assert not check("Scunthorpe United won")
    assert not check("have a nice day")


def test_words_builtin_fr(rule):
    check = rule("words: {lists: ['builtin:fr']}")
    assert check("espèce de connard")
    assert check("CONNARD")
    assert not check("bonjour à tous, bonne journée")


def test_words_without_lists_imply_no_builtin_list(rule):
    check = rule("words: {add: [moron]}")
    assert check("moron")
    assert not check("fuck")


def test_words_list_file_is_relative_to_the_rule_file(rule, tmp_path):
    (tmp_path / "conf" / "lists").mkdir(parents=True)
    (tmp_path / "conf" / "lists" / "custom.txt").write_text(
        "# our own words\nzorglub\nflub flub  # a phrase\n\n", encoding="utf-8"
    )
    check = rule("words: {lists: [lists/custom.txt]}", name="conf/rules.yaml")
    assert check("ZORGLUB!")
    assert check("flub flub")
    assert not check("our own words")
    assert not check("flub")


# --- regex ------------------------------------------------------------------
def test_regex_matches_the_raw_text(rule):
    check = rule(r"regex: ['\bfree\s+nitro\b', '(?i)gift\s*card']")
    assert check("get free  nitro here")
    assert check("GIFT CARD giveaway")
    assert not check("FREE NITRO")          # case-sensitive pattern, raw (unfolded) text
    assert not check("freenitro")


def test_regex_accepts_re2_syntax(rule):
    check = rule(r"regex: ['^\p{Greek}+$', '[[:digit:]]{4}-[[:digit:]]{4}']")
    assert check("αβγδ")
    assert check("card 1234-5678")
    assert not check("abc")


def test_regex_patterns_of_different_rules_stay_apart(compile_rules, message):
    engine = Engine(compile_rules("""
        - id: first
          match: {regex: [aaa]}
          actions: [delete]
        - id: second
          match: {regex: [bbb, aaa]}
          actions: [delete]
        - id: third
          match: {regex: [ccc]}
          actions: [delete]
    """))
    assert engine.on_message(message("xx bbb")).rules == ("second",)
    assert engine.on_message(message("aaa", t=1)).rules == ("first", "second")
    assert engine.on_message(message("ccc", t=2)).rules == ("third",)


# --- links ------------------------------------------------------------------
def test_links_deny_globs_on_host_names(rule):
    check = rule("links: {deny: ['*.example.org', bit.ly]}")
    assert check("see https://a.example.org/x")
    assert check("see a.b.c.example.org/deep/path")      # any depth, no scheme
    assert check("HTTPS://WWW.EXAMPLE.ORG")               # case-insensitive
    assert check("short: BIT.LY/abc")
    assert not check("https://example.org/x")             # the domain itself is not a subdomain
    assert not check("example.org")
    assert not check("https://notexample.org/x")
    assert not check("https://example.org.evil.com/x")
    assert not check("no links here. really.")


def test_links_allow_only_matches_links_outside_the_list(rule):
    check = rule("links: {allow: [example.org, '*.example.org']}")
    assert not check("https://example.org/rules")
    assert not check("docs.example.org/a")
    assert check("https://evil.com/free")
    assert check("www.evil.net")
    assert not check("just text, file.txt and node.js")


def test_links_deny_and_allow_together(rule):
    check = rule("links: {deny: ['*.ru'], allow: [ok.ru]}")
    assert check("go to bad.ru/page")
    assert not check("go to ok.ru/page")
    assert not check("go to https://evil.com")            # not denied: allow is not allow-only


@pytest.mark.parametrize("text", [
    "join discord.gg/abc123",
    "https://discord.gg/abc123",
    "https://discord.com/invite/abc123",
    "discord.com/invite/xyz",
    "t.me/+AbCdEf123",
    "https://t.me/joinchat/AbCdEf",
])
def test_links_invites(rule, text):
    assert rule("links: {invites: true}")(text)


@pytest.mark.parametrize("text", [
    "https://discord.com/channels/1/2", "t.me/somechannel", "https://example.org/invite/x",
])
def test_links_invites_ignore_other_links(rule, text):
    assert not rule("links: {invites: true}")(text)


def test_links_hidden_in_the_event(rule):
    check = rule("links: {deny: ['*.example.org']}")
    assert check("click here", links=("https://evil.example.org/x",))
    assert not check("click here", links=("https://example.com/x",))
    assert rule("links: {invites: true}")("join us", links=("https://t.me/+secret",))


# --- caps -------------------------------------------------------------------
def test_caps_ratio_and_min_letters_boundaries(rule):
    check = rule("caps: {ratio: 0.7, min_letters: 10}")
    assert check("ABCDEFGhij")             # 10 letters, 7 capitals: exactly the ratio
    assert not check("ABCDEFghij")         # 6 of 10
    assert not check("ABCDEFGHI")          # 9 letters only
    assert check("ABCDEFGHIJ!!! 123")      # digits and punctuation are not letters
    assert not check("ABCDEFGHI 123456789!")
    assert check("ÉÇÀÜÖÄÑØÅÆ")             # non-ASCII capitals


def test_caps_exact_ratio_is_at_least_ratio(rule):
    # 0.07 * 100 is 7.000000000000001 in floating point: 7 capitals of 100 letters still count.
    check = rule("caps: {ratio: 0.07, min_letters: 100}")
    assert check("A" * 7 + "a" * 93)
    assert not check("A" * 6 + "a" * 94)


# --- mentions ---------------------------------------------------------------
def test_mentions_more_than(rule):
    check = rule("mentions: {more_than: 2}")
    assert check("hi", mentions=("a", "b", "c"))
    assert not check("hi", mentions=("a", "b"))
    assert not check("hi", mentions=("a", "a", "b"))        # the same user counts once
    assert check("hi", mentions=("a", "b"), mentions_everyone=True)
    assert check("hi", mentions=("a",), role_mentions=("r1", "r2"))


def test_mentions_everyone_alone(rule):
    check = rule("mentions: {more_than: 0}")
    assert check("@everyone", mentions_everyone=True)
    assert not check("@everyone as plain text")


# --- flood ------------------------------------------------------------------
def test_flood_at_the_exact_window_boundary(rule):
    check = rule("flood: {messages: 5, within: 10s}")
    results = [check(f"m{i}", t=i * 2.5) for i in range(5)]   # the 5th at exactly 10s
    assert results == [False, False, False, False, True]


def test_flood_just_outside_the_window(rule):
    check = rule("flood: {messages: 5, within: 10s}")
    results = [check(f"m{i}", t=i * 2.5 + (0.5 if i == 4 else 0)) for i in range(5)]
    assert results == [False] * 5


def test_flood_counts_an_album_once(rule):
    check = rule("flood: {messages: 3, within: 10s}")
    assert not any(check("", t=0, group="album-1") for _ in range(4))
    assert not check("caption", t=1)
    assert check("and another", t=2)


def test_flood_without_albums_counts_every_message(rule):
    check = rule("flood: {messages: 3, within: 10s}")
    assert [check("", t=0) for _ in range(3)] == [False, False, True]


def test_flood_is_per_member_and_per_community(rule):
    check = rule("flood: {messages: 3, within: 10s}")
    assert not check("a", t=0, user="u1")
    assert not check("b", t=1, user="u2")
    assert not check("c", t=2, user="u1", community="telegram:-100")
    assert not check("d", t=3, user="u1")
    assert check("e", t=4, user="u1")


# --- repeat -----------------------------------------------------------------
def test_repeat_with_interleaved_messages_and_folded_text(rule):
    check = rule("repeat: {times: 3, within: 1m}")
    assert not check("Buy now", t=0)
    assert not check("hello", t=5)
    assert not check("BUY   now", t=10)
    assert not check("something else", t=15)
    assert check("buy NÓW", t=20)


def test_repeat_outside_the_window(rule):
    check = rule("repeat: {times: 3, within: 1m}")
    assert not check("spam", t=0)
    assert not check("spam", t=30)
    assert not check("spam", t=61)
    assert check("spam", t=62)     # the last three are within 1m: 30, 61, 62


def test_repeat_ignores_empty_texts(rule):
    check = rule("repeat: {times: 2, within: 1m}")
    assert not check("", attachments=("a.png",))
    assert not check("", t=1, attachments=("a.png",))


# --- length -----------------------------------------------------------------
def test_length_chars_and_lines(rule):
    check = rule("length: {max_chars: 10, max_lines: 3}")
    assert not check("x" * 10)
    assert check("x" * 11)
    assert not check("a\nb\nc")
    assert check("a\nb\nc\nd")
    assert rule("length: {max_lines: 2}")("a\nb\nc")
    assert not rule("length: {max_chars: 5}")("a\nb\nc")      # 5 characters, newlines included


# --- attachments ------------------------------------------------------------
def test_attachments_extensions_and_count(rule):
    check = rule("attachments: {extensions: [exe, .SCR], more_than: 2}")
    assert check(attachments=("setup.EXE",))
    assert check(attachments=("notes.pdf", "x.scr"))
    assert not check(attachments=("notes.pdf", "exe"))
    assert not check(attachments=("archive.exe.zip",))
    assert check(attachments=("a.png", "b.png", "c.png"))
    assert not check(attachments=("a.png", "b.png"))
    assert not check("setup.exe")          # a name in the text is not an attachment


# --- newcomer ---------------------------------------------------------------
def test_newcomer_joined_within(rule):
    check = rule("newcomer: {joined_within: 10m}")
    assert check("hi", t=600, joined=1)
    assert not check("hi", t=600, joined=0)          # exactly 10m: no longer "less than"
    assert not check("hi", t=600)                     # joined long ago or unknown


def test_newcomer_account_younger_than(rule):
    check = rule("newcomer: {account_younger_than: 7d}")
    day = 86400
    assert check("hi", t=0, created=-6 * day)
    assert not check("hi", t=0, created=-8 * day)
    assert not check("hi", t=0, created=-7 * day)


def test_newcomer_join_time_recorded_from_a_join_event(rule, join):
    check = rule("newcomer: {joined_within: 10m}")
    check.engine.on_join(join("u1", t=0))  # type: ignore[attr-defined]
    assert check("hi", t=300)
    assert not check("hi", t=300, user="u2")
    assert not check("hi", t=300, community="telegram:-100")
    assert not check("hi", t=600)


# --- channels and roles ----------------------------------------------------
def test_channels_by_name_case_insensitive_and_id(rule):
    check = rule("channels: [General, 123456789012345678]")
    assert check("x", channel="general")
    assert check("x", channel="GENERAL")
    assert check("x", channel="random", channel_id="123456789012345678")
    assert check("x", channel="123456789012345678")
    assert not check("x", channel="random", channel_id="42")


def test_roles_by_name_case_insensitive_and_id(rule):
    check = rule("roles: [Moderators, 987]")
    assert check("x", roles=("moderators",))
    assert check("x", roles=("member", "987"))
    assert not check("x", roles=("member",))
    assert not check("x")


# --- combinators -----------------------------------------------------------
def test_a_mapping_with_several_keys_means_all(rule):
    check = rule("""
        channels: [general]
        words: [moron]
    """)
    assert check("moron", channel="general")
    assert not check("moron", channel="random")
    assert not check("hello", channel="general")


def test_all_any_not_nest(rule):
    check = rule("""
        any:
          - words: [moron]
          - all:
              - caps: {ratio: 0.8, min_letters: 5}
              - not: {roles: [vip]}
    """)
    assert check("moron", roles=("vip",))
    assert check("HELLO WORLD")
    assert not check("HELLO WORLD", roles=("VIP",))
    assert not check("hello world")


def test_not_inverts(rule):
    check = rule("not: {channels: [bots]}")
    assert check("x", channel="general")
    assert not check("x", channel="bots")
