"""build_application follows the config (no network: the application is built, not started)."""

from __future__ import annotations

import dataclasses

import pytest

from bot.errors import ConfigError
from bot.telegram_app.app import build_application, webhook_settings
from bot.telegram_app.ratelimit import LaneRateLimiter
from tests.botharness import TEST_TOKEN


def test_the_application_uses_the_configured_api_server_time_zone_html_and_rate_limiter(config, matcher):
    tg = dataclasses.replace(config.telegram, api_base_url="http://127.0.0.1:9/bot",
                             api_base_file_url="http://127.0.0.1:9/file/bot")
    app = build_application(dataclasses.replace(config, telegram=tg), matcher, token=TEST_TOKEN)
    assert app.bot.base_url == f"http://127.0.0.1:9/bot{TEST_TOKEN}"
    assert app.bot.base_file_url == f"http://127.0.0.1:9/file/bot{TEST_TOKEN}"
    assert app.bot.defaults.tzinfo == config.tz and app.bot.defaults.parse_mode == "HTML"
    assert isinstance(app.bot.rate_limiter, LaneRateLimiter)  # issue 11: two lanes instead of AIORateLimiter
    off = dataclasses.replace(config, telegram=dataclasses.replace(tg, rate_limiter=False))
    assert build_application(off, matcher, token=TEST_TOKEN).bot.rate_limiter is None


def test_building_without_a_token_names_the_environment_variable(config, matcher, monkeypatch):
    monkeypatch.delenv(config.telegram.token_env, raising=False)
    with pytest.raises(ConfigError, match=config.telegram.token_env):
        build_application(config, matcher)


def test_the_webhook_url_is_the_public_url_with_the_path_and_needs_a_secret(config, monkeypatch):
    webhook = dataclasses.replace(config.telegram.webhook, url="https://bot.example.invalid/", url_path="/tg/")
    cfg = dataclasses.replace(config, telegram=dataclasses.replace(config.telegram, webhook=webhook))
    monkeypatch.delenv(webhook.secret_token_env, raising=False)
    with pytest.raises(ConfigError, match=webhook.secret_token_env):
        webhook_settings(cfg)
    monkeypatch.setenv(webhook.secret_token_env, "xyz")
    settings = webhook_settings(cfg)
    assert settings["webhook_url"] == "https://bot.example.invalid/tg"
    assert settings["url_path"] == "tg" and settings["secret_token"] == "xyz"
