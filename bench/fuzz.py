"""Fuzzing bench: hostile event lines through `gardien simulate` and the console.

    python bench/fuzz.py [--events 1000000] [--console-events 20000] [--seed 11]

Part 1 writes `--events` fuzzed JSON Lines events to a temporary file and replays them in
this process the way `gardien simulate` does (the file opened as bytes, `read_lines`, then
`simulate` with the default pack). Part 2 pipes `--console-events` fuzzed console lines into
`gardien run` (a subprocess, the default config in a temporary directory). Lines hold random
Unicode (lone surrogates, escaped and raw; control, bidi and zero-width characters), huge
numbers, JSON nested 100,000 deep, wrong types in every field, bytes that are not UTF-8,
times years apart and out of order, lines over a megabyte.

Prints, for each part: exceptions (the target is 0: a malformed line is skipped and
reported, never raised), events/s, and peak memory. Exit status 1 when any exception was
seen. CI runs it with small counts (tests/bot/test_fuzz_bench.py); the million is for people.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.eventstream import MAX_LINE_BYTES, read_lines  # noqa: E402
from bot.simulate import Summary, simulate  # noqa: E402
from rules.compiler import load_ruleset  # noqa: E402

PACK = ROOT / "rules" / "packs" / "netiquette.en.yaml"
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
YEAR = 365 * 86400
SHOWN = 5   # exceptions printed in full, per part

# --- random text -----------------------------------------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
CONTROLS = "".join(map(chr, [*range(0, 32), 127, *range(0x80, 0xA0)]))
MARKS = "\u0301\u0308\u0327\u20dd\u0489"
WORDS = ["hello", "idiot", "moron", "f*ck", "sh1t", "FREE NITRO", "discord.gg/abc", "bit.ly/x",
         "https://example.org", "http://[::1]/", "@everyone", "scunthorpe", "ПРИВЕТ", "مرحبا",
         "שלום", "你好", "😀", "e\u0301", "\ufdfa", "i\u0307", "ﬃ", "ǅ", "ß", "İ"]


class Fuzzer:
    """Random hostile values, reproducible from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pool = [self._fresh_text() for _ in range(5000)]   # reused: generation is slow

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def char(self) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.25:
            return chr(rng.randrange(0x20, 0x7F))
        if pick < 0.35:
            return rng.choice(BIDI)
        if pick < 0.45:
            return rng.choice(CONTROLS)
        if pick < 0.52:
            return rng.choice(INVISIBLE)
        if pick < 0.58:
            return rng.choice(MARKS)
        if pick < 0.63:
            return chr(rng.randrange(0xD800, 0xE000))   # a lone surrogate
        return chr(rng.randrange(0x110000))

    def _fresh_text(self) -> str:
        rng = self.rng
        parts: list[str] = []
        for _ in range(rng.choice([0, 1, 2, 3, 5, 8, 20])):
            if rng.random() < 0.4:
                parts.append(rng.choice(WORDS))
            else:
                parts.append("".join(self.char() for _ in range(rng.randrange(1, 12))))
        text = rng.choice([" ", "", "\n", "\u3000", "\t"]).join(parts)
        if rng.random() < 0.02:
            text = text * rng.randrange(10, 80)   # long messages, up to a few thousand chars
        return text

    def text(self) -> str:
        return self._fresh_text() if self.chance(0.05) else self.rng.choice(self.pool)

    def name(self) -> str:
        if self.chance(0.8):
            return f"u{self.rng.randrange(300)}"
        return self.text()[:20]

    def wrong(self) -> Any:
        """A value of the wrong type (or an edge of the right one)."""
        rng = self.rng
        return rng.choice([
            None, True, False, "false", "true", "", 0, -1, 2**63, -(2**64), 10**300,
            1.5, float("inf"), float("nan"), -0.0, [], [None], ["a", 1, None], {},
            {"id": None}, {"a": {"b": {"c": []}}}, self.text(), "NaN", "2026-13-45T99:99:99Z",
            "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", [[[[[]]]]],
        ])

    def moment(self) -> str:
        rng = self.rng
        if self.chance(0.9):   # mostly near each other, sometimes out of order
            at = T0 + timedelta(seconds=rng.randrange(0, 86400) + rng.random())
        else:                  # years apart, either way
            at = T0 + timedelta(seconds=rng.randrange(-50 * YEAR, 50 * YEAR))
        text = at.isoformat()
        return text.replace("+00:00", rng.choice(["Z", "+00:00", "", "+05:30", "-14:00"]))


