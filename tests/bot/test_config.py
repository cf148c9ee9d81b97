"""The host's config file: the documented example, environment variables, paths,
and errors that point at file:line:column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.config import ConfigError, bundled_packs, default_config, load_config

PACKS = Path(__file__).resolve().parents[2] / "rules" / "packs"

# The example of FORMATS.md, verbatim apart from the rule paths, which are created below.
EXAMPLE = """\
storage: gardien.db               # the SQLite file (embedded default)
rules:
  default: rules/packs/netiquette.en.yaml     # paths relative to this file
  communities:                    # "<platform>:<id>" -> its own code of conduct
    "discord:123456789012345678": rules/communities/my-server.yaml
    "telegram:-1001234567890": rules/packs/netiquette.fr.yaml
platforms:
  discord:
    token: ${DISCORD_TOKEN}       # a platform whose token is unset or empty is off
    api_base: https://discord.com/api/v10     # REST base
    gateway: wss://gateway.discord.gg/        # gateway URL: likewise
  telegram:
    token: ${TELEGRAM_TOKEN}
    base_url: https://api.telegram.org/bot    # a local Bot API server in production
    webhook:                      # optional
      url: https://bot.example.org/telegram
      listen: 0.0.0.0
      port: 8443
      secret: ${TELEGRAM_WEBHOOK_SECRET}
log:
  format: json                    # json | console
  level: info
