"""`caps`' quick rejections (no capital at all, too few capitals to ever reach the ratio)
answer as the plain count does, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.checks import fewest_capitals, letter_counts, shouting
from rules.context import MessageContext
from rules.events import Member, Message
from rules.state import MemberState
from tests.runtime.fakes import T0


def plainly_shouting(text: str, ratio: float, min_letters: int) -> bool:
    """The definition: enough letters, and capitals a large enough share of them."""
    if text == text.lower():
        return False
    letters, upper = letter_counts(text)
    return letters >= min_letters and upper / letters >= ratio


def _context(text: str) -> MessageContext:
    message = Message(id="m", community="c:1", at=T0, user=Member(id="u"), text=text)
    return MessageContext(message, MemberState(), 0.0, None)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="aAbBzZ éÉßẞǅΣσϒ1!", max_size=40),
       ratio=st.sampled_from([0.07, 0.5, 0.7, 0.8, 1.0]),
       min_letters=st.integers(min_value=1, max_value=20))
def test_the_quick_rejections_answer_as_the_count(text: str, ratio: float,
                                                   min_letters: int) -> None:
    holds = shouting(ratio, min_letters)
    expected = len(text) >= min_letters and plainly_shouting(text, ratio, min_letters)
    assert holds(_context(text)) == expected


def test_the_fewest_capitals_is_exact_in_floats() -> None:
    assert fewest_capitals(0.7, 10) == 7     # 7 / 10 == 0.7, though 0.7 * 10 > 7 in floats
    assert fewest_capitals(0.8, 12) == 10
    assert fewest_capitals(1.0, 1) == 1
    holds = shouting(0.7, 10)
    assert holds(_context("ABCDEFGhij"))          # 7 capitals of 10 letters: exactly 0.7
    assert not holds(_context("ABCDEFghij"))      # 6 of 10
