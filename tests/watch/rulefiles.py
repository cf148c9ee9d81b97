"""Rule files with a watch over feeds of the local feed server, compiled for real."""

from __future__ import annotations

from pathlib import Path

from rules.compiler import load_ruleset
from rules.ruleset import Ruleset


def watch_rules(feeds: list[tuple[str, str]], *, locale: str = "en",
                log_channel: str = "mod-log", alert: str | None = None,
                terms: str = '[Acme, "acme cloud"]') -> str:
    lines = [f"    - {{url: \"{url}\", every: {every}}}" for url, every in feeds]
    return "\n".join([
        "version: 1", "name: Feed watch tests", f"locale: {locale}",
        f'log_channel: "{log_channel}"', "watch:", f"  terms: {terms}",
        *([f"  alert: {alert}"] if alert else []), "  feeds:", *lines,
        "rules:", "  - id: hush", "    match: {words: [hushnow]}", "    actions: [delete]", ""])


def compiled(tmp_path: Path, text: str, name: str = "rules.yaml") -> Ruleset:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_ruleset(path)