"""

ENV = {
    "DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.discord-token-for-tests-0123456789",
    "TELEGRAM_TOKEN": "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
    "TELEGRAM_WEBHOOK_SECRET": "hook-secret_42",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A config directory with the rule files the example names."""
    for name in ("rules/packs/netiquette.en.yaml", "rules/packs/netiquette.fr.yaml",
                 "rules/communities/my-server.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("version: 1\n", encoding="utf-8")
    return tmp_path.resolve()


def write(directory: Path, text: str, name: str = "gardien.yaml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path, environ: dict[str, str] | None = None) -> list[tuple[int, int, str]]:
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ or {})
    assert all(p.file == str(path) for p in caught.value.problems)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_the_documented_example_loads(site):
    config = load_config(write(site, EXAMPLE), ENV)
    assert config.storage == site / "gardien.db"
    assert config.rules.default == site / "rules/packs/netiquette.en.yaml"
    assert dict(config.rules.communities) == {
        "discord:123456789012345678": site / "rules/communities/my-server.yaml",
        "telegram:-1001234567890": site / "rules/packs/netiquette.fr.yaml",
    }
    assert config.rules.for_community("telegram:-1001234567890").name == "netiquette.fr.yaml"
    assert config.rules.for_community("console:local") == config.rules.default
    assert config.discord is not None and config.telegram is not None
    assert config.discord.token.get_secret_value() == ENV["DISCORD_TOKEN"]
    assert config.discord.api_base == "https://discord.com/api/v10"
    assert config.discord.gateway == "wss://gateway.discord.gg/"
    assert config.telegram.token.get_secret_value() == ENV["TELEGRAM_TOKEN"]
    assert config.telegram.base_url == "https://api.telegram.org/bot"
    hook = config.telegram.webhook
    assert hook is not None
    assert hook.url == "https://bot.example.org/telegram"
    assert (hook.listen, hook.port) == ("0.0.0.0", 8443)
    assert hook.secret.get_secret_value() == "hook-secret_42"
    assert (config.log.format, config.log.level) == ("json", "info")
    assert not config.console
    assert config.file == site / "gardien.yaml"


def test_the_shipped_example_config_loads_without_any_token():
    root = Path(__file__).resolve().parents[2]
    config = load_config(root / "config.example.yaml", {})
    assert config.console and config.discord is None and config.telegram is None


def test_relative_paths_follow_the_config_file_not_the_working_directory(site, monkeypatch):
    (site / "conf").mkdir()
    write(site / "conf", """\
        storage: ../data.db
        rules:
          default: ../rules/packs/netiquette.en.yaml
    """)
    elsewhere = site / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(Path("..") / "conf" / "gardien.yaml", {})
    assert config.storage == site / "data.db"
    assert config.storage.is_absolute()
    assert config.rules.default == site / "rules/packs/netiquette.en.yaml"


def test_absolute_paths_are_kept(site, tmp_path_factory):
    other = tmp_path_factory.mktemp("other")
    rules = write(other, "version: 1\n", "rules.yaml")
    config = load_config(write(site, f"storage: {other / 'x.db'}\nrules:\n  default: {rules}\n"))
    assert config.storage == other / "x.db"
    assert config.rules.default == rules


def test_everything_is_optional(site):
    config = load_config(write(site, ""), {})
    assert config.storage == site / "gardien.db"
    assert config.rules.default == PACKS / "netiquette.en.yaml"
    assert config.console
    assert (config.log.format, config.log.level) == (None, "info")


def test_variables_with_and_without_fallback(site):
    path = write(site, """\
        storage: ${DATA_DIR}/gardien-${NAME:-main}.db
        log:
          level: ${LEVEL:-warning}
          format: ${FORMAT:-console}
        platforms:
          discord:
            token: ${TOKEN}
            api_base: http://127.0.0.1:${PORT:-8080}/api/v10/
    """)
    config = load_config(path, {"DATA_DIR": str(site), "TOKEN": "t0k", "FORMAT": ""})
    assert config.storage == site / "gardien-main.db"
    assert config.log.level == "warning"
    assert config.log.format == "console"  # `:-` also covers a set but empty variable
    assert config.discord is not None
    assert config.discord.api_base == "http://127.0.0.1:8080/api/v10"  # trailing slash dropped
    config = load_config(path, {"DATA_DIR": str(site), "TOKEN": "t0k", "NAME": "x", "PORT": "9"})
    assert config.storage == site / "gardien-x.db"
    assert config.discord.api_base == "http://127.0.0.1:9/api/v10"


def test_a_variable_can_give_a_number(site):
    path = write(site, """\
        platforms:
          telegram:
            token: ${T}
            webhook: {url: "https://x.example.org/hook", port: "${PORT}", secret: abc}
    """)
    config = load_config(path, {"T": "1:x", "PORT": "8080"})
    assert config.telegram.webhook.port == 8080


def test_an_unset_or_empty_token_turns_the_platform_off(site):
    path = write(site, EXAMPLE)
    config = load_config(path, {"TELEGRAM_TOKEN": "1:x", "TELEGRAM_WEBHOOK_SECRET": "s"})
    assert config.discord is None and config.telegram is not None
    config = load_config(path, {"DISCORD_TOKEN": "  ", "TELEGRAM_TOKEN": ""})
    assert config.discord is None and config.telegram is None and config.console
    # An off platform's other variables (the webhook secret) may be unset too.
    config = load_config(path, {"DISCORD_TOKEN": "d"})
    assert config.discord is not None and config.telegram is None


def test_a_platform_without_a_token_is_off(site):
    config = load_config(write(site, "platforms:\n  discord:\n    api_base: https://x.org/api\n"))
    assert config.discord is None


def test_an_unset_variable_elsewhere_is_an_error_naming_it(site):
    path = write(site, """\
        storage: gardien.db
        log:
          level: ${GARDIEN_LEVEL}
    """)
    [(line, column, message)] = problems(path)
    assert (line, column) == (3, 10)
    assert "GARDIEN_LEVEL" in message and "not set" in message


def test_an_unset_variable_in_an_active_platform_is_an_error(site):
    path = write(site, EXAMPLE)
    [(line, column, message)] = problems(path, {"TELEGRAM_TOKEN": "1:x"})
    assert (line, column) == (19, 15)
    assert "TELEGRAM_WEBHOOK_SECRET" in message


def test_a_malformed_variable_is_an_error(site):
    path = write(site, "storage: ${not closed\n")
    [(line, _, message)] = problems(path)
    assert line == 1 and "malformed" in message


def test_dollar_dollar_is_a_literal(site):
    config = load_config(write(site, "storage: \"$${HOME}.db\"\n"), {"HOME": "/nope"})
    assert config.storage.name == "${HOME}.db"


def test_unknown_keys_are_errors_with_suggestions(site):
    path = write(site, """\
        storgae: gardien.db
        rules:
          defualt: pack:netiquette.en
        platforms:
          discrod: {}
          telegram:
            token: x
            webhook: {url: "https://x.example.org", secret: s, prot: 8443}
        log:
          formt: json
    """)
    found = problems(path)
    assert found == [
        (1, 1, "unknown key 'storgae'; did you mean 'storage'?"),
        (3, 3, "unknown key 'defualt'; did you mean 'default'?"),
        (5, 3, "unknown key 'discrod'; did you mean 'discord'?"),
        (8, 56, "unknown key 'prot'; did you mean 'port'?"),
        (10, 3, "unknown key 'formt'; did you mean 'format'?"),
    ]


def test_a_typo_in_an_off_platform_is_still_reported(site):
    path = write(site, "platforms:\n  discord:\n    token: ${UNSET}\n    gatway: wss://x.org/\n")
    [(line, column, message)] = problems(path)
    assert (line, column) == (4, 5) and "did you mean 'gateway'" in message


def test_bad_community_keys(site):
    path = write(site, """\
        rules:
          communities:
            "discord:123": pack:netiquette.en
            "slack:42": pack:netiquette.en
            "123456": pack:netiquette.fr
            "telegram: -100": pack:netiquette.fr
    """)
    found = problems(path)
    assert [(line, column) for line, column, _ in found] == [(4, 5), (5, 5), (6, 5)]
    assert "'slack:42'" in found[0][2] and "<platform>:<id>" in found[0][2]


def test_bundled_packs_by_name(site):
    path = write(site, """\
        rules:
          default: pack:netiquette.fr
          communities:
            "console:local": pack:netiquette.en
    """)
    config = load_config(path, {})
    assert config.rules.default == PACKS / "netiquette.fr.yaml"
    assert config.rules.communities["console:local"] == PACKS / "netiquette.en.yaml"
    assert set(bundled_packs()) >= {"netiquette.en", "netiquette.fr"}


def test_an_unknown_pack_suggests_one(site):
    [(line, column, message)] = problems(write(site, "rules:\n  default: pack:netiquete.fr\n"))
    assert (line, column) == (2, 12)
    assert "did you mean 'netiquette.fr'" in message


def test_a_missing_rule_file_is_an_error_at_its_line(site):
    path = write(site, """\
        rules:
          default: rules/packs/netiquette.en.yaml
          communities:
            "discord:1": rules/nope.yaml
    """)
    [(line, column, message)] = problems(path)
    assert (line, column) == (4, 18)
    assert "rule file not found" in message and str(site / "rules/nope.yaml") in message


def test_a_directory_is_not_a_rule_file(site):
    [(_, _, message)] = problems(write(site, "rules:\n  default: rules\n"))
    assert "directory" in message


def test_storage_in_a_missing_directory(site):
    [(line, _, message)] = problems(write(site, "storage: no/such/dir/gardien.db\n"))
    assert line == 1 and "does not exist" in message


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("platforms:\n  discord:\n    token: t\n    api_base: ftp://x.org/api\n", (4, 15),
         "http or https URL"),
        ("platforms:\n  discord:\n    token: t\n    api_base: discord.com/api\n", (4, 15),
         "http or https URL"),
        ("platforms:\n  discord:\n    token: t\n    gateway: https://gateway.discord.gg/\n",
         (4, 14), "ws or wss URL"),
        ("platforms:\n  telegram:\n    token: t\n    base_url: tcp://x\n", (4, 15),
         "http or https URL"),
        ("platforms:\n  telegram:\n    token: t\n    webhook:\n      url: http://x.org/h\n"
         "      secret: s\n", (5, 12), "https URL"),
    ],
)
def test_bad_urls(site, text, where, words):
    [(line, column, message)] = problems(write(site, text))
    assert (line, column) == where
    assert words in message


