"""Reading the operations endpoints of a running `gardien run` over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families

LISTENING = re.compile(r'"event": "metrics_listening".*?"port": (\d+)|'
                       r'"port": (\d+).*?"event": "metrics_listening"')


def bound_port(stderr: list[str], timeout: float = 15.0) -> int:
    """The port `gardien run` logged as bound (metrics.listen: 127.0.0.1:0)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in list(stderr):
            if (found := LISTENING.search(line)) is not None:
                return int(found.group(1) or found.group(2))
        time.sleep(0.05)
    raise AssertionError(f"no metrics_listening line; stderr: {''.join(stderr[-5:])}")


def get(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape, by name and sorted labels (parsed by prometheus_client)."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    status, body = get(port, "/metrics")
    assert status == 200, body
    return samples(body.decode("utf-8"))


def by_label(found: dict, name: str, *labels: str) -> dict[tuple[str, ...], float]:
    """The samples of one metric keyed by the values of `labels`."""
    return {tuple(dict(key)[label] for label in labels): value
            for (sample, key), value in found.items() if sample == name}


def ready(port: int) -> tuple[int, dict]:
    status, body = get(port, "/readyz")
    return status, json.loads(body)


def until(check: Callable[[], object], what: str, timeout: float = 20.0) -> object:
    deadline = time.monotonic() + timeout
    while True:
        if result := check():
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)
