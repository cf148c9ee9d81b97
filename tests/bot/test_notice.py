"""The statement of reasons a sanctioned member receives (bot/cases/notice.py): its
content in both languages, and whom it is never sent to."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cases.notice import COMMUNITY, fill_community, statement, with_notices
from rules.actions import Ban, Delete, Kick, Timeout, Unban
from rules.compiler import compile_ruleset
from storage.models import Case

AT = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)

RULES = """\
version: 1
name: Notice tests
locale: {locale}
rules:
  - id: no-scams
    description: {description}
    match: {{regex: ['scam\\\\.example']}}
    actions: [delete, {{ban: {{reason: scam link}}}}]
"""


def _ruleset(locale: str = "en", description: str = "No scams or phishing links"):
    return compile_ruleset(RULES.format(locale=locale, description=description), "r.yaml",
                           Path("."))


def _case(**fields) -> Case:
    values = dict(community="discord:1", number=7, user="42", action="ban", rule="no-scams",
                  reason="scam link (scam.example)", moderator=None, evidence="", created_at=AT,
                  expires_at=None, points=0, message_id="9", channel="3", shadow=False,
                  status="pending", error=None, updated_at=AT)
    values.update(fields)
    return Case(**values)


def test_a_ban_says_what_why_under_which_rule_and_how_to_appeal():
    text = fill_community(statement(_ruleset(), _case()), "Rail fans")
    assert text.splitlines() == [
        "You have been banned from Rail fans (case #7).",
        "Reason: scam link (scam.example)",
        "Rule: No scams or phishing links",
        "Decided automatically by Gardien under the community's rules.",
        "You may appeal within 180 days: send /appeal 7 followed by your explanation, "
        "here or in the community.",
    ]


def test_in_french_a_moderators_temporary_ban_without_a_reason():
    case = _case(rule="manual", reason="", moderator="5", expires_at=AT + timedelta(days=3))
    text = fill_community(statement(_ruleset("fr", "Pas d'arnaques"), case), "Les amis")
    assert text.splitlines() == [
        "Vous avez été banni de Les amis jusqu'au 2026-12-06 10:00 UTC (sanction n°7).",
        "Motif : aucune raison donnée",
        "Décision d'un modérateur.",
        "Vous pouvez faire appel sous 180 jours : envoyez /appeal 7 suivi de vos "
        "explications, ici ou dans la communauté.",
    ]


def test_the_place_of_the_name_cannot_be_forged_by_a_reason():
    case = _case(reason="community")
    text = fill_community(statement(_ruleset(), case), "X")
    assert "Reason: community" in text and COMMUNITY not in text


@pytest.mark.parametrize(("action", "call"), [
    ("ban", Ban("no-scams", reason="scam link")),
    ("kick", Kick("no-scams")),
    ("timeout", Timeout("no-scams", duration=timedelta(hours=1))),
])
def test_the_sanction_carries_the_statement_and_nothing_else_does(action, call):
    case = _case(action=action, expires_at=AT + timedelta(hours=1))
    calls = with_notices(_ruleset(), case, (Delete("no-scams"), call))
    assert calls[0] == Delete("no-scams")
    assert calls[1] == replace(call, notice=calls[1].notice)
    assert calls[1].notice.startswith("You have been ")


@pytest.mark.parametrize("rule", ["raid", "rejoin", "appeal", "timer"])
def test_raiders_rejoins_and_liftings_are_not_told(rule):
    calls = (Ban("x"), Unban("x"))
    assert with_notices(_ruleset(), _case(rule=rule), calls) == calls
