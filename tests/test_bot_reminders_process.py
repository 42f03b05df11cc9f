"""End-to-end through the real `python -m bot run` (issue 11): SIGTERM and SIGKILL during a broadcast, a locked database.

The broadcast is the start-up catch-up: the chats are subscribed (in the database, before the bot
starts) to the daily tip at a time of day two minutes ago, so the bot sends it as soon as it starts,
through the same broadcaster as a slot. Real time; the retry settings are scaled down in the config.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import sqlite3
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.reminders.store import Store
from tests.botharness import spawn_bot
from tests.fake_bot_api import User, flood_wait

ROOT = Path(__file__).resolve().parents[1]
SHANGHAI = ZoneInfo("Asia/Shanghai")
TIP = "每日安全提示"


def write_config(tmp_path: Path, **reminders) -> Path:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["knowledge_dir"] = str(ROOT / "knowledge")
    (tmp_path / "var").mkdir(exist_ok=True)  # an absolute storage folder must exist (a missing one is a mount not there yet)
    data["storage"] = {"database": str(tmp_path / "var" / "bot.sqlite3")}
    data["telegram"]["flood"]["private_messages"] = 1000  # these tests ask fast on purpose; flood is tested elsewhere
    data["reminders"].update({"retry_backoff_seconds": 0.1, "retry_backoff_max_seconds": 0.5,
                              "uncertain_pause_seconds": 0.5, **reminders})
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def subscribe_due(tmp_path: Path, chats) -> list[int]:
    """The chats subscribed (yesterday) to the daily tip at a time two minutes ago: due at the bot's start."""
    at = (dt.datetime.now(SHANGHAI) - dt.timedelta(minutes=2)).time().replace(second=0, microsecond=0,
                                                                                tzinfo=SHANGHAI)
    with Store(tmp_path / "var" / "bot.sqlite3") as store:
        for chat in chats:
            store.subscribe(chat, "daily_tip", at, now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1))
    return list(chats)


def tips(fake, chat) -> int:
    return sum(1 for m in fake.sent_to(chat) if TIP in m.text)


def send_requests(fake) -> int:
    return sum(1 for m, _p, _t in fake.calls if m == "sendMessage")


def states(tmp_path: Path) -> dict[str, int]:
    db = sqlite3.connect(tmp_path / "var" / "bot.sqlite3")
    try:
        return dict(db.execute("SELECT state, COUNT(*) FROM deliveries GROUP BY state").fetchall())
    finally:
        db.close()


async def until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.05)


async def start(fake, cfg_path: Path, log: Path) -> asyncio.subprocess.Process:
    out = log.open("ab")
    try:
        return await spawn_bot(fake, cfg_path, output=out)
    finally:
        out.close()  # the child has its own copy


async def stopped(proc: asyncio.subprocess.Process, sig: int, timeout: float) -> float:
    """Send `sig`; seconds until the process exited (fails after `timeout`)."""
    began = time.monotonic()
    proc.send_signal(sig)
    try:
        await asyncio.wait_for(proc.wait(), timeout)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"the bot did not exit within {timeout} s of signal {sig}") from None
    return time.monotonic() - began


async def finish_broadcast(fake, cfg_path, log, tmp_path, chats) -> None:
    """Start again, let the catch-up deliver everything, stop cleanly."""
    proc = await start(fake, cfg_path, log)
    try:
        await until(lambda: all(tips(fake, c) >= 1 for c in chats) and "claimed" not in states(tmp_path), 60,
                    "every chat's tip after the restart")
    finally:
        assert await stopped(proc, signal.SIGTERM, 15) < 15
    assert proc.returncode == 0, log.read_text()[-3000:]


async def test_sigterm_during_a_broadcast_retrying_5xx_exits_promptly_and_the_restart_sends_each_chat_one(
        fake, tmp_path):
    chats = subscribe_due(tmp_path, range(-1009000000100, -1009000000060))  # 40 groups
    cfg_path, log = write_config(tmp_path), tmp_path / "bot.log"
    fake.start_failing(500, methods={"sendMessage"})
    proc = await start(fake, cfg_path, log)
    await until(lambda: send_requests(fake) >= 2 * len(chats), 60, "the broadcast retrying")
    took = await stopped(proc, signal.SIGTERM, 10)
    assert proc.returncode == 0, log.read_text()[-3000:]
    assert took < 10
    assert states(tmp_path) == {"claimed": 40}  # left pending for the next start
    before = {c: tips(fake, c) for c in chats}
    fake.stop_failing()
    await finish_broadcast(fake, cfg_path, log, tmp_path, chats)
    assert [tips(fake, c) - before[c] for c in chats] == [1] * 40
    assert states(tmp_path) == {"delivered": 40}
    print(f"SIGTERM during 5xx: exited after {took:.2f} s")


