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

from bot.insight.model import Moderation, Report, Watch
from bot.insight.words import Words
from catalogue import t

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
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eceef2;overflow-wrap:anywhere}
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
    lang = words.lang
    title = escape(words.title(report))
    subtitle = escape(t(lang, "render.page.subtitle", timezone=report["timezone"]))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body><main>",
        f"<header><h1>{title}</h1><p>{subtitle}</p></header>",
        _headline(report, words),
        _section("daily", t(lang, "render.section.daily"),
                 _image(daily_png, t(lang, "render.alt.daily"))),
        _section("heatmap", t(lang, "render.section.heatmap"),
                 _image(heatmap_png, t(lang, "render.alt.heatmap"))),
        _channels(report, words),
        _moderation(report.get("moderation"), words),
        _watch(report.get("watch"), words),
        _newcomers(report, words),
        f"<footer>{escape(t(lang, 'render.footer'))}</footer>",
        "</main></body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _section(name: str, heading: str, body: str) -> str:
    return f'<section id="{name}"><h2>{escape(heading)}</h2>{body}</section>'


def _note(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def _figures(figures: list[tuple[str, str]]) -> str:
    """Headline numbers as cards: label above, figure below."""
    cards = "".join(f"<div><dt>{escape(label)}</dt><dd>{escape(value)}</dd></div>"
                    for label, value in figures)
    return f'<dl class="figures">{cards}</dl>'


def _image(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}">'


def _headline(report: Report, words: Words) -> str:
    lang, newcomers = words.lang, report["newcomers"]
    figures = [
        (t(lang, "render.chart.messages"), report["messages"]),
        (t(lang, "render.chart.active_members"), report["active_members"]),
        (t(lang, "render.figure.communicators"), report["communicators"]),
        (t(lang, "render.chart.joins"), report["joins"]),
        (t(lang, "render.chart.leaves"), report["leaves"]),
        (t(lang, "render.figure.newcomers_joined"), newcomers["joined"]),
        (t(lang, "render.figure.newcomers_posted"), newcomers["posted"]),
        (t(lang, "render.figure.newcomers_stayed"), newcomers["stayed"]),
    ]
    moderation = report.get("moderation")
    if moderation is not None:
        figures.append((t(lang, "render.figure.cases"), moderation["cases"]))
    return _section("headline", t(lang, "render.section.headline"),
                    _figures([(label, words.number(value)) for label, value in figures]))


def _channels(report: Report, words: Words) -> str:
    lang, channels = words.lang, report["channels"]
    heading = t(lang, "render.section.channels")
    if not channels:
        return _section("channels", heading, _note(t(lang, "render.channels.none")))
    total = sum(channel["messages"] for channel in channels)
    peak = max(channel["messages"] for channel in channels)
    rows = "".join(_row(escape(channel["channel"]), channel["messages"], total, peak, words)
                   for channel in channels[:MAX_CHANNELS])
    table = f"<table>{_head(t(lang, 'render.channels.channel'), words)}{rows}</table>"
    rest = channels[MAX_CHANNELS:]
    if rest:
        table += _note(t(lang, "render.channels.more", count=words.number(len(rest)),
                         messages=words.number(sum(channel["messages"] for channel in rest))))
    return _section("channels", heading, table)


def _moderation(moderation: Moderation | None, words: Words) -> str:
    lang = words.lang
    heading = t(lang, "render.section.moderation")
    if moderation is None:
        return _section("moderation", heading, _note(t(lang, "render.moderation.absent")))
    median = moderation["report_response_median_s"]
    body = _figures([
        (t(lang, "render.moderation.cases"), words.number(moderation["cases"])),
        (t(lang, "render.moderation.moderated"), words.number(moderation["moderated_messages"])),
        (t(lang, "render.moderation.reports"), words.number(moderation["reports"])),
        (t(lang, "render.moderation.response"), words.duration(median)),
    ])
    if not moderation["by_rule"] and not moderation["by_action"]:
        return _section("moderation", heading, body + _note(t(lang, "render.moderation.no_cases")))
    by_rule = _tally("by-rule", t(lang, "render.moderation.by_rule"),
                     t(lang, "render.moderation.rule"), moderation["by_rule"], escape, words)
    by_action = _tally("by-action", t(lang, "render.moderation.by_action"),
                       t(lang, "render.moderation.action"), moderation["by_action"],
                       lambda action: escape(_action(action, lang)), words)
    return _section("moderation", heading, f'{body}<div class="pair">{by_rule}{by_action}</div>')


def _tally(name: str, heading: str, column: str, counts: dict[str, int],
           label: Callable[[str], str], words: Words) -> str:
    """One "by ..." table, most first, ties by name."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    total, peak = sum(counts.values()), max(counts.values(), default=0)
    rows = "".join(_row(label(key), count, total, peak, words) for key, count in ranked)
    return (f'<div id="{name}"><h3>{escape(heading)}</h3><table>'
            f"{_head(column, words)}{rows}</table></div>")


_ACTIONS = frozenset({"warn", "timeout", "untimeout", "kick", "ban", "unban", "purge"})


def _action(action: str, lang: str) -> str:
    """An action's name in the page's language (as the mod log writes it), else as given."""
    return t(lang, f"action.{action}") if action in _ACTIONS else action


def _head(column: str, words: Words) -> str:
    count, share = t(words.lang, "render.channels.messages"), t(words.lang, "render.channels.share")
    return (f"<tr><th>{escape(column)}</th><th class=n>{escape(count)}</th>"
            f"<th class=n>{escape(share)}</th><th></th></tr>")


def _row(cell: str, count: int, total: int, peak: int, words: Words) -> str:
    """A table row: its (already escaped) name, the count, its share and a bar."""
    width = 0 if peak <= 0 else round(100 * count / peak)
    return (f"<tr><td>{cell}</td><td class=n>{escape(words.number(count))}</td>"
            f"<td class=n>{escape(words.share(count, total))}</td>"
            f'<td><div class="bar"><span style="width:{width}%"></span></div></td></tr>')


def _watch(watch: Watch | None, words: Words) -> str:
    """Figures, the terms (the file's order) and the crises; nothing without a watch."""
    if watch is None:
        return ""
    lang = words.lang
    body = _figures([
        (t(lang, "render.watch.scored"), words.number(watch["scored"])),
        (t(lang, "render.watch.negative"), words.number(watch["negative"])),
        (t(lang, "render.watch.share"), words.share(watch["negative"], watch["scored"])),
        (t(lang, "render.watch.crises"), words.number(len(watch["crises"]))),
    ])
    terms = watch["terms"]
    body += f"<h3>{escape(t(lang, 'render.watch.terms'))}</h3>"
    if terms:
        total = sum(term["messages"] for term in terms)
        peak = max(term["messages"] for term in terms)
        rows = "".join(_row(escape(term["term"]), term["messages"], total, peak, words)
                       for term in terms)
        head = _head(t(lang, "render.watch.term"), words)
        body += f'<table id="watch-terms">{head}{rows}</table>'
    else:
        body += _note(t(lang, "render.watch.no_terms"))
    body += _by_day(watch, words) + _crises(watch, words)
    return _section("watch", t(lang, "render.section.watch"), body)


def _by_day(watch: Watch, words: Words) -> str:
    """Each day's negative messages among those scored, with a bar of the share."""
    lang = words.lang
    head = (f"<tr><th>{escape(t(lang, 'render.watch.day'))}</th>"
            f"<th class=n>{escape(t(lang, 'render.watch.negative'))}</th>"
            f"<th class=n>{escape(t(lang, 'render.watch.scored'))}</th>"
            f"<th class=n>{escape(t(lang, 'render.watch.share'))}</th><th></th></tr>")
    rows = []
    for day in watch["daily"]:
        scored, negative = day["scored"], day["negative"]
        width = round(100 * negative / scored) if scored else 0
        rows.append(f"<tr><td>{escape(day['day'])}</td>"
                    f"<td class=n>{escape(words.number(negative))}</td>"
                    f"<td class=n>{escape(words.number(scored))}</td>"
                    f"<td class=n>{escape(words.share(negative, scored))}</td>"
                    f'<td><div class="bar"><span style="width:{width}%"></span></div></td></tr>')
    return (f"<h3>{escape(t(lang, 'render.watch.by_day'))}</h3>"
            f'<table id="watch-days">{head}{"".join(rows)}</table>')


def _crises(watch: Watch, words: Words) -> str:
    lang = words.lang
    heading = f"<h3>{escape(t(lang, 'render.watch.crisis_list'))}</h3>"
    if not watch["crises"]:
        return heading + _note(t(lang, "render.watch.no_crisis"))
    head = "".join(f"<th{' class=n' if numeric else ''}>{escape(t(lang, key))}</th>"
                   for key, numeric in (("render.watch.start", False),
                                        ("render.watch.end", False),
                                        ("render.watch.negative", True),
                                        ("render.watch.usual", True)))
    rows = []
    for crisis in watch["crises"]:
        end = crisis["end"]
        usual = f"{crisis['usual']:.1f}".replace(".", t(lang, "insight.decimal"))
        rows.append(f"<tr><td>{escape(_utc(crisis['start']))}</td>"
                    f"<td>{escape(_utc(end) if end else t(lang, 'render.watch.ongoing'))}</td>"
                    f"<td class=n>{escape(words.number(crisis['negative']))}</td>"
                    f"<td class=n>{escape(usual)}</td></tr>")
    return f'{heading}<table id="watch-crises"><tr>{head}</tr>{"".join(rows)}</table>'


def _utc(iso: str) -> str:
    return iso[:19].replace("T", " ")


def _newcomers(report: Report, words: Words) -> str:
    lang, newcomers = words.lang, report["newcomers"]
    heading, joined = t(lang, "render.section.newcomers"), newcomers["joined"]
    if joined == 0:
        return _section("newcomers", heading, _note(t(lang, "render.newcomers.none")))
    rows = []
    for label, count in [(t(lang, "render.newcomers.joined"), joined),
                         (t(lang, "render.newcomers.posted"), newcomers["posted"]),
                         (t(lang, "render.newcomers.stayed"), newcomers["stayed"])]:
        width = min(100, round(100 * count / joined))
        share = t(lang, "render.newcomers.of_joined", share=words.share(count, joined))
        rows.append(f"<tr><td>{escape(label)}</td>"
                    f"<td class=n>{escape(words.number(count))}</td>"
                    f"<td class=n>{escape(share)}</td>"
                    f'<td style="width:55%"><div class="bar"><span style="width:{width}%">'
                    "</span></div></td></tr>")
    return _section("newcomers", heading, f'<table class="funnel">{"".join(rows)}</table>')
