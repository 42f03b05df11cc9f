"""`python -m bot backup` while the bot writes, and `python -m bot restore` with the bot stopped."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from bot.ops.backup import BackupError, backup_database, inspect_database, prune_backups, restore_database
from bot.ops.instance import InstanceLockedError, acquire_instance_lock
from bot.reminders.store import DeliveryKey, Store

REPO = Path(__file__).resolve().parents[1]
UTC = dt.timezone.utc
T0 = dt.datetime(2026, 12, 1, 0, 30, tzinfo=UTC)


def bot(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(site / "config.yaml"), *args],
                          cwd=site, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "config.yaml").write_text("storage:\n  database: var/bot.sqlite3\n", encoding="utf-8")
    return tmp_path


def subscribed(db: Path, chats: range) -> None:
    with Store(db) as store:
        for chat in chats:
            store.subscribe(-1000000000000 - chat, "duty", None, now=T0)
            store.subscribe(-1000000000000 - chat, "daily-tip", dt.time(8, 30), now=T0)


def rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


SUBS = "SELECT chat_id, reminder_id, time, enabled, created FROM subscriptions ORDER BY 1, 2"


def test_a_backup_taken_during_a_broadcast_is_whole_and_holds_every_subscription(tmp_path):
    db = tmp_path / "var" / "bot.sqlite3"
    subscribed(db, range(800))
    before = rows(db, SUBS)
    store = Store(db)  # the running bot's connection
    stop = threading.Event()
    written = {"claims": 0, "subscriptions": 0}

    def broadcast():  # claims and confirmations as fast as they go, and new groups subscribing
        i = 0
        while not stop.is_set():
            key = DeliveryKey("duty", -1000000000000 - (i % 800), T0 + dt.timedelta(days=i // 800))
            store.claim(key, now=T0)
            store.mark_delivered(key, now=T0)
            store.subscribe(-2000000000000 - i, "duty", None, now=T0)
            written["claims"] += 1
            written["subscriptions"] += 1
            i += 1

    writer = threading.Thread(target=broadcast)
    writer.start()
    try:
        while written["claims"] < 200:  # the broadcast is well under way
            stop.wait(0.01)
        infos = [backup_database(db, tmp_path / "backups" / f"b{n}.sqlite3") for n in range(3)]
        during = written["claims"]
    finally:
        stop.set()
        writer.join(timeout=30)
        store.close()
    assert during > 200 and written["claims"] > 200
    live = set(rows(db, SUBS))
    for info in infos:
        assert info.ok and info.integrity == "ok"
        assert rows(info.path, "PRAGMA integrity_check") == [("ok",)]
        copied = rows(info.path, SUBS)
        assert set(before) <= set(copied)  # every subscription made before the backup
        assert set(copied) <= live  # and nothing that was never committed
        assert info.subscriptions == len(copied) >= 1600
        delivered = rows(info.path, "SELECT COUNT(*) FROM deliveries WHERE state = 'delivered'")[0][0]
        claimed = rows(info.path, "SELECT COUNT(*) FROM deliveries WHERE state = 'claimed'")[0][0]
        assert delivered >= 200 and claimed <= 1  # a snapshot between two transactions
        # one self-contained file, readable by its owner only
        assert rows(info.path, "PRAGMA journal_mode") == [("delete",)]
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == ["b0.sqlite3", "b1.sqlite3", "b2.sqlite3"]


def test_the_backup_command_writes_a_dated_file_into_a_folder_and_says_what_it_holds(site):
    subscribed(site / "var" / "bot.sqlite3", range(3))
    r = bot(site, "backup", str(site / "backups") + "/")
    assert r.returncode == 0, r.stderr
    [made] = list((site / "backups").iterdir())
    assert made.name.startswith("bot-") and made.suffix == ".sqlite3"
    assert r.stdout.strip() == f"backup: {made} (" + r.stdout.split(" (", 1)[1].strip()
    assert "6 subscriptions, integrity ok)" in r.stdout


def test_without_a_database_the_backup_command_says_so_exit_2(site):
    r = bot(site, "backup", str(site / "b.sqlite3"))
    assert r.returncode == 2
    assert r.stderr.strip() == f"error: {site / 'var' / 'bot.sqlite3'}: no database to back up (storage.database in the config)"


def test_keep_removes_all_but_the_newest_dated_backups(tmp_path):
    db = tmp_path / "bot.sqlite3"
    subscribed(db, range(1))
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    for day in range(1, 6):
        backup_database(db, folder, now=dt.datetime(2026, 11, day, 3, 0))
    removed = prune_backups(folder, keep=2)
    assert [p.name for p in removed] == [f"bot-202611{d:02d}-030000.sqlite3" for d in (1, 2, 3)]
    assert sorted(p.name for p in folder.iterdir()) == [
        "bot-20261104-030000.sqlite3", "bot-20261105-030000.sqlite3", "notes.txt"]


def test_a_backup_never_replaces_the_database_itself(tmp_path):
    db = tmp_path / "bot.sqlite3"
    subscribed(db, range(1))
    with pytest.raises(BackupError, match="cannot replace the database"):
        backup_database(db, db)


def _crash_after_writing(db: Path) -> None:
    """A bot killed with SIGKILL right after committing: its last transactions are only in the -wal file."""
    script = textwrap.dedent(f"""
        import datetime as dt, os, signal
        from bot.reminders.store import Store
        s = Store({str(db)!r})
        s.subscribe(-42, "duty", None, now=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)


