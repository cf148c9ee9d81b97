"""The deployment files: the image's HEALTHCHECK really asks /healthz of a running Gardien
(with the image's Python, no curl), compose.yaml runs Gardien on PostgreSQL with the same
check, and the config it mounts loads."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from bot.config import load_config
from storage.target import PostgresURL
from tests.runtime.procs import Running, environment, write_config

from .scrape import bound_port

ROOT = Path(__file__).resolve().parents[2]


def dockerfile_healthcheck() -> list[str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    found = re.search(r"^HEALTHCHECK (.*?)\\\n\s+CMD (\[.*\])$", text, flags=re.M)
    assert found is not None, "the Dockerfile has no HEALTHCHECK ... CMD [...]"
    assert "--interval=" in found.group(1) and "--timeout=" in found.group(1)
    return json.loads(found.group(2))


def probe(command: list[str], port: int) -> int:
    assert command[0] == "python"     # the image's own interpreter: run it with ours
    return subprocess.run([sys.executable, *command[1:]], capture_output=True, timeout=30,
                          env=environment(GARDIEN_METRICS_PORT=str(port))).returncode


def test_the_image_healthcheck_asks_healthz_of_a_running_gardien(tmp_path):
    command = dockerfile_healthcheck()
    assert "/healthz" in command[-1]
    bot = Running(write_config(tmp_path, "metrics:\n  listen: 127.0.0.1:0\n"))
    try:
        port = bound_port(bot.stderr)
        assert probe(command, port) == 0
        assert bot.process.stdin is not None
        bot.process.stdin.close()
        assert bot.finish(timeout=10) == 0
    finally:
        bot.kill()
    assert probe(command, port) != 0          # nothing answers any more: unhealthy


def test_compose_runs_gardien_on_postgresql_with_its_healthcheck():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"postgres", "gardien"} <= set(services)
    gardien, postgres = services["gardien"], services["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert "pg_isready" in postgres["healthcheck"]["test"]
    assert gardien["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert gardien["environment"]["DATABASE_URL"].startswith("postgresql://gardien:")
    check = gardien["healthcheck"]
    assert check["test"][0] == "CMD" and "http://127.0.0.1:9464/healthz" in check["test"][-1]
    assert probe(check["test"][1:], 1) != 0    # a real command: it fails where nothing runs
    assert gardien["command"] == ["run", "--config", "/config/gardien.yaml"]
    mounted = [v.split(":")[0] for v in gardien["volumes"] if v.endswith(
        ":/config/gardien.yaml:ro")]
    assert mounted == ["./deploy/gardien.yaml"] and (ROOT / mounted[0]).is_file()
    assert int(gardien["stop_grace_period"].rstrip("s")) > 10   # the 10 s SIGTERM budget


def test_compose_shows_shards_and_the_rest_proxy_commented():
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    commented = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    assert "gardien-shard-0:" in commented and "gardien-shard-1:" in commented
    assert "shards: {count: 2, ids: [0]}" in commented and "ids: [1]" in commented
    assert "nirn-proxy:" in commented and "DISCORD_API_BASE: http://nirn-proxy" in commented


def test_the_mounted_config_loads_and_serves_the_checked_port(tmp_path):
    url = "postgresql://gardien:s3cret@postgres:5432/gardien"
    config = load_config(ROOT / "deploy" / "gardien.yaml", {"DATABASE_URL": url})
    assert config.metrics is not None and config.metrics.port == 9464
    assert config.metrics.host == "0.0.0.0"
    assert isinstance(config.storage, PostgresURL) and config.storage.dsn == url
    assert "s3cret" not in repr(config)
    assert config.console            # no token in the environment: every platform is off
