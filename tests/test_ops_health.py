"""`python -m bot health` as a monitoring script sees it, and systemd's notify socket."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from bot.ops import systemd
from bot.ops.health import check_health, format_age, knowledge_version
from bot.reminders.store import DeliveryKey, Store

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "mini_knowledge"
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "knowledge")
    (tmp_path / "config.yaml").write_text("knowledge_dir: knowledge\nstorage:\n  database: var/bot.sqlite3\n",
                                          encoding="utf-8")
    return tmp_path


def health(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(site / "config.yaml"), "health", *args],
                          cwd=site, capture_output=True, text=True, timeout=60, env=env)


def beat(db: Path, when: dt.datetime) -> None:
    with Store(db) as store:
        store.touch_alive(when)


def test_a_fresh_heartbeat_is_healthy_exit_0_one_line(site):
    beat(site / "var" / "bot.sqlite3", dt.datetime.now(UTC) - dt.timedelta(seconds=30))
    r = health(site)
    assert r.returncode == 0, r.stdout + r.stderr
    version = knowledge_version(site / "knowledge")
    assert len(version) == 12
    [line] = r.stdout.splitlines()
    assert line.startswith("healthy: heartbeat 3") and line.endswith(f" s ago, 0 pending deliveries, knowledge {version}")


def test_a_heartbeat_older_than_3_minutes_is_unhealthy_exit_1(site):
    beat(site / "var" / "bot.sqlite3", dt.datetime.now(UTC) - dt.timedelta(minutes=4))
    r = health(site)
    assert r.returncode == 1
    assert r.stdout.startswith("unhealthy: heartbeat 4 min ago (limit 3 min), 0 pending deliveries, knowledge ")


def test_at_the_limit_still_healthy_a_second_later_not(tmp_path):
    db = tmp_path / "bot.sqlite3"
    beat(db, NOW - dt.timedelta(seconds=180))
    assert check_health(db, FIXTURE, now=NOW).ok
    assert not check_health(db, FIXTURE, now=NOW + dt.timedelta(seconds=1)).ok


def test_a_bot_killed_with_sigkill_turns_unhealthy_once_its_heartbeat_is_too_old(site):
    """A stand-in for the bot: a process writing the heartbeat as the scheduler does, then SIGKILL."""
    db = site / "var" / "bot.sqlite3"
    script = textwrap.dedent(f"""
        import datetime as dt, sys, time
        from bot.reminders.store import Store
        store = Store({str(db)!r})
        while True:
            store.touch_alive(dt.datetime.now(dt.timezone.utc))
            print("beat", flush=True)
            time.sleep(0.2)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert proc.stdout.readline() == "beat\n"
        alive = health(site, "--max-age", "2")
        assert alive.returncode == 0 and alive.stdout.startswith("healthy: "), alive.stdout + alive.stderr
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        time.sleep(2.5)
        dead = health(site, "--max-age", "2")
        assert dead.returncode == 1 and dead.stdout.startswith("unhealthy: heartbeat "), dead.stdout
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()
    # what the default limit says of the same database 3 minutes after the kill
    last = Store(db).last_alive
    assert not check_health(db, site / "knowledge", now=last + dt.timedelta(minutes=3, seconds=1)).ok


def test_without_a_database_unhealthy_and_nothing_is_created(site):
    r = health(site)
    assert r.returncode == 1
    assert r.stdout.startswith(f"unhealthy: no database at {site / 'var' / 'bot.sqlite3'}")
    assert not (site / "var").exists()


def test_a_database_without_a_heartbeat_yet_is_unhealthy(tmp_path):
    db = tmp_path / "bot.sqlite3"
    Store(db).close()
    h = check_health(db, FIXTURE, now=NOW)
    assert not h.ok and h.line().startswith("unhealthy: no heartbeat recorded yet, 0 pending deliveries")


def test_pending_deliveries_are_the_claimed_unconfirmed_ones(tmp_path):
    db = tmp_path / "bot.sqlite3"
    with Store(db) as store:
        store.touch_alive(NOW)
        for chat in (1, 2, 3):
            store.claim(DeliveryKey("duty", chat, NOW))
        store.mark_delivered(DeliveryKey("duty", 3, NOW))
    h = check_health(db, FIXTURE, now=NOW + dt.timedelta(seconds=5))
    assert h.ok and h.pending == 2 and "heartbeat 5 s ago, 2 pending deliveries" in h.line()


