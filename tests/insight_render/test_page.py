"""`--html`: one self-contained page, every name escaped, in the rule file's language."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from bot.insight import charts, page
from bot.insight.render import chart_png, render_html
from bot.insight.words import Words
from tests.insight_render.dom import read
from tests.insight_render.month import empty, month

SECTIONS = ["headline", "daily", "heatmap", "channels", "moderation", "newcomers"]
NNBSP = "\u202f"


def test_the_page_is_self_contained():
    html = render_html(month())
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"fr\">")
    assert "http:" not in html.lower() and "https:" not in html.lower()
    lowered = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:", html).lower()
    assert lowered.count("data:image") == 0 and lowered.count("src=\"data:\"") == 2
    for reference in ("http:", "https:", "//", "<script", "<link", "@import", "url(",
                      "<iframe", "<object", "<embed"):
        assert reference not in lowered, reference
    found = read(html)
    sources = [attrs.get("src", "") for _, attrs in found.tags if "src" in attrs]
    assert len(sources) == 2 and all(src.startswith("data:image/png;base64,") for src in sources)
    assert all("href" not in attrs for _, attrs in found.tags)
    (policy,) = [attrs["content"] for tag, attrs in found.tags
                 if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert policy.startswith("default-src 'none'")


def test_the_page_has_every_section_in_order_and_its_charts():
    report = month(locale="en")
    found = read(render_html(report))
    ids = [attrs["id"] for tag, attrs in found.tags if tag == "section"]
    assert ids == SECTIONS
    assert found.png("daily") == chart_png(report)
    with Image.open(io.BytesIO(found.png("weekday"))) as heatmap:
        assert heatmap.size == (1100, 380)
    assert [img["alt"] for img in found.images()] == [
        "Chart of daily messages, active members, joins and leaves",
        "Heatmap of messages by weekday and hour"]


def test_a_daily_chart_already_drawn_is_reused():
    report = month(locale="en")
    drawn = chart_png(month(locale="fr"))       # told apart from what the page would draw
    found = read(render_html(report, daily_png=drawn))
    assert found.png("daily") == drawn != chart_png(report)


def test_the_headline_figures_are_the_reports():
    found = read(render_html(month(locale="en")))
    headline = found.sections["headline"]
    for label, value in [("Messages", "6,108"), ("Active members", "212"),
                         ("Communicators (3+ messages)", "87"), ("Joins", "120"),
                         ("Leaves", "30"), ("Newcomers", "96"), ("Newcomers who posted", "41"),
                         ("Newcomers who stayed", "88"), ("Moderation cases", "23")]:
        assert f"{label}{value}" in headline, label


def test_channels_are_listed_most_first_with_their_share():
    report = month(locale="en", channels=[("general", 900), ("help", 334), ("off-topic", 66)])
    rows = read(render_html(report)).cells["channels"]
    assert rows[0][:3] == ["Channel", "Count", "Share"]
    assert [row[:3] for row in rows[1:]] == [
        ["general", "900", "69%"], ["help", "334", "26%"], ["off-topic", "66", "5%"]]


def test_a_long_tail_of_channels_is_summed_up():
    channels = [(f"channel-{n:02d}", 100 - n) for n in range(40)]
    found = read(render_html(month(locale="en", channels=channels)))
    assert len(found.cells["channels"]) == 1 + page.MAX_CHANNELS
    rest = channels[page.MAX_CHANNELS:]
    assert (f"{len(rest)} more channels, {sum(count for _, count in rest):,} messages in all."
            in found.sections["channels"])


def test_moderation_by_rule_and_by_action_with_the_response_time():
    found = read(render_html(month(locale="en")))
    text = found.sections["moderation"]
    assert "Median time to a moderator's action after a report1 h 29 min" in text
    assert "Moderated messages19" in text and "Member reports7" in text
    rows = [row[:3] for row in found.cells["moderation"]]
    assert rows == [
        ["Rule", "Count", "Share"], ["no-insults", "12", "52%"], ["no-scam-links", "6", "26%"],
        ["escalation", "5", "22%"],
        ["Action", "Count", "Share"], ["warn", "15", "65%"], ["timeout", "5", "22%"],
        ["ban", "2", "9%"], ["kick", "1", "4%"]]


def test_without_moderation_figures_the_page_says_why():
    found = read(render_html(month(locale="en", moderation=False)))
    assert "Moderation was not computed" in found.sections["moderation"]
    assert "Moderation cases" not in found.sections["headline"]
    assert found.cells["moderation"] == []


def test_the_newcomers_funnel_gives_shares_of_those_who_joined():
    rows = read(render_html(month(locale="en"))).cells["newcomers"]
    assert [row[:3] for row in rows] == [
        ["Joined", "96", "100% of those who joined"],
        ["Posted a message", "41", "43% of those who joined"],
        ["Still members at the end", "88", "92% of those who joined"]]


def test_in_french_every_word_and_number_is_french():
    html = render_html(month(locale="fr"))
    found = read(html)
    assert found.sections["headline"].startswith("En bref")
    assert f"Messages6{NNBSP}108" in found.sections["headline"]
    assert [row[:3] for row in found.cells["channels"]][:2] == [
        ["Salon", "Nombre", "Part"], ["général", f"3{NNBSP}664", f"60{NNBSP}%"]]
    assert ["avertissement", "15", f"65{NNBSP}%"] in [row[:3] for row in found.cells["moderation"]]
    assert "Délai médian entre un signalement et l'action d'un modérateur1 h 29" in (
        found.sections["moderation"])
    assert [row[2] for row in found.cells["newcomers"]][1] == f"43{NNBSP}% des arrivés"
    assert "du 2026-11-01 au 2026-11-30" in found.text
    for english in ("At a glance", "Channels", "Active members", "Newcomers who"):
        assert english not in found.text
    assert read(render_html(month(locale="fr-CA"))).text == found.text


def test_english_is_the_default_and_an_unknown_locale_falls_back_to_it():
    for locale in (None, "de", "en-GB"):
        html = render_html(month(locale=locale))
        assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
        assert "At a glance" in read(html).sections["headline"]


HOSTILE = "<script>alert('x')</script>"


def test_names_from_members_and_admins_are_escaped():
    report = month(community='"><img src=x onerror=alert(1)>',
                   channels=[(HOSTILE, 10), ("a & b", 5)])
    report["moderation"]["by_rule"] = {"<b>rule</b>": 3}
    report["moderation"]["by_action"] = {"<i>zap</i>": 3}
    report["timezone"] = "<u>UTC</u>"
    html = render_html(report)
    for raw in (HOSTILE, "<img src=x", "<b>rule", "<i>zap", "<u>UTC"):
        assert raw not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "a &amp; b" in html
    found = read(html)
    assert [row[0] for row in found.cells["channels"][1:]] == [HOSTILE, "a & b"]
    assert found.cells["moderation"][1][:2] == ["<b>rule</b>", "3"]
    assert found.cells["moderation"][3][:2] == ["<i>zap</i>", "3"]
    assert '"><img src=x onerror=alert(1)> — du 2026-11-01 au 2026-11-30' in found.text
    assert [tag for tag, _ in found.tags].count("img") == 2


def test_an_empty_report_renders_with_its_notes():
    html = render_html(empty(locale="en"))
    found = read(html)
    assert [attrs["id"] for tag, attrs in found.tags if tag == "section"] == SECTIONS
    assert "Messages0" in found.sections["headline"]
    assert "No messages in this period." in found.sections["channels"]
    assert "No moderation case in this period." in found.sections["moderation"]
    assert "Median time to a moderator's action after a report—" in found.sections["moderation"]
    assert "No one joined in this period." in found.sections["newcomers"]
    assert found.png("daily")[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_charts_colours_are_the_images_alone():
    # the browser test finds the charts by their colours: the page's styles must not use them
    for colour in (charts.MESSAGES, charts.ACTIVE, charts.JOINS, charts.LEAVES,
                   charts.HEAT_HIGH):
        assert colour.lower() not in page.STYLE.lower()
    assert re.findall(r"#[0-9a-f]{6}", page.STYLE)


@pytest.mark.parametrize(("seconds", "english", "french"), [
    (None, "—", "—"), (0, "0 s", "0 s"), (45.4, "45 s", "45 s"), (89, "1 min", "1 min"),
    (840, "14 min", "14 min"), (3_599, "1 h 00 min", "1 h 00"), (5_340, "1 h 29 min", "1 h 29"),
    (200_000, "55 h 33 min", "55 h 33")])
def test_a_response_time_reads_in_minutes_or_hours(seconds, english, french):
    assert Words("en").duration(seconds) == english
    assert Words("fr").duration(seconds) == french


def test_shares_of_nothing_are_a_dash_not_a_division_by_zero():
    assert Words("en").share(0, 0) == "—"
    assert Words("fr").share(1, 3) == f"33{NNBSP}%"
    assert Words("fr").number(1_234_567) == f"1{NNBSP}234{NNBSP}567"
