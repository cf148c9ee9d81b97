"""`gardien import` starts without what it does not use (a fixed cost on every import),
and a library's log record during an import still gets the logs' format and redaction."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs import reset_logging
from gardien.cli import COMMAND_MODULES, build_parser, main
from tests.imports.exports import discord_server, telegram_chat

ROOT = Path(__file__).resolve().parents[2]
# Never used by an import: the logs' structlog (and the rich it brings), the event loop,
# the rule engine, storage, configuration models, the catalogue's texts.
UNUSED = ("structlog", "rich", "asyncio", "bot.logs", "bot.config", "rules.engine",
          "rules.compiler", "storage", "pydantic", "yaml", "catalogue",
          *(m for name, m in COMMAND_MODULES.items() if name != "import"))
PROBE = """\
import sys
from gardien.cli import COMMAND_MODULES, build_parser, main
code = main(sys.argv[2:])
print(" ".join(sorted(m for m in sys.argv[1].split(",") if m in sys.modules)), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("kind", ["discord", "telegram"])
def test_an_import_loads_none_of_the_unused_modules(tmp_path: Path, kind: str) -> None:
    export = (discord_server(tmp_path)[0] if kind == "discord"
              else telegram_chat(tmp_path / "result.json"))
    out = tmp_path / "events.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join((*UNUSED, "ijson", "orjson")), "import", kind,
         str(export), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "events imported" in done.stderr
    assert out.read_text().count("\n") >= 3
    # the probe sees modules at all: the import's own readers are there
    assert done.stderr.splitlines()[-1].split() == ["ijson", "orjson"]


@pytest.fixture
def logs() -> Iterator[None]:
    yield
    reset_logging()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler).__name__ == "_LogsOnFirstRecord":
            root.removeHandler(handler)


def test_a_record_during_an_import_gets_the_logs_format_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        logs: None) -> None:
    import bot.imports.sniff as sniff

    real = sniff.export_lines

    def noisy(*args: object, **kwargs: object) -> Iterator[str]:
        library = logging.getLogger("some.library")
        library.info("below the level: %s", "dropped")
        library.warning("fetched %s", "https://example.org/", extra={"token": "s3cret"})
        library.warning("a second one")
        yield from real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sniff, "export_lines", noisy)
    export = discord_server(tmp_path)[0]
    assert main(["import", "discord", str(export), "--out", str(tmp_path / "e.jsonl")]) == 0
    err = capsys.readouterr().err.splitlines()
    records = [json.loads(line) for line in err if line.startswith("{")]
    assert [(r["event"], r["level"], r["logger"]) for r in records] == [
        ("fetched https://example.org/", "warning", "some.library"),
        ("a second one", "warning", "some.library")]
    assert records[0]["token"] == "[REDACTED]"
    assert "s3cret" not in "\n".join(err)


@pytest.mark.parametrize("command", sorted(COMMAND_MODULES))
def test_a_named_command_parses_as_with_every_command(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    helps = []
    for parser in (build_parser(), build_parser(command)):
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        helps.append(capsys.readouterr().out)
    assert helps[0] == helps[1]
    assert f"usage: gardien {command}" in helps[0]
