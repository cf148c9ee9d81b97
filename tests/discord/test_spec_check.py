"""The spec check itself: it must catch real mistakes, and only allow what is listed."""

from __future__ import annotations

import pytest

from . import spec

GUILD, USER = "1058897343283200000", "794354201395200003"
CHANNEL, MESSAGE = "1059259731148800008", "1573492326343376909"


def test_the_spec_is_present():
    assert spec.SPEC.is_file(), f"Discord's OpenAPI spec is missing at {spec.SPEC}"
    assert spec.load()["servers"][0]["url"].endswith("/api/v10")


def test_the_missing_spec_fails_loudly(monkeypatch, tmp_path):
    spec.load.cache_clear()
    monkeypatch.setattr(spec, "SPEC", tmp_path / "nowhere.json")
    try:
        with pytest.raises(AssertionError, match="spec is missing"):
            spec.load()
    finally:
        monkeypatch.undo()
        spec.load.cache_clear()
        spec._templates.cache_clear()


def test_correct_requests_pass():
    assert spec.problems("DELETE", f"/channels/{CHANNEL}/messages/{MESSAGE}", {}, None) == []
    assert spec.problems("PATCH", f"/guilds/{GUILD}/members/{USER}", {},
                         {"communication_disabled_until": "2026-11-21T01:00:00+00:00"}) == []
    assert spec.problems("POST", f"/channels/{CHANNEL}/messages/bulk-delete", {},
                         {"messages": [int(MESSAGE), int(MESSAGE) + 1]}) == []


@pytest.mark.parametrize(("method", "path", "query", "body", "expected"), [
    ("GET", "/guilds/1/nothing-here", {}, None, "no path template matches"),
    ("PUT", f"/channels/{CHANNEL}/messages/{MESSAGE}", {}, None, "PUT is not an operation"),
    ("DELETE", f"/channels/general/messages/{MESSAGE}", {}, None, "must be snowflakes"),
    ("PATCH", f"/guilds/{GUILD}/members/{USER}", {}, {"timeout_until": "x"}, "unknown body key"),
    ("PATCH", f"/guilds/{GUILD}/members/{USER}", {}, {"nick": 5}, "body nick"),
    ("POST", f"/channels/{CHANNEL}/messages/bulk-delete", {}, {"messages": [MESSAGE]},
     "body messages"),    # fewer than 2
    ("GET", f"/guilds/{GUILD}/audit-logs", {"action": "22"}, None, "unknown query parameter"),
    ("DELETE", f"/guilds/{GUILD}/members/{USER}", {"delete_message_seconds": "1"}, None,
     "unknown query parameter"),
])
def test_real_mistakes_are_caught(method, path, query, body, expected):
    found = spec.problems(method, path, query, body)
    assert found and expected in found[0], found


def test_only_the_listed_imprecisions_are_forgiven():
    ban = f"/guilds/{GUILD}/bans/{USER}"
    assert spec.problems("PUT", ban, {"delete_message_seconds": "86400"}, None) == []
    assert spec.problems("PUT", ban, {"delete_message_days": "1"}, None) != []
    assert all(why for why in spec.ALLOWED.values())