def test_webhook_port_and_secret(site):
    path = write(site, """\
        platforms:
          telegram:
            token: t
            webhook:
              url: https://bot.example.org/telegram
              port: 70000
              secret: "not allowed!"
    """)
    found = problems(path)
    assert [(line, column) for line, column, _ in found] == [(6, 13), (7, 15)]
    assert "port" in found[0][2] and "65535" in found[0][2]
    assert "A-Z, a-z, 0-9, _ and -" in found[1][2]
    assert "not allowed!" not in found[1][2]  # a secret is never echoed


def test_a_webhook_needs_a_secret(site):
    path = write(site, """\
        platforms:
          telegram:
            token: t
            webhook:
              url: https://bot.example.org/telegram
    """)
    [(line, column, message)] = problems(path)
    assert (line, column) == (5, 7)
    assert "missing required key 'secret'" in message


def test_log_options(site):
    config = load_config(write(site, "log: {format: CONSOLE, level: Debug}\n"))
    assert (config.log.format, config.log.level) == ("console", "debug")
    [(line, column, message)] = problems(write(site, "log:\n  level: verbose\n"))
    assert (line, column) == (2, 10) and "'warning'" in message


def test_every_problem_at_once_sorted_by_position(site):
    path = write(site, """\
        storage: gardien.db
        rules:
          default: missing.yaml
          communities:
            "irc:1": pack:netiquette.en
        platforms:
          discord:
            token: ${DISCORD_TOKEN}
            gateway: http://nope
        log:
          level: ${LOG_LEVEL}
        extra: 1
    """)
    found = problems(path, {"DISCORD_TOKEN": "d"})
    assert [(line, column) for line, column, _ in found] == [
        (3, 12), (5, 5), (9, 14), (11, 10), (12, 1)
    ]
    assert str(ConfigError([])) == ""


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("storage: [unclosed\n", "YAML syntax error"),
        ("- a\n- b\n", "a config file is a mapping"),
        ("just text\n", "a config file is a mapping"),
        ("rules: pack:netiquette.en\n", "`rules` must be a mapping"),
        ("a: 1\na: 2\n", "duplicate key"),
    ],
)
def test_broken_documents(site, text, words):
    found = problems(write(site, text))
    assert any(words in message for _, _, message in found)


