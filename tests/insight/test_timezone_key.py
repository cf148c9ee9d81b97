"""The rule file's `timezone:` key: an IANA name checked with zoneinfo, refused at its
line and column with the closest known name, UTC when absent."""

from __future__ import annotations

import pytest

from rules.compiler import compile_ruleset
from rules.problems import RuleFileError

HEAD = "version: 1\nname: Zones\n"
RULES = "rules:\n  - id: a\n    match: {words: [moron]}\n    actions: [delete]\n"


def compiled(middle: str):
    return compile_ruleset(HEAD + middle + RULES, "zones.yaml", ".")


def refused(middle: str) -> list[str]:
    with pytest.raises(RuleFileError) as caught:
        compiled(middle)
    return [str(problem) for problem in caught.value.problems]


def test_utc_by_default_and_iana_names_accepted():
    assert compiled("").timezone == "UTC"
    for name in ("Europe/Paris", "America/New_York", "Asia/Kathmandu", "UTC"):
        assert compiled(f"timezone: {name}\n").timezone == name


@pytest.mark.parametrize(("value", "message"), [
    ("Europe/Pari", "unknown time zone 'Europe/Pari' (did you mean 'Europe/Paris'?)"),
    ("europe/paris", "unknown time zone 'europe/paris' (did you mean 'Europe/Paris'?)"),
    ("Mars/Olympus", "unknown time zone 'Mars/Olympus'; write an IANA name"),
    ("localtime", "unknown time zone 'localtime'"),          # the host's: not portable
    ("/etc/localtime", "unknown time zone '/etc/localtime'"),
    ("../../etc/passwd", "unknown time zone '../../etc/passwd'"),
    ("Europe", "unknown time zone 'Europe'"),                # a folder of zones
    ("12", "an IANA time zone name such as Europe/Paris, not 12"),
    ("[Europe/Paris]", "an IANA time zone name such as Europe/Paris, not ['Europe/Paris']"),
])
def test_a_wrong_zone_is_refused_at_its_line_and_column(value, message):
    [problem] = refused(f"locale: fr\ntimezone: {value}\n")
    assert problem.startswith("zones.yaml:4:11: timezone: ")
    assert message in problem


def test_it_is_refused_with_the_files_other_problems():
    problems = refused("timezone: Europe/Pari\nlocale: french\n")
    assert [p.split(": ")[0] for p in problems] == ["zones.yaml:3:11", "zones.yaml:4:9"]
