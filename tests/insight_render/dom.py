"""The rendered page read back with the standard library's HTML parser."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)    # id -> its text
    cells: dict[str, list[list[str]]] = field(default_factory=dict)   # section id -> rows
    text: str = ""

    def images(self) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == "img"]

    def png(self, alt_part: str) -> bytes:
        (image,) = [img for img in self.images() if alt_part in img.get("alt", "")]
        head, data = image["src"].split(",", 1)
        assert head == "data:image/png;base64"
        return base64.b64decode(data, validate=True)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.section: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.page.tags.append((tag, values))
        if tag == "section":
            self.section = values["id"]
            self.page.sections[self.section] = ""
            self.page.cells[self.section] = []
        elif tag == "tr" and self.section:
            self.row = []
            self.page.cells[self.section].append(self.row)
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.section = None
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self.section:
            self.page.sections[self.section] += data
        if self.cell is not None:
            self.cell.append(data)


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.page.text = "".join(reader.texts)
    return reader.page
