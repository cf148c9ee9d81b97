"""The report as one self-contained HTML page: styles inline, charts as `data:` PNGs.

Nothing on the page is fetched: it opens offline, from a mail attachment or a file share,
and its Content-Security-Policy forbids any load but its own inline images and styles.
Community, channel and rule names are written by members and admins: every text is
escaped on its way in, never trusted as markup.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from html import escape

from bot.insight.model import Moderation, Report
from bot.insight.words import Words

MAX_CHANNELS = 25   # the rest summed up in one line: a page, not a dump

STYLE = """
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#1d2330;font:16px/1.45 "DejaVu Sans",Verdana,sans-serif}
main{max-width:1160px;margin:0 auto;padding:24px 30px 40px}
header h1{margin:0 0 4px;font-size:28px}
header p{margin:0;color:#5b6475}
section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:18px 20px;
margin-top:22px}
h2{margin:0 0 14px;font-size:20px}
h3{margin:16px 0 8px;font-size:16px}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;
margin:0}
.figures div{background:#f6f7f9;border-radius:6px;padding:10px 12px}
.figures dt{color:#5b6475;font-size:13px}
.figures dd{margin:2px 0 0;font-size:26px;font-weight:bold}
img{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:15px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eceef2}
td.n,th.n{text-align:right;white-space:nowrap}
.bar{background:#e9ecf1;border-radius:3px;height:12px;min-width:60px}
.bar span{display:block;height:12px;border-radius:3px;background:#8a9bb0}
.funnel .bar{height:22px}
.funnel .bar span{height:22px;background:#3f8f9c}
.note{color:#5b6475;margin:6px 0}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:24px}
footer{color:#8a93a3;font-size:13px;margin-top:20px}
"""

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def page(report: Report, daily_png: bytes, heatmap_png: bytes) -> str:
    """The whole document, the two charts already drawn."""
    words = Words(report.get("locale"))
    title = escape(words.title(report))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{words.lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body><main>",
        f"<header><h1>{title}</h1><p>"
        f"{escape(words.text('render.page.subtitle', timezone=report['timezone']))}</p></header>",
        _headline(report, words),
        _chart("daily", words.text("render.section.daily"), daily_png,
               words.text("render.alt.daily")),
        _chart("heatmap", words.text("render.section.heatmap"), heatmap_png,
               words.text("render.alt.heatmap")),
        _channels(report, words),
        _moderation(report.get("moderation"), words),
        _newcomers(report, words),
        f"<footer>{escape(words.text('render.footer'))}</footer>",
        "</main></body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _headline(report: Report, words: Words) -> str:
    newcomers = report["newcomers"]
    figures = [
        ("render.chart.messages", report["messages"]),
        ("render.chart.active_members", report["active_members"]),
        ("render.figure.communicators", report["communicators"]),
        ("render.chart.joins", report["joins"]),
        ("render.chart.leaves", report["leaves"]),
        ("render.figure.newcomers_joined", newcomers["joined"]),
        ("render.figure.newcomers_posted", newcomers["posted"]),
        ("render.figure.newcomers_stayed", newcomers["stayed"]),
    ]
    moderation = report.get("moderation")
    if moderation is not None:
        figures.append(("render.figure.cases", moderation["cases"]))
    cards = "".join(f"<div><dt>{escape(words.text(key))}</dt>"
                    f"<dd>{escape(words.number(value))}</dd></div>" for key, value in figures)
    return (f'<section id="headline"><h2>{escape(words.text("render.section.headline"))}'
            f'</h2><dl class="figures">{cards}</dl></section>')


def _chart(name: str, heading: str, image: bytes, alt: str) -> str:
    data = base64.b64encode(image).decode("ascii")
    return (f'<section id="{name}"><h2>{escape(heading)}</h2>'
            f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}"></section>')


def _channels(report: Report, words: Words) -> str:
    heading = f'<section id="channels"><h2>{escape(words.text("render.section.channels"))}</h2>'
    channels = report["channels"]
    if not channels:
        return f'{heading}<p class="note">{escape(words.text("render.channels.none"))}</p>' \
               "</section>"
    total = sum(channel["messages"] for channel in channels)
    peak = max(channel["messages"] for channel in channels)
    rows = [_row([escape(channel["channel"])], channel["messages"], total, peak, words)
            for channel in channels[:MAX_CHANNELS]]
    rest = channels[MAX_CHANNELS:]
    more = "" if not rest else (
        '<p class="note">' + escape(words.text(
            "render.channels.more", count=words.number(len(rest)),
            messages=words.number(sum(channel["messages"] for channel in rest)))) + "</p>")
    head = _head([words.text("render.channels.channel")], words)
    return f"{heading}<table>{head}{''.join(rows)}</table>{more}</section>"


def _moderation(moderation: Moderation | None, words: Words) -> str:
    heading = (f'<section id="moderation">'
               f'<h2>{escape(words.text("render.section.moderation"))}</h2>')
    if moderation is None:
        return f'{heading}<p class="note">{escape(words.text("render.moderation.absent"))}' \
               "</p></section>"
    facts = [
        ("render.moderation.cases", words.number(moderation["cases"])),
        ("render.moderation.moderated", words.number(moderation["moderated_messages"])),
        ("render.moderation.reports", words.number(moderation["reports"])),
        ("render.moderation.response", words.duration(moderation["report_response_median_s"])),
    ]
    cards = "".join(f"<div><dt>{escape(words.text(key))}</dt><dd>{escape(value)}</dd></div>"
                    for key, value in facts)
    body = f'<dl class="figures">{cards}</dl>'
    if moderation["cases"] == 0 and not moderation["by_rule"]:
        body += f'<p class="note">{escape(words.text("render.moderation.no_cases"))}</p>'
    else:
        body += '<div class="pair">' + _tally(
            "by-rule", words.text("render.moderation.by_rule"),
            words.text("render.moderation.rule"), moderation["by_rule"], escape, words) + _tally(
            "by-action", words.text("render.moderation.by_action"),
            words.text("render.moderation.action"), moderation["by_action"],
            lambda action: escape(_action(action, words)), words) + "</div>"
    return f"{heading}{body}</section>"


def _tally(name: str, heading: str, column: str, counts: dict[str, int],
           label: Callable[[str], str], words: Words) -> str:
    """One "by ..." table, most first, ties by name."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    total = sum(counts.values())
    peak = max(counts.values(), default=0)
    rows = "".join(_row([label(key)], count, total, peak, words) for key, count in ranked)
    return (f'<div id="{name}"><h3>{escape(heading)}</h3><table>'
            f"{_head([column], words)}{rows}</table></div>")


def _action(action: str, words: Words) -> str:
    """An action's name in the page's language (as the mod log writes it), else as given."""
    return words.text(f"action.{action}") if action in _ACTIONS else action


_ACTIONS = frozenset({"warn", "timeout", "untimeout", "kick", "ban", "unban", "purge"})


def _head(columns: list[str], words: Words) -> str:
    cells = "".join(f"<th>{escape(column)}</th>" for column in columns)
    return (f"<tr>{cells}<th class=n>{escape(words.text('render.channels.messages'))}</th>"
            f"<th class=n>{escape(words.text('render.channels.share'))}</th><th></th></tr>")


def _row(cells: list[str], count: int, total: int, peak: int, words: Words) -> str:
    """A table row: its (already escaped) cells, the count, its share and a bar."""
    width = 0 if peak <= 0 else round(100 * count / peak)
    return ("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells)
            + f"<td class=n>{escape(words.number(count))}</td>"
            + f"<td class=n>{escape(words.share(count, total))}</td>"
            + f'<td><div class="bar"><span style="width:{width}%"></span></div></td></tr>')


def _newcomers(report: Report, words: Words) -> str:
    heading = (f'<section id="newcomers">'
               f'<h2>{escape(words.text("render.section.newcomers"))}</h2>')
    newcomers = report["newcomers"]
    joined = newcomers["joined"]
    if joined == 0:
        return f'{heading}<p class="note">{escape(words.text("render.newcomers.none"))}</p>' \
               "</section>"
    steps = [("render.newcomers.joined", joined), ("render.newcomers.posted", newcomers["posted"]),
             ("render.newcomers.stayed", newcomers["stayed"])]
    rows = []
    for key, count in steps:
        width = min(100, round(100 * count / joined))
        share = words.text("render.newcomers.of_joined", share=words.share(count, joined))
        rows.append(f"<tr><td>{escape(words.text(key))}</td>"
                    f"<td class=n>{escape(words.number(count))}</td>"
                    f"<td class=n>{escape(share)}</td>"
                    f'<td style="width:55%"><div class="bar"><span style="width:{width}%">'
                    "</span></div></td></tr>")
    return f'{heading}<table class="funnel">{"".join(rows)}</table></section>'
