"""Settings: the shipped file loads, and every mistake in a config file is reported with the file and the key."""

from __future__ import annotations

import pytest

from bot.config import Config, load_config
from bot.errors import ConfigError
from tests.helpers_core import ROOT


def write(tmp_path, text: str):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path, text: str, environ=None) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, environ=environ or {})
    message = str(info.value)
    assert str(path) in message, message
    return info.value


def test_the_shipped_config_loads_with_the_documented_defaults():
    cfg = load_config(ROOT / "config.yaml", environ={})
    # Thresholds are fitted with the decision model (bot/qa/signals.json); the config only overrides them.
    assert cfg.matcher.answer_threshold is None
    assert cfg.matcher.clarify_threshold is None
    assert cfg.matcher.max_answers == 3
    assert cfg.matcher.max_answer_chars == 360
    assert cfg.telegram.mode == "polling"
    assert cfg.telegram.token_env == "TELEGRAM_BOT_TOKEN"
    assert cfg.knowledge_path == ROOT / "knowledge"
    assert str(cfg.tz) == "Asia/Shanghai"


def test_an_empty_config_file_gives_the_defaults_and_relative_paths_resolve_beside_it(tmp_path):
    cfg = load_config(write(tmp_path, ""), environ={})
    defaults = Config()
    assert cfg.matcher == defaults.matcher
    assert cfg.telegram == defaults.telegram
    assert cfg.knowledge_path == tmp_path / "knowledge"
    assert cfg.database_path == tmp_path / "var" / "bot.sqlite3"


def test_an_unknown_key_is_named_with_its_dotted_path(tmp_path):
    err = error_of(tmp_path, "matcher:\n  answer_treshold: 0.6\n")
    assert err.key == "matcher.answer_treshold"
    assert "unknown setting" in str(err)


def test_an_unknown_top_level_key_is_named(tmp_path):
    err = error_of(tmp_path, "knowledge_folder: knowledge\n")
    assert err.key == "knowledge_folder"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("matcher:\n  max_answers: three\n", "matcher.max_answers"),
        ("matcher:\n  answer_threshold: high\n", "matcher.answer_threshold"),
        ("telegram:\n  rate_limiter: 'yes'\n", "telegram.rate_limiter"),
        ("telegram:\n  admin_ids: 12345\n", "telegram.admin_ids"),
        ("telegram:\n  admin_ids: [1, two]\n", "telegram.admin_ids[1]"),
        ("telegram:\n  webhook:\n    port: [8443]\n", "telegram.webhook.port"),
        ("matcher: 0.5\n", "matcher"),
        ("reminders:\n  grace_period_minutes: true\n", "reminders.grace_period_minutes"),
    ],
)
def test_a_value_of_the_wrong_type_is_named_with_its_dotted_key(tmp_path, text, key):
    assert error_of(tmp_path, text).key == key


def test_a_bad_timezone_is_rejected_by_name(tmp_path):
    err = error_of(tmp_path, "timezone: Mars/Olympus_Mons\n")
    assert err.key == "timezone"
    assert "Mars/Olympus_Mons" in str(err)


def test_an_answer_threshold_below_the_clarify_threshold_is_rejected(tmp_path):
    err = error_of(tmp_path, "matcher:\n  answer_threshold: 0.2\n  clarify_threshold: 0.4\n")
    assert err.key == "matcher.answer_threshold"
    assert "clarify_threshold" in str(err)


def test_webhook_mode_without_a_public_url_is_rejected(tmp_path):
    err = error_of(tmp_path, "telegram:\n  mode: webhook\n")
    assert err.key == "telegram.webhook.url"


def test_webhook_mode_with_a_url_is_accepted(tmp_path):
    cfg = load_config(write(tmp_path, "telegram:\n  mode: webhook\n  webhook:\n    url: https://bot.example.org/hook\n"),
                      environ={})
    assert cfg.telegram.webhook.url == "https://bot.example.org/hook"


