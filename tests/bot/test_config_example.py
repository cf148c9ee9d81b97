"""config.example.yaml works as its header says: copied anywhere, with only a token set.

Someone picking Gardien up copies the example and sets one token; an optional block left
active (a webhook needing its secret) or a rule path that only resolves inside the
repository would refuse the copy at start (exit 2). So the copy is loaded from a
directory of its own, with nothing in the environment but the token.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import bundled_packs, load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.yaml"
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
PACK = re.compile(r"pack:([A-Za-z0-9_.-]+)")


def copied(directory: Path, text: str | None = None) -> Path:
    """The example copied as its header says (to config.yaml, elsewhere)."""
    path = directory / "config.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") if text is None else text,
                    encoding="utf-8")
    return path


def without_telegram(text: str) -> str:
    """The example with its `platforms.telegram` block (and its commented lines) removed."""
    kept: list[str] = []
    inside = False
    for line in text.splitlines(keepends=True):
        if line.startswith("  telegram:"):
            inside = True
        elif inside and not line.startswith("    "):
            inside = False
        if not inside:
            kept.append(line)
    return "".join(kept)


def test_a_copy_loads_with_only_the_telegram_token_set(tmp_path):
    config = load_config(copied(tmp_path), {"TELEGRAM_TOKEN": TOKEN})
    assert config.telegram is not None
    assert config.telegram.token.get_secret_value() == TOKEN
    assert config.telegram.webhook is None          # long polling: the webhook is optional
    assert config.discord is None                   # its token is unset: off
    assert not config.console
    assert config.storage == tmp_path.resolve() / "gardien.db"


def test_every_pack_it_names_is_bundled(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    named = set(PACK.findall(text))                 # comments included: they are advice too
    assert {"netiquette.en", "netiquette.fr"} <= named
    assert named <= set(bundled_packs())
    config = load_config(copied(tmp_path), {"TELEGRAM_TOKEN": TOKEN})
    packs = bundled_packs()
    assert config.rules.default == packs["netiquette.en"]
    assert set(config.rules.communities.values()) <= set(packs.values())


def test_without_its_telegram_block_it_loads_with_no_token_at_all(tmp_path):
    text = without_telegram(EXAMPLE.read_text(encoding="utf-8"))
    assert "telegram:" not in text.split("platforms:", 1)[1]   # the block is really gone
    config = load_config(copied(tmp_path, text), {})
    assert config.console and config.discord is None and config.telegram is None
