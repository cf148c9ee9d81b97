"""Every sanction goes through bot/cases/path.py, and every platform call through
bot/platforms.py: checked on the source, so a new shortcut fails here first.

The behaviour of each caller (rules, escalation, commands, newcomers, timers,
reconciliation, appeals, purges) is tested where it lives; this test keeps them from
growing a second path to the ledger or to an adapter.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.core import build_core
from bot.scheduler import TimerKind

ROOT = Path(__file__).resolve().parents[1]
LEDGER_WRITES = {"open_case", "open_cases", "finish_case"}
ADAPTER_CALLS = {"execute", "post", "message_link", "attach_commands"}


def calls(path: Path) -> set[str]:
    """The attribute names called in a module (`x.open_case(...)` -> "open_case")."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return {node.func.attr for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}


def core_modules() -> list[Path]:
    found = sorted((ROOT / "bot").rglob("*.py"))
    assert len(found) > 30
    return found


def test_only_the_case_path_writes_cases():
    writers = [p.relative_to(ROOT).as_posix() for p in core_modules()
               if calls(p) & LEDGER_WRITES]
    assert writers == ["bot/cases/path.py"]


def adapter_calls(path: Path) -> set[str]:
    """Methods called on something named like an adapter (`adapter.execute(...)`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            name = (receiver.id if isinstance(receiver, ast.Name)
                    else receiver.attr if isinstance(receiver, ast.Attribute) else "")
            if "adapter" in name.lower():
                found.add(node.func.attr)
    return found


def test_only_the_platforms_service_talks_to_adapters():
    callers = sorted(p.relative_to(ROOT).as_posix() for p in core_modules()
                     if adapter_calls(p) & ADAPTER_CALLS or "execute" in calls(p))
    # the executor makes the retried `execute`; the composition root attaches commands
    assert callers == ["bot/core.py", "bot/executor.py", "bot/platforms.py"]


def test_the_core_never_probes_an_adapter_with_getattr():
    for path in core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("getattr", "hasattr") and node.args
                    and isinstance(node.args[0], ast.Name)):
                assert "adapter" not in node.args[0].id, f"{path}: probes {node.args[0].id}"


def test_every_timer_kind_has_its_handler_in_the_core_that_runs(tmp_path):
    from bot.rulebook import Rulebook
    from storage.sqlite import SQLiteStore

    core = build_core(SQLiteStore(tmp_path / "db"), Rulebook(None, {}), [])
    assert set(core.timers.handlers) == set(TimerKind)
