"""One bot per database: a second process is refused within 2 s, naming the holder; a killed holder
leaves no stale lock. And Telegram's 409 Conflict becomes one plain log line, not one per poll."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.ops.conflict import ConflictReporter, conflict_message, is_conflict
from bot.ops.instance import InstanceLockedError, acquire_instance_lock, lock_path_for, read_holder_pid

REPO = Path(__file__).resolve().parents[1]


def _wrapper(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot.ops.instance", str(db), *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


@pytest.fixture
def holder(tmp_path):
    """A separate process holding the lock of tmp_path/var/bot.sqlite3."""
    db = tmp_path / "var" / "bot.sqlite3"
    proc = subprocess.Popen(_wrapper(db, "--hold", "60"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=_env())
    line = proc.stdout.readline()  # printed once the lock is held
    assert line.startswith("locked "), line + proc.stderr.read()
    yield db, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()


def test_a_second_process_on_the_same_database_exits_2_within_2_s_naming_the_holder(holder):
    db, proc = holder
    started = time.monotonic()
    second = subprocess.run(_wrapper(db), capture_output=True, text=True, timeout=30, env=_env())
    elapsed = time.monotonic() - started
    assert second.returncode == 2
    assert elapsed < 2.0  # interpreter start-up included; the lock itself is not waited for
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert f"held by pid {proc.pid}" in lines[0] and str(db) in lines[0]
    assert "Traceback" not in second.stderr


def test_the_refusal_itself_is_immediate(holder):
    db, proc = holder
    started = time.monotonic()
    with pytest.raises(InstanceLockedError) as info:
        acquire_instance_lock(db)
    assert time.monotonic() - started < 2.0
    assert info.value.holder_pid == proc.pid
    assert "\n" not in str(info.value)


def test_a_holder_killed_with_sigkill_leaves_no_stale_lock(holder):
    db, proc = holder
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert read_holder_pid(lock_path_for(db)) == proc.pid  # the file still names the dead process…
    lock = acquire_instance_lock(db)  # …but the kernel released the lock with it
    try:
        assert read_holder_pid(lock.path) == os.getpid()
    finally:
        lock.release()


def test_the_lock_file_sits_beside_the_database_and_holds_the_pid(tmp_path):
    db = tmp_path / "new" / "bot.sqlite3"
    with acquire_instance_lock(db) as lock:
        assert lock.path == tmp_path / "new" / "bot.sqlite3.lock"
        assert lock.path.read_text().strip() == str(os.getpid())
        with pytest.raises(InstanceLockedError, match=f"held by pid {os.getpid()}"):
            acquire_instance_lock(db)  # flock conflicts between two opens even in one process
    again = acquire_instance_lock(db)  # released on leaving the block
    again.release()
    again.release()  # twice is harmless


def test_the_lock_is_kept_when_the_caller_drops_the_returned_object(tmp_path):
    db = tmp_path / "bot.sqlite3"
    acquire_instance_lock(db)  # return value dropped, as `run` may do
    import gc

    gc.collect()
    with pytest.raises(InstanceLockedError):
        acquire_instance_lock(db)
    from bot.ops import instance

    for lock in list(instance._HELD):
        if lock.db_path == db:
            lock.release()


def test_another_database_is_not_blocked(holder, tmp_path):
    with acquire_instance_lock(tmp_path / "other.sqlite3"):
        pass


# ----- 409 Conflict -----
def _conflict(text="Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"):
    from telegram.error import Conflict

    return Conflict(text)


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_run_of_conflicts_is_one_plain_log_line(caplog):
    clock = _Clock()
    reporter = ConflictReporter(repeat_seconds=3600, clock=clock)
    with caplog.at_level(logging.INFO, logger="bot.ops.conflict"):
        for _ in range(200):  # a poll every few seconds for a while
            assert reporter.handle(_conflict()) is True
            clock.now += 5
    records = [r for r in caplog.records if r.name == "bot.ops.conflict"]
    assert len(records) == 1
    line = records[0].getMessage()
    assert "409 Conflict" in line and "another process is polling with the same bot token" in line
    assert records[0].exc_info is None and "\n" not in line
    assert reporter.active and reporter.count == 200


def test_a_long_conflict_is_reported_again_hourly_with_the_count(caplog):
    clock = _Clock()
    reporter = ConflictReporter(repeat_seconds=3600, clock=clock)
    with caplog.at_level(logging.WARNING, logger="bot.ops.conflict"):
        for _ in range(3 * 720 + 1):  # three hours, one poll every 5 s
            reporter.handle(_conflict())
            clock.now += 5
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 4
    assert lines[1].endswith("(719 more since the last report)")


def test_clear_says_polling_works_again_once(caplog):
    reporter = ConflictReporter(clock=_Clock())
    reporter.clear()  # nothing happened: nothing logged
    reporter.handle(_conflict())
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="bot.ops.conflict"):
        reporter.clear()
        reporter.clear()
    assert [r.getMessage() for r in caplog.records] == ["Telegram accepts polling again after 1 conflict(s)"]
    assert not reporter.active


def test_other_errors_are_left_to_the_caller():
    from telegram.error import NetworkError, TimedOut

    reporter = ConflictReporter()
    for exc in (NetworkError("Bad Gateway"), TimedOut(), ValueError("x"), None):
        assert reporter.handle(exc) is False
    assert not reporter.active


def test_a_conflict_wrapped_in_another_exception_is_recognised():
    try:
        try:
            raise _conflict()
        except Exception as inner:
            raise RuntimeError("polling failed") from inner
    except RuntimeError as outer:
        assert is_conflict(outer)


def test_a_webhook_conflict_says_so():
    msg = conflict_message(_conflict("Conflict: can't use getUpdates method while webhook is active; "
                                     "use deleteWebhook to delete the webhook first"))
    assert "a webhook is set for this bot token" in msg


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to run as another user")
def test_a_lock_file_left_by_root_gives_the_bots_user_one_plain_line():
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="lock", dir="/tmp"))  # pytest's tmp_path is root's only
    try:
        os.chmod(folder, 0o777)
        acquire_instance_lock(folder / "bot.sqlite3").release()  # root's file, mode 0644
        code = "import sys; from bot.ops.instance import main; sys.exit(main([sys.argv[1]]))"
        r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c",
                            code, str(folder / "bot.sqlite3")], capture_output=True, text=True, timeout=30, env=_env())
    finally:
        shutil.rmtree(folder)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"error: cannot open the lock file {folder / 'bot.sqlite3.lock'}: permission denied")
    assert r.stderr.count("\n") == 1
