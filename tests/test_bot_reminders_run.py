"""`python -m bot run` has the reminders: commands answered in the real process, subscriptions on disk."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.reminders.store import Store
from tests.botharness import bot_process
from tests.fake_bot_api import User

ROOT = Path(__file__).resolve().parents[1]
DORA = User(8101, "Dora", "zh-hans")
SHANGHAI = ZoneInfo("Asia/Shanghai")  # config.yaml's timezone


async def test_python_m_bot_run_answers_the_reminder_commands_and_keeps_subscriptions_on_disk(fake, tmp_path):
    cfg_text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    cfg_text = cfg_text.replace("knowledge_dir: knowledge", f"knowledge_dir: {json.dumps(str(ROOT / 'knowledge'))}")
    cfg_path = tmp_path / "config.yaml"
    cfg_path.write_text(cfg_text, encoding="utf-8")
    async with bot_process(fake, cfg_path) as bot:
        fake.private_message("/subscribe daily_tip 18:00", user=DORA)
        [subscribed] = await fake.replies(DORA.id, timeout=60)
        assert "每日提示" in subscribed.text and "18:00" in subscribed.text
        menu = {c["command"] for c in fake.commands[None]}
        assert {"subscribe", "reminders"} <= menu and "ask" in menu
    assert bot.proc.returncode == 0, bot.logs[-2000:]
    with Store(tmp_path / "var" / "bot.sqlite3") as store:
        assert [(s.chat_id, s.reminder_id, s.time) for s in store.subscriptions()] == [(DORA.id, "daily_tip", dt.time(18, 0, tzinfo=SHANGHAI))]
