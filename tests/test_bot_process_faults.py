"""End-to-end through ``python -m bot run`` (a real process) against the fake Bot API: faults an operator meets.

Poisoned polling (an update PTB cannot parse), and the exit codes of start-up faults: 2 = fix the
configuration or the data (one line naming it, no traceback), 1 = transient, systemd restarts the bot.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from tests.botharness import bot_process
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