def test_a_missing_config_file(tmp_path):
    path = tmp_path / "nope.yaml"
    [(line, column, message)] = problems(path)
    assert (line, column) == (1, 1) and "no such config file" in message


def test_default_config(tmp_path):
    config = default_config(tmp_path)
    assert config.storage == tmp_path / "gardien.db"
    assert config.rules.default == PACKS / "netiquette.en.yaml"
    assert config.rules.default.is_file()
    assert config.console and config.secrets() == []
    assert config.log.format is None and config.log.level == "info"


def test_secrets_lists_every_credential(site):
    config = load_config(write(site, EXAMPLE), ENV)
    assert config.secrets() == [
        ENV["DISCORD_TOKEN"], ENV["TELEGRAM_TOKEN"], ENV["TELEGRAM_WEBHOOK_SECRET"]
    ]
    path = write(site, """\
        platforms:
          discord: {token: d, api_base: "https://user:proxy-pass@proxy.example.org/api/v10"}
    """)
    assert load_config(path).secrets() == ["d", "proxy-pass"]


def test_the_config_never_shows_a_token(site):
    config = load_config(write(site, EXAMPLE), ENV)
    for text in (repr(config), str(config), repr(config.discord), str(config.telegram)):
        for secret in ENV.values():
            assert secret not in text
    assert "**********" in repr(config.discord)


def test_the_config_is_frozen(site):
    config = load_config(write(site, EXAMPLE), ENV)
    with pytest.raises(AttributeError):
        config.storage = Path("/tmp/x")  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.rules.communities["discord:1"] = Path("/x")  # type: ignore[index]