def test_restore_puts_the_backup_in_place_and_keeps_the_previous_database(site):
    db = site / "var" / "bot.sqlite3"
    subscribed(db, range(5))
    backup = backup_database(db, site / "backups" / "good.sqlite3").path
    _crash_after_writing(db)  # later changes, partly only in the WAL
    assert (site / "var" / "bot.sqlite3-wal").stat().st_size > 0
    r = bot(site, "restore", str(backup))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"restored {db} from {backup}: ") and "10 subscriptions, integrity ok" in lines[0]
    kept = Path(lines[1].removeprefix("the previous database is kept as "))
    assert kept.name.startswith("bot.sqlite3.before-restore-")
    assert (-42, "duty") in {(c, r) for c, r, *_ in rows(kept, SUBS)}  # nothing of the old one is lost
    assert not (site / "var" / "bot.sqlite3-wal").exists()  # the stale WAL is not replayed over the backup
    with Store(db) as store:  # the bot starts on it
        assert len(store.subscriptions()) == 10
        assert store.subscription(-42, "duty") is None


def test_restore_refuses_while_the_bot_holds_the_lock_exit_2(site):
    db = site / "var" / "bot.sqlite3"
    subscribed(db, range(2))
    backup = backup_database(db, site / "b.sqlite3").path
    script = f"from bot.ops.instance import acquire_instance_lock as a; import time; a({str(db)!r}); print('ok', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert holder.stdout.readline() == "ok\n"
        r = bot(site, "restore", str(backup))
        assert r.returncode == 2
        assert r.stderr.count("\n") == 1 and f"held by pid {holder.pid}" in r.stderr
        assert not list((site / "var").glob("*.before-restore-*"))
    finally:
        holder.kill()
        holder.wait(timeout=10)
        holder.stdout.close()


def test_restore_refuses_a_damaged_or_foreign_file_and_changes_nothing(tmp_path):
    db = tmp_path / "bot.sqlite3"
    subscribed(db, range(2))
    before = db.read_bytes()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(BackupError, match="damaged, not restored"):
        restore_database(junk, db)
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE photos (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(BackupError, match="not a database of this bot"):
        restore_database(other, db)
    with pytest.raises(BackupError, match="no such backup file"):
        restore_database(tmp_path / "missing.sqlite3", db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bot.sqlite3", "junk.sqlite3", "other.sqlite3"]


def test_restore_into_an_empty_place(tmp_path):
    db = tmp_path / "bot.sqlite3"
    subscribed(db, range(1))
    backup = backup_database(db, tmp_path / "b.sqlite3").path
    fresh = tmp_path / "new" / "var" / "bot.sqlite3"
    info, kept = restore_database(backup, fresh)
    assert kept is None and info.subscriptions == 2 and inspect_database(fresh).ok
    # the lock taken by restore was released
    acquire_instance_lock(fresh).release()


def test_the_lock_error_is_the_instance_one(tmp_path):
    db = tmp_path / "bot.sqlite3"
    subscribed(db, range(1))
    backup = backup_database(db, tmp_path / "b.sqlite3").path
    with acquire_instance_lock(db), pytest.raises(InstanceLockedError):
        restore_database(backup, db)


def test_the_daily_timers_command_makes_a_dated_backup_and_keeps_30(site):
    deploy = REPO / "deploy"
    timer = (deploy / "safety-bot-backup.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* 03:15:00" in timer and "Persistent=true" in timer
    unit = (deploy / "safety-bot-backup.service").read_text(encoding="utf-8")
    [exec_start] = [line.split("=", 1)[1] for line in unit.splitlines() if line.startswith("ExecStart=")]
    argv = exec_start.split()
    assert argv[:3] == ["/opt/safety-bot/.venv/bin/python", "-m", "bot"] and argv[-2:] == ["--keep", "30"]
    # the same command on this machine: the project in `site`, the backups in site/backups
    subscribed(site / "var" / "bot.sqlite3", range(4))
    folder = site / "backups"
    folder.mkdir()
    for day in range(1, 32):
        (folder / f"bot-202610{day:02d}-031500.sqlite3").write_bytes(b"old")
    args = [a.replace("/opt/safety-bot/config.yaml", str(site / "config.yaml"))
             .replace("/var/backups/safety-bot/", str(folder) + "/") for a in argv[3:]]
    r = bot(site, *args[2:])  # bot() passes --config itself
    assert r.returncode == 0, r.stderr
    assert "8 subscriptions, integrity ok" in r.stdout.splitlines()[0]
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 30 and left[0] == "bot-20261003-031500.sqlite3"
    assert inspect_database(folder / left[-1]).subscriptions == 8


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files to another user")
def test_a_restore_run_as_root_leaves_the_files_to_the_bots_user(tmp_path):
    db = tmp_path / "var" / "bot.sqlite3"
    subscribed(db, range(1))
    backup = backup_database(db, tmp_path / "b.sqlite3").path
    nobody = 65534
    os.chown(db.parent, nobody, nobody)
    os.chown(db, nobody, nobody)
    info, kept = restore_database(backup, db)
    for path in (db, kept, db.with_name("bot.sqlite3.lock")):
        assert (path.stat().st_uid, path.stat().st_gid) == (nobody, nobody), path