async def test_sigterm_during_a_429_with_retry_after_35_exits_promptly_and_the_restart_sends_each_chat_one(
        fake, tmp_path):
    chats = subscribe_due(tmp_path, range(-1009000000200, -1009000000180))  # 20 groups
    cfg_path, log = write_config(tmp_path), tmp_path / "bot.log"
    for chat in chats:
        fake.fail_sends(chat, flood_wait(35))
    proc = await start(fake, cfg_path, log)
    await until(lambda: fake.failed_requests >= 1, 60, "a 429")
    await asyncio.sleep(0.5)
    took = await stopped(proc, signal.SIGTERM, 10)
    assert proc.returncode == 0, log.read_text()[-3000:]
    before = {c: tips(fake, c) for c in chats}
    for chat in chats:
        fake.send_failures.pop(chat, None)
    await finish_broadcast(fake, cfg_path, log, tmp_path, chats)
    assert [tips(fake, c) - before[c] for c in chats] == [1] * 20
    print(f"SIGTERM during a 429 (retry_after 35): exited after {took:.2f} s")


async def test_sigkill_at_several_moments_of_a_broadcast_loses_no_reminder_and_doubles_none_beyond_two(
        fake, tmp_path):
    extra = {}
    for trial, after_sends in enumerate((1, 12, 25, 38)):
        folder = tmp_path / f"kill{trial}"
        folder.mkdir()
        first = -1009000001000 - 100 * trial
        chats = subscribe_due(folder, range(first, first + 40))
        cfg_path, log = write_config(folder, send_concurrency=4), folder / "bot.log"
        fake.slow_sends(0.1)  # a broadcast of a few seconds, to kill it in the middle
        seen = send_requests(fake)
        proc = await start(fake, cfg_path, log)
        await until(lambda seen=seen, n=after_sends: send_requests(fake) - seen >= n, 60, f"{after_sends} sends")
        await stopped(proc, signal.SIGKILL, 5)
        fake.slow_sends(0)
        await finish_broadcast(fake, cfg_path, log, folder, chats)
        copies = [tips(fake, c) for c in chats]
        assert min(copies) == 1 and max(copies) <= 2, copies  # none lost, none more than twice
        extra[after_sends] = sum(1 for n in copies if n == 2)
    print(f"SIGKILL after n sends -> chats with a second copy: {extra}")


LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
print("released", flush=True)
"""


async def test_another_process_holding_the_write_lock_delays_no_answer(fake, tmp_path):
    users = [User(8200 + i, f"U{i}", "zh-hans") for i in range(4)]
    cfg_path, log = write_config(tmp_path), tmp_path / "bot.log"
    proc = await start(fake, cfg_path, log)
    try:
        fake.private_message("安全生产责任怎么落实", user=users[0])
        await fake.replies(users[0].id, timeout=60)  # up and answering
        hold = 15.0  # seconds (the issue's 50 s, scaled down; longer than the stores' busy deadline is not needed)
        locker = await asyncio.create_subprocess_exec(sys.executable, "-c", LOCKER, str(tmp_path / "var" / "bot.sqlite3"),
                                                      str(hold), stdout=asyncio.subprocess.PIPE)
        assert (await locker.stdout.readline()).strip() == b"locked"
        locked_at = time.monotonic()
        waits, asked = [], 1
        fake.private_message("/subscribe daily_tip 18:00", user=users[1])  # a write: waits for the lock
        subscribed_since = len(fake.sent_to(users[1].id))
        while time.monotonic() - locked_at < hold - 1:
            user = users[asked % len(users)]
            since = len(fake.sent_to(user.id))
            sent = time.monotonic()
            fake.private_message("隐患排查怎么做" if asked % 2 else "/reminders", user=user)
            await fake.replies(user.id, since=since, timeout=10)
            waits.append(time.monotonic() - sent)
            asked += 1
            await asyncio.sleep(0.2)
        assert len(waits) >= 20 and max(waits) < 2.0, (max(waits), waits)
        await until(lambda: len(fake.sent_to(users[1].id)) > subscribed_since, 30, "the /subscribe answer")
        assert await locker.wait() == 0
        print(f"lock held {hold:.0f} s: {len(waits)} questions, slowest answer {max(waits) * 1000:.0f} ms")
        # the outcomes were stored after the lock was released
        await until(lambda: _outcomes(tmp_path) >= asked // 2, 30, "the stored outcomes")
    finally:
        await stopped(proc, signal.SIGTERM, 15)
    assert proc.returncode == 0, log.read_text()[-3000:]


def _outcomes(tmp_path: Path) -> int:
    db = sqlite3.connect(tmp_path / "var" / "bot.sqlite3")
    try:
        return db.execute("SELECT COUNT(*) FROM qa_outcomes").fetchone()[0]
    finally:
        db.close()
