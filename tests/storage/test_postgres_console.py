"""End to end on PostgreSQL: `gardien run` on the console with `storage: ${DATABASE_URL}`,
then `gardien cases --json` reading the cases back (subprocesses, a real server)."""

from __future__ import annotations

import json

from tests.runtime.procs import cases_json, environment, gardien


def test_the_console_records_cases_in_postgresql(tmp_path, postgres_url, postgres_schema):
    config = tmp_path / "gardien.yaml"
    config.write_text("storage: ${DATABASE_URL}\nrules:\n  default: pack:netiquette.en\n"
                      "log:\n  format: json\n", encoding="utf-8")
    env = environment(DATABASE_URL=f"{postgres_url}?search_path={postgres_schema}")
    session = "alice: hello\nbob: you f*cking idiot\nbob: what a piece of sh1t\n"
    done = gardien("run", "--config", str(config), stdin=session, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "warn: bob, 1 point(s) (rule no-insults)" in "\n".join(done.stdout.splitlines())
    events = [json.loads(line)["event"] for line in done.stderr.splitlines()]
    assert "started" in events and events[-1] == "stopped"
    assert not (tmp_path / "gardien.db").exists()   # nothing went to a SQLite file

    cases = cases_json(config, env=env)
    assert [(c["case"], c["user"], c["action"], c["status"]) for c in cases] == [
        (1, "bob", "warn", "done"), (2, "bob", "warn", "done")]
    assert all(c["community"] == "console:local" for c in cases)
