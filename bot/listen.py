"""`metrics.listen` of the config file: a `host:port` to serve the operations endpoints on.

Read here rather than in bot/config.py so that the rules of one value stay in one place:
a host (a name, an IPv4 address, or an IPv6 address in brackets) and a port from 0 to
65535, 0 asking the system for a free one (tests; the bound port is logged).
"""

from __future__ import annotations

import re

_HOST = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")


def listen_address(value: object) -> tuple[str, int]:
    """(host, port) from `host:port`; ValueError with what is wrong, in words."""
    if not isinstance(value, str):
        raise ValueError(f"expected host:port (e.g. 127.0.0.1:9464), got {value!r}")
    host, colon, port = value.strip().rpartition(":")
    if not colon or not host:
        raise ValueError(f"expected host:port (e.g. 127.0.0.1:9464), got {value!r}")
    if not _HOST.fullmatch(host):
        raise ValueError(f"{host!r} is not a host name or address (an IPv6 address goes in "
                         "brackets: [::1]:9464)")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"the port must be a number from 0 to 65535, got {port!r}")
    return host.strip("[]"), int(port)
