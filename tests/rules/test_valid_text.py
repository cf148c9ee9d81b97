"""Text is made valid once where events enter: whatever a platform or a file sends, no lone
surrogate gets past `valid_event`, and valid text is left exactly as it was."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from rules.events import Attachment, ManualSanction, Member, Message, valid_event, valid_text

AT = datetime(2026, 11, 20, tzinfo=UTC)
# any code point, surrogates included (what a JSON "\ud800" escape or surrogateescape gives)
ANY = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
VALID = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@given(ANY)
def test_valid_text_always_encodes_and_is_idempotent(text):
    cleaned = valid_text(text)
    assert encodable(cleaned)
    assert valid_text(cleaned) == cleaned
    assert len(cleaned) <= len(text)


@given(VALID)
def test_valid_text_leaves_valid_text_alone(text):
    assert valid_text(text) == text


def test_a_surrogate_pair_is_joined_and_a_lone_one_replaced():
    assert valid_text("a\ud83d\ude00b") == "a\U0001f600b"
    assert valid_text("x\ud800y\udfffz") == "x\ufffdy\ufffdz"


@given(ANY, ANY, ANY, ANY, st.lists(ANY, max_size=3))
def test_no_field_of_a_message_keeps_a_lone_surrogate(text, name, channel, file, links):
    event = Message(id="m1", community="discord:1", at=AT,
                    user=Member(id="u1", name=name, roles=(name,)), text=text,
                    channel=channel, links=tuple(links),
                    attachments=(Attachment(file, 10),))
    cleaned = valid_event(event)
    assert isinstance(cleaned, Message)
    strings = [cleaned.id, cleaned.community, cleaned.text, cleaned.channel, *cleaned.links,
               cleaned.user.name, *cleaned.user.roles, cleaned.attachments[0].filename]
    assert all(encodable(s) for s in strings)
    assert cleaned.at == AT and cleaned.attachments[0].size == 10


def test_valid_events_are_returned_as_they_are():
    event = Message(id="m1", community="discord:1", at=AT, user=Member("u1", "Zoé"),
                    text="bonjour 👋")
    assert valid_event(event) is event
    sanction = ManualSanction(id="s", community="c", at=AT, user=Member("u"), action="ban",
                              reason="spam \udc80", moderator=None)
    assert valid_event(sanction).reason == "spam \ufffd"