def test_malformed_yaml_is_reported_with_its_line(tmp_path):
    err = error_of(tmp_path, "timezone: Asia/Shanghai\nmatcher:\n  max_answers: [3\n")
    assert "not valid YAML" in str(err)
    assert "line 4" in str(err) or "line 3" in str(err)


def test_a_missing_config_file_is_reported_with_its_path(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ConfigError) as info:
        load_config(missing, environ={})
    assert str(missing) in str(info.value)
    assert "not found" in str(info.value)


def test_env_telegram_api_base_url_overrides_the_file(tmp_path):
    path = write(tmp_path, "telegram:\n  api_base_url: https://api.telegram.org/bot\n")
    cfg = load_config(path, environ={"TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot"})
    assert cfg.telegram.api_base_url == "http://127.0.0.1:8081/bot"
    assert load_config(path, environ={}).telegram.api_base_url == "https://api.telegram.org/bot"


def test_an_overriding_api_base_url_is_validated_too(tmp_path):
    err = error_of(tmp_path, "", environ={"TELEGRAM_API_BASE_URL": "ftp://example.org"})
    assert err.key == "telegram.api_base_url"


def test_the_token_is_read_from_the_named_environment_variable_only(tmp_path, monkeypatch):
    cfg = load_config(write(tmp_path, "telegram:\n  token_env: MY_SAFETY_BOT_TOKEN\n"), environ={})
    monkeypatch.delenv("MY_SAFETY_BOT_TOKEN", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:from-the-default-variable")
    assert cfg.telegram.token() is None
    monkeypatch.setenv("MY_SAFETY_BOT_TOKEN", "  456:from-the-named-variable \n")
    assert cfg.telegram.token() == "456:from-the-named-variable"
    monkeypatch.setenv("MY_SAFETY_BOT_TOKEN", "   ")
    assert cfg.telegram.token() is None


def test_the_token_is_never_read_from_the_file(tmp_path):
    err = error_of(tmp_path, "telegram:\n  token: 123:secret\n")
    assert err.key == "telegram.token"


def test_a_config_file_that_is_not_utf8_is_reported_not_a_crash(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_bytes("timezone: Asia/Shanghai  # 时区\n".encode("gb18030"))
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    assert str(path) in str(info.value) and "UTF-8" in str(info.value)


# ----- issue 11: the whole config is validated (ranges and formats) before anything is created -----
@pytest.mark.parametrize(("text", "key"), [
    ("reminders:\n  fixed_subscriptions:\n    - {reminder: duty}\n", "reminders.fixed_subscriptions[0].chat_id"),
    ("reminders:\n  fixed_subscriptions:\n    - {chat_id: -100123, reminder: duty, time: 8:30}\n",
     "reminders.fixed_subscriptions[0].time"),
    ("reminders:\n  fixed_subscriptions:\n    - {chat_id: 0, reminder: duty}\n", "reminders.fixed_subscriptions[0].chat_id"),
    ("telegram:\n  webhook:\n    port: 99999\n", "telegram.webhook.port"),
    ("telegram:\n  webhook:\n    port: 0\n", "telegram.webhook.port"),
    ("telegram:\n  webhook:\n    url: http://bot.example.invalid\n", "telegram.webhook.url"),
    ("telegram:\n  webhook:\n    secret_token_env: 'MY SECRET'\n", "telegram.webhook.secret_token_env"),
    ("telegram:\n  token_env: ''\n", "telegram.token_env"),
    ("telegram:\n  admin_ids: [-5]\n", "telegram.admin_ids[0]"),
    ("telegram:\n  flood:\n    private_messages: 0\n", "telegram.flood.private_messages"),
    ("reminders:\n  grace_period_minutes: 1000000000000\n", "reminders.grace_period_minutes"),
    ("reminders:\n  send_concurrency: 100000\n", "reminders.send_concurrency"),
    ("matcher:\n  max_answers: 500\n", "matcher.max_answers"),
    ("storage:\n  database: ''\n", "storage.database"),
])
def test_values_out_of_range_or_format_are_refused_naming_the_key(tmp_path, text, key):
    assert error_of(tmp_path, text).key == key
