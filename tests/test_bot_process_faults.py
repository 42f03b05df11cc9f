"""End-to-end through ``python -m bot run`` (a real process) against the fake Bot API: faults an operator meets.

Poisoned polling (an update PTB cannot parse), and the exit codes of start-up faults: 2 = fix the
configuration or the data (one line naming it, no traceback), 1 = transient, systemd restarts the bot.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest

from tests.botharness import TEST_TOKEN, bot_process
from tests.fake_bot_api import User

ROOT = Path(__file__).resolve().parents[1]
ALICE = User(5101, "Alice", "zh-hans")
BOB = User(5102, "Bob", "zh-hans")
SECRET_TEXT = "机密的消息正文不可写入日志"


def write_config(tmp_path: Path, *replacements: tuple[str, str], database: str | None = None) -> Path:
    """The repository's config.yaml with absolute knowledge and database paths and the given text replacements."""
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("knowledge_dir: knowledge", f"knowledge_dir: {json.dumps(str(ROOT / 'knowledge'))}")
    db = database if database is not None else str(tmp_path / "bot.sqlite3")
    text = text.replace("database: var/bot.sqlite3", f"database: {json.dumps(db)}")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def wait_ready(fake, timeout: float = 60.0) -> None:
    """Until the bot process fetches updates (start-up done)."""
    deadline = time.monotonic() + timeout
    while fake.getupdates_calls() == 0:
        assert time.monotonic() < deadline, "the bot did not start polling"
        await asyncio.sleep(0.05)


# ----- poisoned polling -----
async def test_an_update_that_cannot_be_parsed_is_skipped_once_and_the_valid_ones_around_it_are_answered(
        fake, kb, matcher, tmp_path):
    cfg_path = write_config(tmp_path, ("log_level: INFO", "log_level: DEBUG"))
    async with bot_process(fake, cfg_path) as bot:
        await wait_ready(fake)
        assert fake.allowed_updates == ["message", "inline_query", "callback_query", "my_chat_member"]
        first, second = kb.qa[3].question, kb.qa[4].question
        fake.private_message(first, user=ALICE)
        # A message whose date is not a number: PTB's Update.de_json raises on it.
        fake.inject({"message": {"message_id": 77, "date": "yesterday", "text": SECRET_TEXT,
                                 "chat": {"id": ALICE.id, "type": "private"}, "from": ALICE.to_dict()}})
        fake.inject({"callback_query": {"id": "cb-broken", "data": SECRET_TEXT}})  # no from, no chat_instance
        asked = time.perf_counter()
        fake.private_message(second, user=BOB)
        [a] = await fake.replies(ALICE.id, timeout=2)
        [b] = await fake.replies(BOB.id, timeout=2)
        assert time.perf_counter() - asked < 2
        assert matcher.ask(first).best.text in a.text and matcher.ask(second).best.text in b.text
        polls_then = fake.getupdates_calls()
        await asyncio.sleep(1.0)
        assert fake.getupdates_calls() - polls_then <= 3, "polling spins on the poisoned update"
        # The bot goes on answering.
        fake.private_message(first, user=BOB)
        await fake.replies(BOB.id, since=1, timeout=2)
    logs = bot.logs
    assert bot.proc.returncode == 0, logs[-2000:]
    assert len(logs.encode()) < 100_000, f"{len(logs.encode())} bytes of log"
    assert SECRET_TEXT not in logs and "yesterday" not in logs
    skipped = [line for line in logs.splitlines() if "cannot be parsed" in line]
    assert len(skipped) == 2, skipped
    assert "Traceback" not in logs


# ----- exit codes: 2 = fix the configuration or the data, 1 = transient (systemd restarts) -----
async def run_to_exit(fake, cfg_path: Path, **env: str) -> tuple[int, str]:
    """`python -m bot --config cfg_path run` until it exits by itself; (exit code, stderr)."""
    full_env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url,
                "PYTHONUNBUFFERED": "1", **env}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(cfg_path), "run", cwd=str(ROOT), env=full_env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return proc.returncode, (out + err).decode()


def the_error_line(output: str) -> str:
    """The single ``error: …`` line of a start-up fault (and no traceback anywhere)."""
    assert "Traceback" not in output, output[-3000:]
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, output[-3000:]
    return errors[0]


