"""`--pseudonymise`: member ids and names replaced by keyed pseudonyms, stable across runs
with one key, different with another; mentions mapped alike, texts left as they are."""

from __future__ import annotations

import os
from pathlib import Path

from tests.imports.exports import discord_server, lines, run, telegram_chat


def pseudonymised(path: Path, platform: str, key: str | None) -> tuple[list[dict], str]:
    env = {k: v for k, v in os.environ.items() if k != "GARDIEN_PSEUDONYM_KEY"}
    if key is not None:
        env["GARDIEN_PSEUDONYM_KEY"] = key
    done = run("import", platform, str(path), "--pseudonymise", env=env)
    assert done.returncode == 0, done.stderr
    return lines(done.stdout), done.stderr


def test_discord_pseudonyms(tmp_path: Path) -> None:
    general = discord_server(tmp_path)[0]
    plain = lines(run("import", "discord", str(general)).stdout)
    once, _ = pseudonymised(general, "discord", "k1")
    again, _ = pseudonymised(general, "discord", "k1")
    other, _ = pseudonymised(general, "discord", "k2")
    assert once == again
    ids = {e["user"]["id"] for e in once}
    assert ids.isdisjoint({e["user"]["id"] for e in other})
    assert ids.isdisjoint({"1001", "1002", "1003", "1004"})
    assert all(i.isdigit() and int(i) < 2**64 for i in ids)
    for before, after in zip(plain, once, strict=True):
        assert after["user"]["name"].startswith("member-") and len(after["user"]["name"]) == 13
        assert after["text" if "text" in after else "id"] == \
            before["text" if "text" in before else "id"]
        assert after["user"].get("roles") == before["user"].get("roles")
    by_plain = {b["user"]["id"]: a["user"]["id"] for b, a in zip(plain, once, strict=True)}
    hello = next(e for e in once if e["id"] == "2001")
    assert hello["mentions"] == [by_plain["1002"]]   # bob, mentioned, is bob's pseudonym


def test_telegram_pseudonyms_and_a_random_key(tmp_path: Path) -> None:
    export = telegram_chat(tmp_path / "result.json")
    with_key, quiet = pseudonymised(export, "telegram", "secret")
    random1, said = pseudonymised(export, "telegram", None)
    random2, _ = pseudonymised(export, "telegram", None)
    assert "GARDIEN_PSEUDONYM_KEY is not set: a random key is used" in said
    assert "GARDIEN_PSEUDONYM_KEY" not in quiet
    assert random1 != random2
    names = {e["user"]["name"] for e in with_key}
    assert not names & {"Dana", "Eve", "Gus", "Ivy", "Jo", "Kim"}
    dana = {e["user"]["id"] for e in with_key if e["id"] in ("1", "2")}
    assert len(dana) == 1   # one member, one pseudonym, in a join and in a message
    mentioned = next(e for e in with_key if e["id"] == "3")["mentions"]
    assert mentioned[0] == dana.pop()
