"""`cooldown: {duration, per}`: a rule quiet for the member, the channel or the community
after it fired; FAQ answers (only `reply`) are not moderation."""

from __future__ import annotations

FAQ = """
        - id: how-to-report
          cooldown: {{duration: 10m, per: {per}}}
          match: {{words: ["how do i report", "how to report"]}}
          actions: [{{reply: "Reply to the message with /report and a reason."}}]
"""


def answered(engine, message, **where) -> bool:  # type: ignore[no-untyped-def]
    verdict = engine.on_message(message("how do I report someone?", **where))
    return verdict.rules == ("how-to-report",)


def test_per_channel_the_answer_does_not_repeat_in_that_channel(engine_for, message):
    engine = engine_for(FAQ.format(per="channel"))
    assert answered(engine, message, user="u1", channel="help", t=0)
    assert not answered(engine, message, user="u2", channel="help", t=60)     # another member
    assert answered(engine, message, user="u2", channel="general", t=61)      # another channel
    assert answered(engine, message, user="u3", channel="help", t=601)        # 10m later


def test_per_community_one_answer_for_everyone_everywhere(engine_for, message):
    engine = engine_for(FAQ.format(per="community"))
    assert answered(engine, message, user="u1", channel="help", t=0)
    assert not answered(engine, message, user="u2", channel="general", t=30)
    assert answered(engine, message, user="u2", channel="general", t=30,
                    community="discord:other")                                # another server
    assert answered(engine, message, user="u9", channel="x", t=600)


def test_per_member_is_the_default_and_the_short_form(engine_for, message):
    engine = engine_for(FAQ.format(per="member"))
    short = engine_for(FAQ.format(per="member").replace("{duration: 10m, per: member}", "10m"))
    for one in (engine, short):
        assert answered(one, message, user="u1", channel="help", t=0)
        assert not answered(one, message, user="u1", channel="general", t=5)
        assert answered(one, message, user="u2", channel="help", t=6)


def test_an_answer_is_not_moderation_but_a_sanction_beside_it_is(engine_for, message):
    engine = engine_for(FAQ.format(per="channel") + """
        - id: no-insults
          match: {words: [moron]}
          actions: [delete]
    """)
    faq = engine.on_message(message("how to report a moron?", channel="help", t=0))
    assert faq.rules == ("how-to-report", "no-insults") and faq.moderates
    alone = engine.on_message(message("how to report?", channel="general", t=1))
    assert alone.rules == ("how-to-report",) and alone.action_kinds == ["reply"]
    assert not alone.moderates
    assert engine.ruleset.rules[0].answers_only and not engine.ruleset.rules[1].answers_only