# --- event lines (simulate) ---------------------------------------------------------------

EVENT_KEYS = ["id", "type", "platform", "community", "channel", "channel_id", "at", "user",
              "text", "mentions", "role_mentions", "everyone", "attachments", "links",
              "edited", "group"]
USER_KEYS = ["id", "name", "roles", "joined_at", "created_at", "bot"]
HUGE = "9" * 5000


def event_object(fuzz: Fuzzer, n: int) -> dict[str, Any]:
    rng = fuzz.rng
    user: dict[str, Any] = {"id": fuzz.name(), "name": fuzz.name()}
    if fuzz.chance(0.5):
        user["roles"] = rng.sample(["member", "vip", "Moderators", fuzz.text()[:10]], 2)
    if fuzz.chance(0.3):
        user["joined_at"] = fuzz.moment()
    if fuzz.chance(0.05):
        user["bot"] = rng.choice([True, False])
    if fuzz.chance(0.1):
        return {"id": f"j{n}", "type": "join", "platform": "discord",
                "community": f"g{rng.randrange(3)}", "at": fuzz.moment(), "user": user}
    data: dict[str, Any] = {
        "id": f"m{n}" if fuzz.chance(0.9) else rng.randrange(-(2**63), 2**63),
        "type": "message", "platform": rng.choice(["discord", "telegram", ""]),
        "community": f"g{rng.randrange(3)}", "channel": rng.choice(["general", "off-topic"]),
        "at": fuzz.moment(), "user": user, "text": fuzz.text()}
    if fuzz.chance(0.1):
        data["mentions"] = [fuzz.name() for _ in range(rng.randrange(0, 12))]
    if fuzz.chance(0.05):
        data["attachments"] = [{"filename": fuzz.text()[:20] + rng.choice([".exe", ".png", ""]),
                                "size": rng.randrange(0, 10**9)}]
    if fuzz.chance(0.05):
        data["links"] = [rng.choice(["https://bit.ly/x", "http://evil.ru", fuzz.text()[:30]])]
    if fuzz.chance(0.05):
        data["edited"] = True
    if fuzz.chance(0.03):
        data["group"] = f"album{rng.randrange(5)}"
    return data


def mutate(fuzz: Fuzzer, data: dict[str, Any]) -> None:
    """Break one field: a wrong type, a missing key, or junk beside it."""
    rng = fuzz.rng
    target, keys = (data, EVENT_KEYS)
    if isinstance(data.get("user"), dict) and fuzz.chance(0.4):
        target, keys = data["user"], USER_KEYS
    key = rng.choice(keys)
    if fuzz.chance(0.2):
        target.pop(key, None)
    else:
        target[key] = fuzz.wrong()


def encode(fuzz: Fuzzer, data: dict[str, Any]) -> bytes:
    rng = fuzz.rng
    if fuzz.chance(0.8):
        text = json.dumps(data)   # surrogates as \udXXX escapes: the reader makes them U+FFFD
        raw = text.encode("ascii")
    else:
        text = json.dumps(data, ensure_ascii=False)
        raw = text.encode("utf-8", "surrogatepass")   # raw surrogates: not UTF-8, refused
    if fuzz.chance(0.01):   # a number past Python's 4,300-digit limit, where a value goes
        raw = raw[:-1] + b', "n": ' + HUGE.encode() + b"}"
    if fuzz.chance(0.01):   # nested up to far past the recursion limit
        depth = rng.choice([50, 500, 999, 1001, 5000, 5000, 5000, 100_000 if fuzz.chance(0.1)
                            else 20_000])
        raw = raw[:-1] + b', "deep": ' + b"[" * depth + b"]" * depth + b"}"
    return raw