def test_reading_a_stopped_bots_database_leaves_no_wal_or_shm_files_behind(tmp_path):
    db = tmp_path / "bot.sqlite3"
    beat(db, NOW)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert before == ["bot.sqlite3"]
    check_health(db, FIXTURE, now=NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_health_answers_while_the_bot_holds_a_write_transaction(tmp_path):
    db = tmp_path / "bot.sqlite3"
    store = Store(db)
    store.touch_alive(NOW)
    writer = sqlite3.connect(db, isolation_level=None)  # what the bot's writer thread holds mid-transaction
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE meta SET value = 'x' WHERE key = 'schema_version'")
    try:
        started = time.monotonic()
        assert check_health(db, FIXTURE, now=NOW).ok
        assert time.monotonic() - started < 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        store.close()


def test_knowledge_version_follows_the_contents_not_the_place(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(FIXTURE, a)
    shutil.copytree(FIXTURE, b)
    (b / ".git").mkdir()
    (b / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert knowledge_version(a) == knowledge_version(b) == knowledge_version(FIXTURE)
    synonyms = next(b.rglob("synonyms.yaml"))
    synonyms.write_text(synonyms.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert knowledge_version(b) != knowledge_version(a)
    assert knowledge_version(tmp_path / "missing") == ""
    assert not check_health(tmp_path / "none.sqlite3", tmp_path / "missing", now=NOW).ok


def test_ages_read_naturally():
    assert [format_age(s) for s in (0, 59.6, 119, 181, 7199, 7200, 90000, 3 * 86400)] == [
        "0 s", "60 s", "119 s", "3 min", "120 min", "2 h", "25 h", "3 d"]


# ----- systemd notify -----
@pytest.fixture
def notify_socket():
    folder = tempfile.mkdtemp(prefix="sd", dir="/tmp")  # AF_UNIX paths must stay short
    path = os.path.join(folder, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(2)
    yield path, sock
    sock.close()
    shutil.rmtree(folder)


def test_ready_watchdog_stopping_and_status_reach_the_notify_socket(notify_socket):
    path, sock = notify_socket
    env = {"NOTIFY_SOCKET": path}
    assert systemd.notify_ready(env)
    assert systemd.notify_watchdog(env)
    assert systemd.notify_status("serving\n 3 chats", env)
    assert systemd.notify_stopping(env)
    assert [sock.recv(256) for _ in range(4)] == [b"READY=1", b"WATCHDOG=1", b"STATUS=serving 3 chats", b"STOPPING=1"]


def test_the_process_environment_is_used_by_default(notify_socket, monkeypatch):
    path, sock = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    assert systemd.notify_ready()
    assert sock.recv(256) == b"READY=1"


def test_an_abstract_notify_socket(monkeypatch):
    name = f"safety-bot-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        assert systemd.notify_watchdog({"NOTIFY_SOCKET": "@" + name})
        assert sock.recv(64) == b"WATCHDOG=1"


def test_without_systemd_every_call_is_a_quiet_no_op(monkeypatch, tmp_path):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert systemd.notify_ready() is False
    assert systemd.notify_watchdog({}) is False
    # a socket that has gone away: no exception, just False
    assert systemd.notify_stopping({"NOTIFY_SOCKET": str(tmp_path / "gone")}) is False


def test_watchdog_interval_is_half_of_watchdog_sec_for_this_process_only():
    assert systemd.watchdog_interval({"WATCHDOG_USEC": "180000000"}) == 90.0
    assert systemd.watchdog_interval({"WATCHDOG_USEC": "180000000", "WATCHDOG_PID": str(os.getpid())}) == 90.0
    assert systemd.watchdog_interval({"WATCHDOG_USEC": "180000000", "WATCHDOG_PID": "1"}) is None
    assert systemd.watchdog_interval({}) is None
    assert systemd.watchdog_interval({"WATCHDOG_USEC": "soon"}) is None


def test_the_unit_waits_for_ready_and_its_watchdog_outlasts_missed_heartbeats():
    unit = (REPO / "deploy" / "safety-bot.service").read_text(encoding="utf-8")
    settings = dict(line.split("=", 1) for line in unit.splitlines() if "=" in line and not line.startswith("#"))
    assert settings["Type"] == "notify"
    from bot.reminders.jobs import HEARTBEAT_SECONDS

    watchdog = settings["WatchdogSec"]
    seconds = int(watchdog[:-3]) * 60 if watchdog.endswith("min") else int(watchdog.rstrip("s"))
    assert seconds >= 3 * HEARTBEAT_SECONDS  # the watchdog is fed by the heartbeat
    assert settings["NotifyAccess"] == "main"
