"""Welcome messages: the rule file's text, its templates, its place, its language."""

from __future__ import annotations

from bot.posts import DirectMessage, Welcome

from .bench import COMMUNITY, bench, rules_file


async def test_welcome_renders_templates_in_the_default_place(tmp_path):
    head = """\
log_channel: mod-log
welcome:
  message: "Hello {mention} ({user}), welcome to {community}!"
"""

    async with bench(tmp_path, rules_file(head)) as b:
        await b.join("42", "alice")
        [post] = b.adapter.posted("welcome:")
        assert post.to == Welcome()     # the platform's default place
        assert post.text == f"Hello @alice (alice), welcome to {COMMUNITY}!"
        assert post.buttons == ()             # no gate configured
        assert post.greets == "42"            # the only member the post may ping
        assert b.adapter.executed == []       # a welcome is a post, not an action
        assert await b.store.cases() == []


async def test_welcome_in_a_named_channel_and_by_dm(tmp_path):
    async with bench(tmp_path, rules_file('welcome: {message: "Hi {user}", '
                                          'channel: "#arrivals"}')) as b:
        await b.join("42", "alice")
        assert [p.to for _, p in b.adapter.posts] == [Welcome("arrivals")]
    (tmp_path / "gardien.db").unlink()
    async with bench(tmp_path, rules_file('welcome: {message: "Hi {user}", '
                                          'channel: dm}')) as b:
        await b.join("42", "alice")
        [(_, post)] = b.adapter.posts
        assert (post.to, post.text) == (DirectMessage("42"), "Hi alice")


async def test_french_community_gets_french_defaults_and_button(tmp_path):
    head = """\
locale: fr
welcome:
  verify: {prompt: "Appuyez pour accepter la charte, {user}.", within: 10m}
"""

    async with bench(tmp_path, rules_file(head)) as b:
        await b.join("42", "alice")
        [post] = b.adapter.posted("welcome:")
        assert post.text == "Bienvenue @alice !\n\nAppuyez pour accepter la charte, alice."
        [button] = post.buttons
        assert (button.label, button.command, button.options, button.only_user) == (
            "J'accepte le code de conduite", "verify", {}, "42")


async def test_mention_text_from_the_platform_is_used(tmp_path):
    from rules.events import Join, Member

    async with bench(tmp_path, rules_file('welcome: {message: "Hi {mention}"}')) as b:
        member = Member(id="42", name="alice", mention_text="<@42>")
        await b.pipeline.handle(Join(id="j", community=COMMUNITY, at=b.clock(),
                                     user=member))
        await b.drain()
        [post] = b.adapter.posted("welcome:")
        assert post.text == "Hi <@42>"


async def test_bots_are_neither_welcomed_nor_verified(tmp_path):
    head = """\
welcome:
  message: "Hi {user}"
  verify: {prompt: "Press the button.", within: 10m}
"""

    async with bench(tmp_path, rules_file(head)) as b:
        await b.join("7", "helperbot", bot=True)
        assert b.adapter.posts == [] and b.adapter.attempts == []
        assert await b.store.verification(COMMUNITY, "7") is None
        assert await b.store.next_due() is None      # no deadline timer either


async def test_no_welcome_section_means_no_post(tmp_path):
    async with bench(tmp_path, rules_file("")) as b:
        await b.join("42", "alice")
        assert b.adapter.posts == [] and b.adapter.attempts == []


def test_a_broken_welcome_template_refuses_the_file(tmp_path):
    import pytest

    from rules.compiler import compile_ruleset
    from rules.problems import RuleFileError

    text = rules_file('welcome: {message: "Hi {nmae}"}')
    with pytest.raises(RuleFileError) as refused:
        compile_ruleset(text, "rules.yaml", tmp_path)
    [problem] = refused.value.problems
    assert "unknown placeholder {nmae}" in problem.message and problem.line == 3
