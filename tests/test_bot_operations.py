"""`python -m bot run` as an operator meets it: one instance per database, a 409 Conflict as one plain line."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

from tests.botharness import TEST_TOKEN, bot_process
from tests.fake_bot_api import User

ROOT = Path(__file__).resolve().parents[1]
EVE = User(8201, "Eve", "zh-hans")


def site_config(tmp_path: Path) -> Path:
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("knowledge_dir: knowledge", f"knowledge_dir: {json.dumps(str(ROOT / 'knowledge'))}")
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_second_bot_on_the_same_database_exits_2_at_once_naming_the_holder(fake, tmp_path):
    cfg_path = site_config(tmp_path)
    async with bot_process(fake, cfg_path) as first:
        fake.private_message("你好", user=EVE)
        await fake.replies(EVE.id, timeout=60)  # the first one is up and holds the lock
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url}
        started = time.monotonic()
        second = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--config", str(cfg_path), "run", cwd=str(ROOT), env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(second.communicate(), 30)
        waited = time.monotonic() - started
        assert second.returncode == 2
        message = err.decode()
        assert f"pid {first.proc.pid}" in message and "Traceback" not in message
        assert waited < 15  # start-up of the interpreter included; the lock itself refuses at once
    assert first.proc.returncode == 0


async def test_a_409_conflict_from_telegram_is_one_plain_log_line_and_the_bot_goes_on(fake, tmp_path):
    fake.conflicting_polls = 6
    async with bot_process(fake, site_config(tmp_path)) as bot:
        for _ in range(200):
            if fake.conflicting_polls == 0:
                break
            await asyncio.sleep(0.1)
        fake.private_message("你好", user=EVE)
        [hello] = await fake.replies(EVE.id, timeout=60)
        assert "问答机器人" in hello.text
    conflict_lines = [line for line in bot.logs.splitlines() if "bot.ops.conflict" in line]
    assert 1 <= len(conflict_lines) <= 2, bot.logs[-3000:]  # reported once (and once when it is over)
    assert "Traceback" not in bot.logs


async def test_the_heartbeat_writes_no_log_line_at_info(fake, tmp_path):
    async with bot_process(fake, site_config(tmp_path)) as bot:
        fake.private_message("你好", user=EVE)
        await fake.replies(EVE.id, timeout=60)
        await asyncio.sleep(2.5)  # the first heartbeat runs a second after start
    scheduler_lines = [line for line in bot.logs.splitlines() if "apscheduler" in line and " INFO " in line]
    assert scheduler_lines == []
    from bot.ops.health import check_health

    assert check_health(tmp_path / "var" / "bot.sqlite3", ROOT / "knowledge").heartbeat_age is not None
