"""Texts inside texts: `{name!t}` embeds the catalogue text whose key is the value, in the
same language and with the same values; and the adapters' refusals, built that way, read
the same in English as before and fully in French."""

from __future__ import annotations

import ast
import string
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import discord
import pytest
from telegram import error as tg

from adapters.discord.errors import mapped
from adapters.telegram.errors import translate
from bot.errors import ActionError, Forbidden, Invalid, NotFound, RateLimited, Unavailable
from catalogue import CATALOGUES, EN, LOCALES, t, template

ROOT = Path(__file__).resolve().parents[1]


# --- the mechanism --------------------------------------------------------------------
def test_an_embedded_text_follows_the_locale_and_is_filled_with_the_same_values():
    values = {"doing": "refusal.discord.doing.give_role", "why": "refusal.discord.why.owner",
              "role": "Verified"}
    assert t("en", "refusal.discord.cannot", **values) == (
        "cannot give the role Verified: the member is the server owner")
    assert t("fr", "refusal.discord.cannot", **values) == (
        "impossible de donner le rôle Verified : le membre est le propriétaire du serveur")
    assert t("fr-CA", "refusal.discord.cannot", **values) == t("fr", "refusal.discord.cannot",
                                                                **values)


def test_a_value_is_text_unless_the_template_marks_it():
    # a member-supplied value that looks like a key (or a Telegram @name) stays as written
    assert t("en", "telegram.unknown_user", name="refusal.dm_closed") == (
        "I do not know refusal.dm_closed yet: reply to one of their messages with the "
        "command, or give their numeric id.")
    assert t("fr", "refusal.discord.role_missing", role="@refusal.dm_closed") == (
        "le rôle de vérification @refusal.dm_closed n'existe pas sur ce serveur")


def test_an_embedded_text_a_locale_lacks_falls_back_to_english(monkeypatch):
    monkeypatch.delitem(CATALOGUES["fr"], "refusal.discord.doing.ban")
    assert t("fr", "refusal.discord.cannot", doing="refusal.discord.doing.ban",
             why="refusal.discord.why.owner") == (
        "impossible ban the member : le membre est le propriétaire du serveur")


def test_a_text_that_embeds_itself_is_refused_not_looped(monkeypatch):
    monkeypatch.setitem(CATALOGUES["en"], "test.loop", "again {me!t}")
    with pytest.raises(ValueError, match="embedded deeper"):
        t("en", "test.loop", me="test.loop")


def _fields(text: str) -> list[str]:
    return [field for _, field, _, _ in string.Formatter().parse(text) if field]


@pytest.mark.parametrize("locale", LOCALES)
def test_texts_without_the_mark_format_exactly_as_str_format(locale):
    checked = 0
    for key in CATALOGUES[locale]:
        text = template(locale, key)
        if "!t" in text or not _fields(text):
            continue
        values = {field: "x" for field in _fields(text)}
        try:
            expected = text.format(**values)
        except (ValueError, TypeError):   # a numeric format spec: not fit for "x"
            continue
        assert t(locale, key, **values) == expected, key
        checked += 1
    assert checked > 50


