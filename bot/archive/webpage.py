"""An archive as one readable, self-contained HTML page.

Inline CSS, no script, no image, nothing fetched from the network: the page opens the same
offline, years later. Every text that came from the platform (names, messages, file names)
is escaped; a message keeps its line breaks; a reply shows the start of the message it
answers (a link to it when it is in the page); times are in the community's timezone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.history import ChannelInfo, PastMessage

Words = Callable[..., str]      # catalogue key, values -> the community's text
QUOTED = 120                    # characters of a replied-to message shown above a reply

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}
header{padding:1.2em 2em;background:#26313b;color:#fff}
header h1{margin:0 0 .3em;font-size:1.35em}
header p{margin:.1em 0;opacity:.85}
main{max-width:60em;margin:0 auto;padding:1em 2em 3em}
article{padding:.5em .7em;border-bottom:1px solid #e2e2de}
article:target{background:#fff6cc}
.who{font-weight:600}
.bot{font-size:.75em;background:#5865f2;color:#fff;border-radius:3px;padding:0 .35em;
margin-left:.4em;vertical-align:middle}
time,.edited{color:#6b6b66;font-size:.85em;margin-left:.5em}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.15em 0}
.reply{color:#55554f;font-size:.85em;border-left:3px solid #c4c4bd;padding-left:.5em;
margin-bottom:.15em;overflow-wrap:anywhere}
.reply a{color:inherit}
ul.files{margin:.2em 0;padding-left:1.2em;font-size:.9em;color:#3d3d39}
"""


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def page(channel: ChannelInfo, messages: Sequence[PastMessage], after: datetime | None,
         before: datetime | None, exported_at: datetime, timezone: str, words: Words,
         note: str = "") -> str:
    """The page (a str of HTML) for these messages, oldest first."""
    zone = ZoneInfo(timezone)

    def local(at: datetime) -> str:
        return at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")

    by_id = {m.id: m for m in messages}
    period = words("archive.page.period",
                   start=local(after) if after else words("archive.page.beginning"),
                   end=local(before) if before else local(exported_at), zone=timezone)
    head = [
        "<!DOCTYPE html>", '<html lang="' + escape(words("archive.page.lang")) + '">',
        "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        f"<title>{escape(words('archive.page.title', channel=channel.name))}</title>",
        f"<style>{STYLE}</style>", "</head>", "<body>", "<header>",
        f"<h1>{escape(words('archive.page.title', channel=channel.name))}</h1>",
        f"<p>{escape(channel.community_name or channel.community_id)}</p>",
        f"<p>{escape(period)}</p>",
        f"<p>{escape(words('archive.page.count', count=len(messages)))}</p>",
        *([f"<p>{escape(note)}</p>"] if note else []),
        "</header>", "<main>"]
    body = [_article(m, by_id, local, words) for m in messages]
    return "\n".join([*head, *body, "</main>", "</body>", "</html>", ""])


def _article(message: PastMessage, by_id: dict[str, PastMessage],
             local: Callable[[datetime], str], words: Words) -> str:
    author = message.author
    name = author.nickname or author.name or author.id
    parts = [f'<article id="m{escape(message.id, quote=True)}">']
    if message.reply_to:
        answered = by_id.get(message.reply_to)
        if answered is None:
            parts.append(f'<div class="reply">{escape(words("archive.page.reply_unknown"))}'
                         "</div>")
        else:
            quoted = answered.text if len(answered.text) <= QUOTED else (
                answered.text[:QUOTED] + "…")
            who = answered.author.nickname or answered.author.name or answered.author.id
            parts.append(
                f'<div class="reply"><a href="#m{escape(answered.id, quote=True)}">'
                f'{escape(words("archive.page.reply", author=who))}</a> '
                f"{escape(quoted)}</div>")
    badge = f'<span class="bot">{escape(words("archive.page.bot"))}</span>' if author.bot else ""
    edited = ""
    if message.edited_at is not None:
        edited = (f'<span class="edited">'
                  f'{escape(words("archive.page.edited", at=local(message.edited_at)))}</span>')
    parts.append(f'<div><span class="who">{escape(name)}</span>{badge}'
                 f'<time datetime="{escape(message.at.isoformat(), quote=True)}">'
                 f"{escape(local(message.at))}</time>{edited}</div>")
    if message.text:
        parts.append(f'<div class="text">{escape(message.text)}</div>')
    if message.attachments:
        items = "".join(f"<li>{escape(f.name)} ({escape(_size(f.size))})</li>"
                        for f in message.attachments)
        parts.append(f'<ul class="files">{items}</ul>')
    parts.append("</article>")
    return "".join(parts)
