"""Pure conversions: times to integer microseconds and back, evidence cutting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from storage.codec import from_us, to_us
from storage.models import EVIDENCE_LIMIT, cut_evidence

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(9998, 1, 1),
                    timezones=offsets))
def test_aware_datetimes_round_trip_exactly_in_utc(value):
    back = from_us(to_us(value))
    assert back == value
    assert back.tzinfo is UTC


@given(st.text())
def test_evidence_is_never_longer_than_the_limit(text):
    cut = cut_evidence(text)
    assert len(cut) <= EVIDENCE_LIMIT
    if len(text) <= EVIDENCE_LIMIT:
        assert cut == text
    else:
        assert cut.endswith("…") and text.startswith(cut[:-1])