def corrupt(fuzz: Fuzzer, raw: bytes) -> bytes:
    """Damage a line below the JSON level."""
    rng = fuzz.rng
    pick = rng.random()
    if pick < 0.25:
        return raw[: rng.randrange(len(raw) + 1)]                     # truncated
    if pick < 0.45:
        at = rng.randrange(len(raw) + 1)
        junk = bytes(rng.choice([0xFF, 0xFE, 0xC0, 0x80, 0xED, 0x00, 0x0D]) for _ in range(3))
        return raw[:at] + junk + raw[at:]                               # bytes not UTF-8
    if pick < 0.6:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 80))).replace(b"\n", b"")
    if pick < 0.7:
        return rng.choice([b"[]", b"null", b"1e999", b"\"text\"", b"{}", b"-", b"\xef\xbb\xbf{}"])
    if pick < 0.8:
        return b"[" * rng.choice([1000, 2000, 10_000, 100_000 if fuzz.chance(0.1) else 3000])
    if pick < 0.9:
        return raw.replace(b":", b"=", 1)
    return b"{" + b'"a":{' * 2000 + b"}" * 2001                       # deep objects


def event_lines(fuzz: Fuzzer, count: int) -> Iterator[bytes]:
    for n in range(count):
        if fuzz.chance(0.002):
            yield b""                                                  # blank
            continue
        if fuzz.chance(0.000_01):   # past the 1 MiB line limit
            yield b'{"text": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}'
            continue
        data = event_object(fuzz, n)
        for _ in range(fuzz.rng.choice([0, 0, 0, 0, 0, 0, 1, 1, 2, 3])):
            mutate(fuzz, data)
        raw = encode(fuzz, data)
        if fuzz.chance(0.08):
            raw = corrupt(fuzz, raw)
        yield raw


# --- part 1: simulate, in process --------------------------------------------------------

class Sink(io.StringIO):
    """Counts what simulate prints instead of keeping it."""

    def __init__(self) -> None:
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB on Linux


def bench_simulate(events: int, seed: int) -> int:
    fuzz = Fuzzer(seed)
    handle, name = tempfile.mkstemp(suffix=".jsonl")
    path = Path(name)
    try:
        started = time.perf_counter()
        with os.fdopen(handle, "wb") as out:
            for raw in event_lines(fuzz, events):
                out.write(raw + b"\n")
        size = path.stat().st_size
        print(f"simulate: {events:,} fuzzed lines written ({size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.0f} s")
        ruleset = load_ruleset(PACK)
        before = peak_rss_mb()
        failures: list[tuple[int, BaseException, bytes]] = []
        total = Summary()
        verdicts, errors = Sink(), io.StringIO()
        started = time.perf_counter()
        with open(path, "rb") as stream:
            numbered = _numbered(read_lines(stream))
            while True:   # one call replays everything; another only after an exception
                try:
                    _add(total, simulate(ruleset, (raw for _, raw in numbered), verdicts, errors))
                    break
                except Exception as error:   # the bench's one job is to count these
                    failures.append((numbered.number, error, numbered.last[:120]))
        elapsed = time.perf_counter() - started
    finally:
        path.unlink(missing_ok=True)
    print(f"simulate: {total.events:,} events replayed, {total.malformed:,} malformed lines "
          f"skipped, {total.triggering:,} verdicts")
    _report("simulate", failures, events / elapsed, peak_rss_mb(), before)
    return len(failures)


