"""The adapter's pure parts: until_date bounds, HTML mentions, error mapping, the spec
checker itself (it must catch real mistakes), and payload translation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from telegram import Update
from telegram import error as tg

from adapters.telegram.adapter import file_base_url
from adapters.telegram.errors import translate
from adapters.telegram.markup import Mentions
from adapters.telegram.outbound import until_date
from adapters.telegram.translate import to_message
from bot.errors import Forbidden, Invalid, NotFound, RateLimited, Unavailable

from .fake import Call
from .harness import PAYLOADS
from .spec import SPEC, problems

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
T = int(NOW.timestamp())


@pytest.mark.parametrize(("duration", "expected"), [
    (timedelta(seconds=1), T + 35),
    (timedelta(seconds=10), T + 35),
    (timedelta(seconds=35), T + 35),
    (timedelta(hours=1), T + 3600),
    (timedelta(days=366), T + 366 * 86400),
    (timedelta(days=900), T + 366 * 86400),
])
def test_until_date_stays_where_telegram_keeps_it_temporary(duration, expected):
    assert until_date(duration, NOW) == expected


def test_mentions_escape_everything_but_the_link():
    mentions = Mentions()
    placeholder = mentions.placeholder("42", "<b>&")
    html = mentions.to_html(f"{placeholder}, stop <i>that</i> & {placeholder}")
    link = '<a href="tg://user?id=42">&lt;b&gt;&amp;</a>'
    assert html == f"{link}, stop &lt;i&gt;that&lt;/i&gt; &amp; {link}"
    assert mentions.to_plain(placeholder) == "<b>&"


def test_a_forged_placeholder_is_just_text():
    mentions = Mentions()
    forged = "\ue000" + "0" * 12 + ":42\ue001"   # without the process's nonce
    assert "<a " not in mentions.to_html(forged)


@pytest.mark.parametrize(("error", "kind", "reason"), [
    (tg.BadRequest("Bad Request: not enough rights to restrict/unrestrict chat member"),
     Forbidden, "Telegram refused: not enough rights to restrict/unrestrict chat member"),
    (tg.BadRequest("Bad Request: user is an administrator of the chat"), Forbidden,
     "Telegram refused: user is an administrator of the chat"),
    (tg.BadRequest("Bad Request: message to delete not found"), NotFound,
     "Telegram refused: message to delete not found"),
    (tg.BadRequest("Bad Request: message can't be deleted"), Forbidden,
     "Telegram refused: message can't be deleted"),
    (tg.BadRequest("Bad Request: PARTICIPANT_ID_INVALID"), Invalid,
     "Telegram refused: participant_id_invalid"),
    (tg.Forbidden("Forbidden: bot was kicked from the supergroup chat"), Forbidden,
     "Telegram refused: bot was kicked from the supergroup chat"),
    (tg.TimedOut(), Unavailable, "Telegram did not answer (network error or timeout)"),
    (tg.NetworkError("httpx.ConnectError: All connection attempts failed"), Unavailable,
     "Telegram did not answer (network error or timeout)"),
])
def test_errors_map_to_the_taxonomy(error, kind, reason):
    mapped = translate(error)
    assert type(mapped) is kind and mapped.reason == reason


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_a_rate_limit_carries_its_wait():
    mapped = translate(tg.RetryAfter(7))
    assert isinstance(mapped, RateLimited) and mapped.retry_after == 7.0


def test_the_file_base_url_sits_beside_the_api():
    assert file_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_base_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"


def test_the_spec_is_where_ci_puts_it():
    assert SPEC.is_file(), f"missing {SPEC}"


def test_the_spec_check_catches_real_mistakes():
    def call(method: str, **raw: str) -> Call:
        return Call("POST", f"/bot<token>/{method}", method, raw, True)

    good = call("restrictChatMember", chat_id="-100", user_id="5",
                permissions=json.dumps({"can_send_messages": False}), until_date="1795000000")
    assert problems([good]) == []
    found = problems([
        call("restrictChatMembers", chat_id="1"),
        call("banChatMember", chat_id="-100", user_id="five"),
        call("banChatMember", chat_id="-100", user_id="5", revoke="true"),
        call("sendMessage", chat_id="-100"),
        call("sendMessage", chat_id="-100", text="x", reply_parameters='{"message_id": "7"}'),
        call("restrictChatMember", chat_id="-1", user_id="5",
             permissions='{"can_send_everything": false}'),
        call("deleteWebhook", drop_pending_updates="yes"),
    ])
    assert found == [
        "restrictChatMembers: no such method in the Bot API",
        "banChatMember: parameter 'user_id': expected an Integer, got 'five'",
        "banChatMember: unknown parameter 'revoke'",
        "sendMessage: required parameter 'text' missing",
        "sendMessage: parameter 'reply_parameters': ReplyParameters.message_id: expected "
        "Integer, got '7'",
        "restrictChatMember: parameter 'permissions': ChatPermissions has no field "
        "'can_send_everything'",
        "deleteWebhook: parameter 'drop_pending_updates': expected JSON for Boolean, "
        "got 'yes'",
    ]


def test_entities_attachments_and_senders_translate():
    def load(name: str) -> Update:
        return Update.de_json(json.loads((PAYLOADS / f"{name}.json").read_text("utf-8")), None)

    names = Mentions()
    entities = to_message(load("message_entities").message, (), names.placeholder,
                          edited=False)
    assert entities.mentions == ("@alice", "5551003")
    assert entities.links == ("https://grabify.link/abc",)
    assert entities.community == "telegram:-1001234567890"
    assert entities.at == datetime.fromtimestamp(1795000000, UTC)
    channel = to_message(load("message_as_channel").message, (), names.placeholder,
                         edited=False)
    assert (channel.user.id, channel.user.bot) == ("-1009876543210", False)
    assert names.to_html(channel.user.mention) == "Crypto &lt;b&gt;&amp;amp; deals"
    edit = to_message(load("edited_message").edited_message, (), names.placeholder,
                      edited=True)
    assert edit.edited and edit.at == datetime.fromtimestamp(1795000030, UTC)
    album = to_message(load("message_photo_album").message, (), names.placeholder,
                       edited=False)
    assert album.attachments[0].size == 86512 and album.group == "13912345678901234"


def test_a_join_counts_from_the_end_of_its_whole_second_never_after_its_arrival():
    from datetime import UTC, datetime, timedelta

    from adapters.telegram.translate import joined_at

    received = datetime(2026, 12, 3, 10, 0, 5, 400_000, tzinfo=UTC)
    date = datetime(2026, 12, 3, 10, 0, 2, tzinfo=UTC)   # the join happened in [2 s, 3 s)
    assert joined_at(date, received) == date + timedelta(seconds=1)   # deadlines never early
    same_second = datetime(2026, 12, 3, 10, 0, 5, tzinfo=UTC)
    assert joined_at(same_second, received) == received   # not after it arrived
    naive = datetime(2026, 12, 3, 10, 0, 2)               # python-telegram-bot may give UTC naive
    assert joined_at(naive, received) == date + timedelta(seconds=1)
