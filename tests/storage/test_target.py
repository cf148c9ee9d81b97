"""`storage:` as a PostgreSQL URL: parsed by the config, chosen by the factory, and its
password never shown in a message, a repr or an error."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_config
from storage.factory import store_for
from storage.postgres.store import PostgresStore
from storage.sqlite import SQLiteStore
from storage.target import PostgresURL


def _config(tmp_path, storage: str, **environ: str):
    path = tmp_path / "gardien.yaml"
    path.write_text(f"storage: {storage}\nrules:\n  default: pack:netiquette.en\n",
                    encoding="utf-8")
    return load_config(path, environ)


def test_a_url_from_the_environment_is_kept_whole_and_shown_without_its_password(tmp_path):
    url = "postgresql://gardien:s3cret@db.internal:5432/gardien"
    config = _config(tmp_path, "${DATABASE_URL}", DATABASE_URL=url)
    assert isinstance(config.storage, PostgresURL)
    assert config.storage.dsn == url
    assert str(config.storage) == "postgresql://gardien:***@db.internal:5432/gardien"
    assert "s3cret" not in repr(config.storage) and "s3cret" not in repr(config)
    store = store_for(config.storage)
    assert isinstance(store, PostgresStore) and "s3cret" not in store.label


def test_postgres_scheme_and_a_url_without_password(tmp_path):
    config = _config(tmp_path, "postgres://bot@127.0.0.1/cases")
    assert str(config.storage) == "postgres://bot@127.0.0.1/cases"


def test_a_path_stays_a_sqlite_file(tmp_path):
    config = _config(tmp_path, "data.db")
    assert config.storage == tmp_path / "data.db"
    assert isinstance(store_for(config.storage), SQLiteStore)


def test_a_broken_url_is_a_clear_error_that_does_not_repeat_it(tmp_path):
    with pytest.raises(ConfigError) as refused:
        _config(tmp_path, "postgresql://gardien:s3cret@db:notaport/x")
    assert "storage: not a usable PostgreSQL URL" in str(refused.value)
    assert "s3cret" not in str(refused.value)
    with pytest.raises(ConfigError, match="names no host"):
        _config(tmp_path, "postgresql:///x")
