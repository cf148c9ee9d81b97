"""`metrics.listen` in the config file: host:port, off when absent, every mistake pointed at
with its line and column; and two cores in one process count on registries of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from bot.settings import MetricsConfig


def loaded(tmp_path: Path, metrics: str) -> MetricsConfig | None:
    path = tmp_path / "gardien.yaml"
    path.write_text("storage: gardien.db\n" + metrics, encoding="utf-8")
    return load_config(path, {}).metrics


def refused(tmp_path: Path, metrics: str) -> list[tuple[int, int, str]]:
    with pytest.raises(ConfigError) as caught:
        loaded(tmp_path, metrics)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(("text", "expected"), [
    ("", None),
    ("metrics: {}\n", None),
    ("metrics:\n  listen: 127.0.0.1:9464\n", MetricsConfig("127.0.0.1", 9464)),
    ("metrics:\n  listen: 0.0.0.0:0\n", MetricsConfig("0.0.0.0", 0)),
    ("metrics:\n  listen: '[::1]:9100'\n", MetricsConfig("::1", 9100)),
    ("metrics:\n  listen: localhost:9464\n", MetricsConfig("localhost", 9464)),
    ("metrics:\n  listen: ${LISTEN:-127.0.0.1:9999}\n", MetricsConfig("127.0.0.1", 9999)),
])
def test_metrics_listen_is_read_as_host_and_port(tmp_path, text, expected):
    assert loaded(tmp_path, text) == expected


@pytest.mark.parametrize(("value", "says"), [
    ("9464", "metrics.listen: expected host:port (e.g. 127.0.0.1:9464), got 9464"),
    (":9464", "metrics.listen: expected host:port (e.g. 127.0.0.1:9464), got ':9464'"),
    ("127.0.0.1:70000", "metrics.listen: the port must be a number from 0 to 65535, "
                        "got '70000'"),
    ("127.0.0.1:http", "metrics.listen: the port must be a number from 0 to 65535, "
                       "got 'http'"),
    ("'::1:9464'", "metrics.listen: '::1' is not a host name or address (an IPv6 address "
                   "goes in brackets: [::1]:9464)"),
    ("9464.5", "metrics.listen: expected host:port (e.g. 127.0.0.1:9464), got 9464.5"),
])
def test_a_wrong_listen_is_refused_at_its_position(tmp_path, value, says):
    assert refused(tmp_path, f"metrics:\n  listen: {value}\n") == [(3, 11, says)]


def test_an_unknown_key_of_metrics_is_refused(tmp_path):
    [(line, _column, message)] = refused(tmp_path, "metrics:\n  port: 9464\n")
    assert line == 3 and "port" in message


def test_an_unset_variable_in_listen_is_named(tmp_path):
    [(_line, _column, message)] = refused(tmp_path, "metrics:\n  listen: ${LISTEN}\n")
    assert "LISTEN is not set" in message