class _numbered:
    """The lines, remembering the last one handed out (to name the line that raised)."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self.lines, self.number, self.last = lines, 0, b""

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        for raw in self.lines:
            self.number += 1
            self.last = raw
            yield self.number, raw


def _add(total: Summary, part: Summary) -> None:
    for name in ("events", "messages", "joins", "malformed", "triggering"):
        setattr(total, name, getattr(total, name) + getattr(part, name))


def _report(part: str, failures: list[tuple[int, BaseException, bytes]], rate: float,
            peak: float, before: float | None = None) -> None:
    print(f"{part}: exceptions: {len(failures)} (target 0)")
    for number, error, raw in failures[:SHOWN]:
        print(f"  line {number}: {type(error).__name__}: {error} <- {raw!r}")
    growth = f" ({peak - before:+.0f} MB while replaying)" if before is not None else ""
    print(f"{part}: {rate:,.0f} events/s; peak memory {peak:.0f} MB{growth}")


# --- part 2: the console, `gardien run` ----------------------------------------------------

def console_lines(fuzz: Fuzzer, count: int) -> Iterator[bytes]:
    rng = fuzz.rng
    for _ in range(count):
        pick = rng.random()
        name = fuzz.name().replace("\n", "").replace(":", "")
        if pick < 0.75:
            line = f"{name}: {fuzz.text()}"
        elif pick < 0.85:
            line = f"{rng.choice(['/join', '/leave', '/verify'])} {name}"
        elif pick < 0.9:
            line = rng.choice(["/join", "/verify", ":", "no colon here", "/join a b", " : x"])
        else:
            raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
            yield raw.replace(b"\n", b"") + b"\n"
            continue
        # one console line each: line breaks inside a text would start other lines
        line = "".join(" " if ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else ch
                       for ch in line)
        yield line.encode("utf-8", "surrogatepass") + b"\n"


def bench_console(events: int, seed: int) -> int:
    fuzz = Fuzzer(seed + 1)
    stdin = b"".join(console_lines(fuzz, events))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "TELEGRAM_"))}
    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "gardien", "run"], cwd=home, env=env,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        peak = _Peak(child.pid)
        out, err = child.communicate(stdin, timeout=3600)
        elapsed = time.perf_counter() - started
        peak.stop()
    done = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    failures = _log_failures(done.stderr)
    if done.returncode != 0:
        failures.append((0, RuntimeError(f"gardien run exited {done.returncode}"),
                         done.stderr[-300:]))
    actions = Counter(line.split(b":", 1)[0] for line in done.stdout.splitlines())
    top = ", ".join(f"{kind.decode(errors='replace')} {n}" for kind, n in actions.most_common(6))
    print(f"console: {events:,} lines through `gardien run`, exit {done.returncode}; "
          f"printed: {top}")
    _report("console", failures, events / elapsed, peak.mb)
    return len(failures)


class _Peak:
    """A child's peak resident memory (VmHWM), read while it runs: getrusage's figure for
    children starts from the parent's own peak, inherited at fork."""

    def __init__(self, pid: int) -> None:
        self.pid, self.mb, self._done = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(0.05):
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                return
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.mb = max(self.mb, int(line.split()[1]) / 1024)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def _log_failures(stderr: bytes) -> list[tuple[int, BaseException, bytes]]:
    """Log records of errors (a raised exception is logged, never printed bare)."""
    failures: list[tuple[int, BaseException, bytes]] = []
    for number, raw in enumerate(stderr.splitlines(), start=1):
        try:
            record = json.loads(raw)
        except ValueError:
            failures.append((number, RuntimeError("not a log record"), raw[:200]))
            continue
        if record.get("level") in ("error", "critical") or "exception" in record:
            failures.append((number, RuntimeError(str(record.get("event"))),
                             str(record.get("exception", ""))[-300:].encode()))
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000,
                        help="fuzzed lines through simulate (default 1,000,000)")
    parser.add_argument("--console-events", type=int, default=20_000,
                        help="fuzzed lines through `gardien run` (default 20,000)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    failed = 0
    if args.events:
        failed += bench_simulate(args.events, args.seed)
    if args.console_events:
        failed += bench_console(args.console_events, args.seed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
