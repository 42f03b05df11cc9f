"""End-to-end: errors, Telegram outages, the token in logs, webhook mode and start-up checks."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import logging
import socket
from pathlib import Path

import aiohttp
import pytest

from bot.telegram_app import redact
from bot.telegram_app.app import run
from tests.botharness import TEST_TOKEN, bot_process, bot_running
from tests.fake_bot_api import User

ALICE = User(5001, "Alice", "zh-hans")
ROOT = Path(__file__).resolve().parents[1]


class BrokenOn:
    """The real matcher, except that one question makes it raise (a bug somewhere in the core)."""

    def __init__(self, matcher, trigger: str):
        self.matcher, self.trigger, self.kb = matcher, trigger, matcher.kb

    def ask(self, text):
        if self.trigger in text:
            raise RuntimeError("simulated failure in the question-answering core")
        return self.matcher.ask(text)

    def topics(self):
        return self.matcher.topics()


async def ask(fake, user, text, timeout=5.0):
    since = len(fake.sent_to(user.id))
    fake.private_message(text, user=user)
    return await fake.replies(user.id, since=since, timeout=timeout, settle=0.05)


async def test_an_error_while_answering_gets_a_short_apology_and_the_bot_keeps_serving(
        config, matcher, fake, kb, caplog):
    with caplog.at_level(logging.ERROR):
        async with bot_running(config, BrokenOn(matcher, "炸"), fake):
            [apology] = await ask(fake, ALICE, "炸一下")
            assert "抱歉" in apology.text and len(apology.text) < 80
            question = kb.qa[0].question
            [answer] = await ask(fake, ALICE, question)
            assert matcher.ask(question).best.text in answer.text
    assert "simulated failure" in caplog.text


@pytest.mark.parametrize("failure", [500, 502, 0], ids=["500", "502", "dropped-connections"])
async def test_polling_survives_the_bot_api_failing_for_a_while(config, matcher, fake, kb, failure):
    question = kb.qa[2].question
    async with bot_running(config, matcher, fake, poll_interval=0.005):
        fake.start_failing(failure)
        fake.private_message(question, user=ALICE)
        while fake.failed_requests < 5:  # several polls fail in a row (backoff starts at 7.5 ms here)
            await asyncio.sleep(0.01)
        assert fake.sent_to(ALICE.id) == []
        fake.stop_failing()
        [answer] = await fake.replies(ALICE.id, timeout=5)
        assert matcher.ask(question).best.text in answer.text
        [again] = await ask(fake, ALICE, question)
        assert matcher.ask(question).best.text in again.text


async def test_when_sending_the_answer_fails_the_user_gets_an_apology_and_the_next_question_is_answered(
        config, matcher, fake, kb, caplog):
    question = kb.qa[6].question
    async with bot_running(config, matcher, fake):
        fake.start_failing(502, methods={"sendMessage"}, count=1)  # the answer is lost on the way
        [apology] = await ask(fake, ALICE, question)
        assert "抱歉" in apology.text
        [answer] = await ask(fake, ALICE, question)
        assert matcher.ask(question).best.text in answer.text
    assert "error while handling update" in caplog.text


def _capture_all_logs():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in ("telegram", "httpx", "httpcore", "bot", "aiohttp"):
        logging.getLogger(name).setLevel(logging.NOTSET)  # redact.install must quiet httpx itself

    def done():
        root.removeHandler(handler)
        root.setLevel(previous)
        return stream.getvalue()

    return done


@pytest.mark.parametrize("token", [TEST_TOKEN, "42:unusual-short-token"], ids=["token-shaped", "configured-only"])
async def test_the_token_never_appears_in_any_log_line_even_at_debug(config, matcher, fake, kb, token):
    done = _capture_all_logs()
    try:
        async with bot_running(config, BrokenOn(matcher, "炸"), fake, token=token, poll_interval=0.005):
            await ask(fake, ALICE, kb.qa[0].question)
            await ask(fake, ALICE, "炸")  # an exception with a traceback
            fake.start_failing(500)  # failing requests are logged with their details
            while fake.failed_requests < 3:
                await asyncio.sleep(0.01)
            fake.stop_failing()
            await ask(fake, ALICE, kb.qa[1].question)
            logging.getLogger("bot.test").debug("a careless line with the url %s/getMe", f"{fake.base_url}{token}")
    finally:
        logs = done()
    assert fake.tokens_seen == {token}  # the bot did use it
    assert "DEBUG telegram" in logs and "careless line" in logs  # there was plenty to leak into
    assert token not in logs
    assert token.split(":")[1] not in logs
    assert redact.REPLACEMENT in logs


def test_the_redactor_removes_anything_shaped_like_a_token():
    r = redact.Redactor(["configured-secret"])
    text = "url https://api.telegram.org/bot123456789:AAE_abcdefghijklmnopqrstuvwxyz0123/getMe configured-secret"
    out = r(text)
    assert "123456789:AAE" not in out and "configured-secret" not in out
    assert out.count(redact.REPLACEMENT) == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_mode_sets_the_webhook_and_answers_updates_posted_with_the_secret(
        config, matcher, fake, kb, monkeypatch):
    port = _free_port()
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", "s3cret-value")
    webhook = dataclasses.replace(config.telegram.webhook, listen="127.0.0.1", port=port,
                                  url="https://bot.example.invalid", url_path="telegram",
                                  secret_token_env="TEST_WEBHOOK_SECRET")
    question = kb.qa[8].question
    update = {"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": ALICE.id, "type": "private", "first_name": "Alice"},
        "from": ALICE.to_dict(), "text": question}}
    async with bot_running(config, matcher, fake, mode="webhook", webhook=webhook):
        [set_webhook] = await fake.calls_to("setWebhook")
        assert set_webhook["url"] == "https://bot.example.invalid/telegram"
        assert set_webhook["secret_token"] == "s3cret-value"
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{port}/telegram"
            async with session.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as r:
                assert r.status == 403
            async with session.post(url, json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"}) as r:
                assert r.status == 200
        [answer] = await fake.replies(ALICE.id)
        assert matcher.ask(question).best.text in answer.text


async def test_the_webhook_secret_never_appears_in_any_log_line_even_at_debug(config, matcher, fake, kb, monkeypatch):
    # Issue 11: the token was redacted, the webhook secret was not (PTB logs setWebhook's parameters).
    secret = "another-Webhook_secret-7"
    port = _free_port()
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", secret)
    webhook = dataclasses.replace(config.telegram.webhook, listen="127.0.0.1", port=port,
                                  url="https://bot.example.invalid", secret_token_env="TEST_WEBHOOK_SECRET")
    done = _capture_all_logs()
    try:
        async with bot_running(config, matcher, fake, mode="webhook", webhook=webhook):
            [set_webhook] = await fake.calls_to("setWebhook")
            assert set_webhook["secret_token"] == secret
            async with aiohttp.ClientSession() as session:
                update = {"update_id": 1, "message": {
                    "message_id": 1, "date": 0, "chat": {"id": ALICE.id, "type": "private", "first_name": "Alice"},
                    "from": ALICE.to_dict(), "text": kb.qa[0].question}}
                async with session.post(f"http://127.0.0.1:{port}/telegram", json=update,
                                        headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as r:
                    assert r.status == 200
            await fake.replies(ALICE.id)
            logging.getLogger("bot.test").debug("a careless line with the secret %s", secret)
    finally:
        logs = done()
    assert "DEBUG telegram" in logs and "careless line" in logs
    assert secret not in logs


# ----- run(): what `python -m bot run` calls -----
def test_run_without_a_token_stops_with_exit_code_2_naming_the_variable(config, monkeypatch, capsys):
    monkeypatch.delenv(config.telegram.token_env, raising=False)
    assert run(config) == 2
    assert config.telegram.token_env in capsys.readouterr().err


def test_run_with_a_missing_knowledge_folder_stops_with_exit_code_2_naming_it(config, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv(config.telegram.token_env, TEST_TOKEN)
    missing = tmp_path / "no-knowledge-here"
    assert run(dataclasses.replace(config, knowledge_dir=str(missing))) == 2
    assert str(missing) in capsys.readouterr().err


def test_run_in_webhook_mode_without_a_secret_stops_with_exit_code_2(config, monkeypatch, capsys):
    monkeypatch.setenv(config.telegram.token_env, TEST_TOKEN)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    tg = dataclasses.replace(config.telegram, mode="webhook",
                             webhook=dataclasses.replace(config.telegram.webhook, url="https://x.invalid"))
    assert run(dataclasses.replace(config, telegram=tg)) == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in capsys.readouterr().err


async def test_python_m_bot_run_serves_until_sigterm_exits_0_and_never_logs_the_token(fake, kb, matcher, tmp_path):
    cfg_text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    cfg_text = cfg_text.replace("log_level: INFO", "log_level: DEBUG")
    cfg_text = cfg_text.replace("knowledge_dir: knowledge", f"knowledge_dir: {json.dumps(str(ROOT / 'knowledge'))}")
    cfg_path = tmp_path / "config.yaml"
    cfg_path.write_text(cfg_text, encoding="utf-8")
    async with bot_process(fake, cfg_path) as bot:
        question = kb.qa[10].question
        fake.private_message(question, user=ALICE)
        [answer] = await fake.replies(ALICE.id, timeout=60)
        assert matcher.ask(question).best.text in answer.text
    logs = bot.logs
    assert bot.proc.returncode == 0, logs[-2000:]
    assert "DEBUG" in logs
    assert TEST_TOKEN not in logs and TEST_TOKEN.split(":")[1] not in logs


def test_payloads_of_ptb_log_lines_are_not_logged_but_the_method_is():
    redactor = redact.Redactor()
    record = logging.LogRecord("telegram.ext.ExtBot", logging.DEBUG, __file__, 1,
                               "Calling Bot API endpoint `%s` with parameters `%s`",
                               ("sendMessage", {"text": "机密正文"}), None)
    assert redact.redact_record(record, redactor).getMessage() == \
        "Calling Bot API endpoint `sendMessage` with parameters `[payload not logged]`"
    record = logging.LogRecord("telegram.ext.Updater", logging.DEBUG, __file__, 1, "Webhook received data: %s",
                               ('{"message": {"text": "机密正文"}}',), None)
    assert "机密正文" not in redact.redact_record(record, redactor).getMessage()


async def test_in_webhook_mode_healthz_answers_200_while_the_heartbeat_is_fresh(config, matcher, fake, monkeypatch,
                                                                                 tmp_path):
    from bot.config import StorageConfig
    from bot.reminders.telegram import ReminderBot, reminder_bot
    from bot.telegram_app.healthz import HealthEndpoint

    port, health_port = _free_port(), _free_port()
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", "s3cret-value")
    webhook = dataclasses.replace(config.telegram.webhook, listen="127.0.0.1", port=port, health_port=health_port,
                                  url="https://bot.example.invalid", secret_token_env="TEST_WEBHOOK_SECRET")
    cfg = dataclasses.replace(config, storage=StorageConfig(database=str(tmp_path / "bot.sqlite3")),
                              telegram=dataclasses.replace(config.telegram, mode="webhook"))
    async with bot_running(cfg, matcher, fake, mode="webhook", webhook=webhook,
                           features=[ReminderBot(), HealthEndpoint()]) as application:
        await asyncio.wait_for(reminder_bot(application).caught_up.wait(), 10)
        async with aiohttp.ClientSession() as session:
            for _ in range(50):  # the first heartbeat is written a second after start
                async with session.get(f"http://127.0.0.1:{health_port}/healthz") as r:
                    status, body = r.status, await r.text()
                if status == 200:
                    break
                await asyncio.sleep(0.1)
            assert status == 200 and body.startswith("healthy: heartbeat")
            async with session.get(f"http://127.0.0.1:{health_port}/other") as r:
                assert r.status == 404
