"""`gardien watch --once --json` end to end: a config, a rule file, a local feed server."""

from __future__ import annotations

import asyncio
import json

from gardien.cli import main

from .feedserver import Item, feed_server, free_port, rss
from .rulefiles import watch_rules

COMMUNITY = "discord:42"


def write_config(tmp_path, feeds):
    rules = tmp_path / "rules.yaml"
    rules.write_text(watch_rules(feeds), encoding="utf-8")
    config = tmp_path / "gardien.yaml"
    config.write_text(f"storage: {tmp_path / 'gardien.db'}\nrules:\n  default: {rules}\n"
                      f"  communities:\n    \"{COMMUNITY}\": {rules}\n", encoding="utf-8")
    return config


async def watch(*argv):
    """main() runs its own event loop: in a thread, while this loop serves the feeds."""
    return await asyncio.to_thread(main, ["watch", *argv])


async def test_watch_once_json_prints_new_items_and_failures_go_to_stderr(tmp_path, capsys):
    async with feed_server() as server:
        url = server.url("/rss")
        dead = f"http://127.0.0.1:{free_port()}/feed"
        config = write_config(tmp_path, [(url, "15m"), (dead, "15m")])
        server.publish("/rss", rss([Item("Acme old news", guid="0")]))
        assert await watch("--config", str(config), "--once", "--json") == 0
        first = capsys.readouterr()
        assert first.out == ""
        assert f"{dead} ({COMMUNITY}): cannot connect" in first.err
        assert "1 failure in a row; next try " in first.err
        server.publish("/rss", rss([Item("Acme cloud is down", summary="so bad",
                                         link="http://n/9", guid="9"),
                                    Item("Acme old news", guid="0")]))
        # --once ignores `every` (15m) and the dead feed's backoff
        assert await watch("--config", str(config), "--once", "--json") == 0
        second = capsys.readouterr()
        [line] = second.out.splitlines()
        hit = json.loads(line)
        assert list(hit) == ["community", "feed", "id", "title", "link", "terms", "sentiment"]
        assert hit["community"] == COMMUNITY and hit["feed"] == url and hit["id"] == "9"
        assert hit["title"] == "Acme cloud is down" and hit["link"] == "http://n/9"
        assert hit["terms"] == ["Acme", "acme cloud"]
        assert isinstance(hit["sentiment"], float) and -1 <= hit["sentiment"] <= 1
        assert "2 failures in a row" in second.err
        assert await watch("--config", str(config), "--once") == 0
        assert capsys.readouterr().out == ""   # told once


async def test_readable_lines_without_json_and_resume(tmp_path, capsys):
    async with feed_server() as server:
        url = server.url("/rss")
        config = write_config(tmp_path, [(url, "1m")])
        server.publish("/rss", rss([]))
        assert await watch("--config", str(config), "--once") == 0
        server.publish("/rss", rss([Item("ACME wins", link="http://n/1")]))
        assert await watch("--config", str(config), "--once") == 0
        out = capsys.readouterr().out
        assert out.startswith(f"{COMMUNITY}: ACME wins [Acme] sentiment ")
        assert out.rstrip().endswith("http://n/1")
        assert await watch("--config", str(config), "--resume", url) == 0
        assert "not paused anywhere" in capsys.readouterr().err


def test_a_bad_config_exits_2(tmp_path, capsys):
    config = tmp_path / "gardien.yaml"
    config.write_text("storage: 12\nrules: {default: /nowhere.yaml}\n", encoding="utf-8")
    assert main(["watch", "--config", str(config), "--once"]) == 2
    assert capsys.readouterr().err
    bad_rules = tmp_path / "bad.yaml"
    bad_rules.write_text("version: 1\nname: x\nwatch: {terms: []}\nrules: []\n")
    config.write_text(f"storage: {tmp_path / 'g.db'}\nrules: {{default: {bad_rules}}}\n",
                      encoding="utf-8")
    assert main(["watch", "--config", str(config), "--once"]) == 2
    assert main(["watch", "--config", str(config)]) == 2   # neither --once nor --resume
