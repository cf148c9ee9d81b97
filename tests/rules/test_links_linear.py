"""Finding bare links stays linear on long runs of host characters (issue 11, per-message
CPU), and finds exactly what the plain regex scan finds on ordinary and odd text."""

from __future__ import annotations

import random

from rules.links_parse import _BARE_URL, _bare_links, find_links

ALPHABET = [*"ab.-/ :@_1«»¡éÉ中ww.comK", "www.", ".com", ".io", "http://", " "]


def test_the_linear_scan_finds_what_the_regex_scan_finds():
    chooser = random.Random(7)
    for _ in range(20_000):
        text = "".join(chooser.choice(ALPHABET) for _ in range(chooser.randint(1, 40)))
        expected = [(m.span(), m.groups()) for m in _BARE_URL.finditer(text)]
        assert [(m.span(), m.groups()) for m in _bare_links(text)] == expected, text


def test_links_are_still_found_after_long_runs():
    assert find_links("¡" * 4000 + " scam.example.com") == (
        find_links("scam.example.com")[0],)
    assert [link.host for link in find_links(".«1" * 1300 + " www.x.org/a")] == ["www.x.org"]
    [long] = find_links("«1." * 1300 + "scam.io")      # one long host: still a link
    assert long.host.endswith(".scam.io")
    assert [link.host for link in find_links("-" * 4000 + " free-nitro.gift")] == [
        "free-nitro.gift"]