async def test_a_corrupted_database_exits_2_naming_the_file_and_the_backup(fake, tmp_path):
    db = tmp_path / "bot.sqlite3"
    db.write_bytes(b"this is not a SQLite database, it was overwritten\n" * 200)
    code, output = await run_to_exit(fake, write_config(tmp_path))
    line = the_error_line(output)
    assert code == 2 and str(db) in line and "backup" in line
    assert fake.getupdates_calls() == 0


async def test_a_truncated_database_exits_2(fake, tmp_path):
    import sqlite3

    db = tmp_path / "bot.sqlite3"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (x TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    con.commit()
    con.close()
    raw = db.read_bytes()
    db.write_bytes(raw[:100] + b"\x00" * 3000 + raw[3100:len(raw) // 2])
    code, output = await run_to_exit(fake, write_config(tmp_path))
    assert code == 2 and str(db) in the_error_line(output)


async def test_a_fixed_subscription_without_chat_id_exits_2_naming_the_key(fake, tmp_path):
    cfg = write_config(tmp_path, ("  fixed_subscriptions: []", "  fixed_subscriptions:\n    - {reminder: duty}"))
    code, output = await run_to_exit(fake, cfg)
    line = the_error_line(output)
    assert code == 2 and "reminders.fixed_subscriptions[0].chat_id" in line and str(cfg) in line
    assert not (tmp_path / "bot.sqlite3").exists(), "nothing may be created from a bad config"


@pytest.mark.parametrize(("old", "new", "key"), [
    ("    port: 8443", "    port: 99999", "telegram.webhook.port"),
    ("  grace_period_minutes: 60", "  grace_period_minutes: 100000000000", "reminders.grace_period_minutes"),
    ("    messages: 5 ", "    messages: -1 ", "telegram.flood.messages"),
], ids=["webhook-port-99999", "huge-grace-period", "negative-flood-limit"])
async def test_a_setting_out_of_range_exits_2_naming_the_key_before_anything_is_created(fake, tmp_path, old, new, key):
    code, output = await run_to_exit(fake, write_config(tmp_path, (old, new)))
    assert code == 2 and key in the_error_line(output)
    assert not (tmp_path / "bot.sqlite3").exists()


def webhook_config(tmp_path: Path, port: int) -> Path:
    return write_config(tmp_path, ("mode: polling", "mode: webhook"), ("    port: 8443", f"    port: {port}"),
                        ('    url: ""', "    url: https://bot.example.invalid"))


async def test_a_webhook_secret_telegram_refuses_exits_2_without_printing_it(fake, tmp_path):
    secret = "has spaces and ümlauts!"
    code, output = await run_to_exit(fake, webhook_config(tmp_path, 18443), TELEGRAM_WEBHOOK_SECRET=secret)
    line = the_error_line(output)
    assert code == 2 and "TELEGRAM_WEBHOOK_SECRET" in line and secret not in output
    assert fake.webhook_url == ""


async def test_a_webhook_port_in_use_exits_2_naming_the_port(fake, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        code, output = await run_to_exit(fake, webhook_config(tmp_path, port), TELEGRAM_WEBHOOK_SECRET="s3cret-value")
    line = the_error_line(output)
    assert code == 2 and "telegram.webhook.port" in line and str(port) in line and "in use" in line
    assert fake.webhook_url == "", "the webhook must not be registered when nobody can listen"


async def test_a_broken_knowledge_file_exits_2_naming_the_file(fake, tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    qa = knowledge / "county-safety-2023" / "qa.yaml"
    qa.write_text(qa.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    cfg = write_config(tmp_path)
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(json.dumps(str(ROOT / "knowledge")),
                                                           json.dumps(str(knowledge))), encoding="utf-8")
    code, output = await run_to_exit(fake, cfg)
    line = the_error_line(output)
    assert code == 2 and "qa.yaml" in line


async def test_a_storage_mount_not_there_yet_exits_1_and_creates_nothing(fake, tmp_path):
    mount = tmp_path / "mnt" / "bot-data"  # an absolute path whose folder does not exist
    code, output = await run_to_exit(fake, write_config(tmp_path, database=str(mount / "bot.sqlite3")))
    line = the_error_line(output)
    assert code == 1 and str(mount) in line and "mounted" in line
    assert not mount.exists() and not (tmp_path / "mnt").exists()