# --- the adapters' refusals ----------------------------------------------------------
def _adapter_keys() -> dict[str, str]:
    """Every "refusal." string the adapters write -> where."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "adapters").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and node.value.startswith("refusal.")):
                found[node.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_refusal_the_adapters_name_is_in_every_locale():
    keys = _adapter_keys()
    assert len(keys) >= 70
    missing = [f"{key} ({where}) in {locale}" for key, where in keys.items()
               for locale in LOCALES if key not in CATALOGUES[locale]]
    assert missing == []
    # and every refusal text is one the adapters use (embedded ones included)
    assert sorted(k for k in EN if k.startswith("refusal.") and k not in keys) == []


def _http(kind: type[discord.HTTPException], status: int, code: int = 0) -> Exception:
    response = SimpleNamespace(status=status, reason="Refused")
    return kind(response, {"code": code, "message": "raw text"} if code else "raw text")


def _raised(error: Exception, doing: str, **values: str) -> ActionError:
    with pytest.raises(ActionError) as caught, mapped(doing, **values):
        raise error
    return caught.value


DISCORD = [
    (_http(discord.Forbidden, 403, 50013), Forbidden,
     "cannot ban the member: the bot lacks the permission for this (or the member is above "
     "the bot) (Discord error 50013, HTTP 403)",
     "impossible de bannir le membre : le bot n'a pas la permission de le faire (ou le membre "
     "est au-dessus du bot) (erreur Discord 50013, HTTP 403)"),
    (_http(discord.Forbidden, 403), Forbidden,
     "cannot ban the member: Discord refused it (missing permission) (HTTP 403)",
     "impossible de bannir le membre : Discord a refusé (permission manquante) (HTTP 403)"),
    (_http(discord.NotFound, 404, 10007), NotFound,
     "cannot ban the member: the member is no longer in the server (Discord error 10007, "
     "HTTP 404)",
     "impossible de bannir le membre : le membre n'est plus sur le serveur (erreur Discord "
     "10007, HTTP 404)"),
    (_http(discord.NotFound, 404, 99999), NotFound,
     "cannot ban the member: not found (Discord error 99999, HTTP 404)",
     "impossible de bannir le membre : introuvable (erreur Discord 99999, HTTP 404)"),
    (_http(discord.DiscordServerError, 502), Unavailable,
     "cannot ban the member: Discord is having trouble (HTTP 502)",
     "impossible de bannir le membre : Discord rencontre des difficultés (HTTP 502)"),
    (_http(discord.HTTPException, 429), RateLimited,
     "rate limited while trying to ban the member",
     "débit limité en essayant de bannir le membre"),
    (_http(discord.HTTPException, 400, 50035), Invalid,
     "cannot ban the member: Discord rejected the request as invalid (Discord error 50035, "
     "HTTP 400)",
     "impossible de bannir le membre : Discord a rejeté la requête comme invalide (erreur "
     "Discord 50035, HTTP 400)"),
    (_http(discord.HTTPException, 400), Invalid,
     "cannot ban the member: Discord rejected the request (HTTP 400)",
     "impossible de bannir le membre : Discord a rejeté la requête (HTTP 400)"),
    (aiohttp.ClientConnectionError(), Unavailable,
     "cannot ban the member: Discord could not be reached (ClientConnectionError)",
     "impossible de bannir le membre : Discord est injoignable (ClientConnectionError)"),
]


@pytest.mark.parametrize(("error", "kind", "english", "french"), DISCORD)
def test_discord_refusals_read_in_english_and_in_french(error, kind, english, french):
    refused = _raised(error, "refusal.discord.doing.ban")
    assert type(refused) is kind
    assert refused.reason == english == t("en", refused.key or "", **refused.values)
    assert t("fr", refused.key or "", **refused.values) == french


def test_a_discord_refusal_fills_what_the_bot_was_doing():
    refused = _raised(_http(discord.Forbidden, 403, 50001), "refusal.discord.doing.alert",
                      channel="staff")
    assert refused.reason == ("cannot post to the log channel staff: the bot cannot see that "
                              "channel (Discord error 50001, HTTP 403)")
    assert t("fr", refused.key or "", **refused.values) == (
        "impossible de publier dans le salon de modération staff : le bot ne voit pas ce salon "
        "(erreur Discord 50001, HTTP 403)")


def test_a_discord_rate_limit_keeps_its_wait():
    refused = _raised(discord.RateLimited(12.5), "refusal.discord.doing.kick")
    assert isinstance(refused, RateLimited) and refused.retry_after == 12.5
    assert refused.reason == "rate limited by Discord while trying to kick the member"
    assert t("fr", refused.key or "", **refused.values) == (
        "débit limité par Discord en essayant d'expulser le membre")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
# each error is built in the test, where RetryAfter's warning (its v23 type change) is caught
@pytest.mark.parametrize(("error", "dm", "english", "french"), [
    (lambda: tg.BadRequest("Bad Request: not enough rights to restrict/unrestrict chat "
                           "member"), False,
     "Telegram refused: not enough rights to restrict/unrestrict chat member",
     "Telegram a refusé : not enough rights to restrict/unrestrict chat member"),
    (lambda: tg.BadRequest("Bad Request: "), False, "Telegram refused", "Telegram a refusé"),
    (lambda: tg.Forbidden("Forbidden: bot was blocked by the user"), True,
     "the member does not accept direct messages",
     "le membre n'accepte pas les messages privés"),
    (lambda: tg.RetryAfter(7), False, "Telegram rate limit: retry after 7s",
     "limite de débit de Telegram : réessayer dans 7 s"),
    (lambda: tg.TimedOut(), False, "Telegram did not answer (network error or timeout)",
     "Telegram n'a pas répondu (erreur réseau ou délai dépassé)"),
    (lambda: tg.InvalidToken(), False, "Telegram rejected the bot token",
     "Telegram a rejeté le jeton du bot"),
])
def test_telegram_refusals_read_in_english_and_in_french(error, dm, english, french):
    refused = translate(error(), dm=dm)
    assert refused.reason == english == t("en", refused.key or "", **refused.values)
    assert t("fr", refused.key or "", **refused.values) == french
