"""systemd's notify protocol (``sd_notify``) over ``$NOTIFY_SOCKET``: a few lines, no dependency.

With ``Type=notify`` systemd waits for ``READY=1`` before it calls the service started, and with
``WatchdogSec=`` it restarts the service when no ``WATCHDOG=1`` arrives in time. Every function is a
no-op returning False when ``$NOTIFY_SOCKET`` is not set (a terminal, the tests, cron), and never
raises: a failed notification must not stop the bot.

    notify_ready()        # after start-up, once the bot is polling / listening
    notify_watchdog()     # from the heartbeat, more often than WatchdogSec (see watchdog_interval())
    notify_stopping()     # when a clean shutdown begins
    notify_status("…")    # free text shown by `systemctl status`
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("bot.ops.systemd")


def _address(environ: Mapping[str, str]) -> str | None:
    path = environ.get("NOTIFY_SOCKET", "")
    if not path:
        return None
    if path.startswith("@"):  # abstract namespace socket
        return "\0" + path[1:]
    if path.startswith("/"):
        return path
    return None  # vsock and other address families are not used by systemd for services


def notify(state: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send one notification (``"READY=1"``, ``"WATCHDOG=1"``, …); True when it was sent."""
    address = _address(os.environ if environ is None else environ)
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
        return True
    except OSError as exc:
        log.debug("sd_notify %r failed: %s", state, exc)
        return False


def notify_ready(environ: Mapping[str, str] | None = None) -> bool:
    return notify("READY=1", environ)


def notify_watchdog(environ: Mapping[str, str] | None = None) -> bool:
    return notify("WATCHDOG=1", environ)


def notify_stopping(environ: Mapping[str, str] | None = None) -> bool:
    return notify("STOPPING=1", environ)


def notify_status(text: str, environ: Mapping[str, str] | None = None) -> bool:
    return notify("STATUS=" + " ".join(text.split()), environ)


def watchdog_interval(environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds between watchdog pings that keep systemd satisfied (half of ``WatchdogSec``), or None
    when the watchdog is not enabled for this process (``$WATCHDOG_USEC`` unset, or meant for another pid)."""
    env = os.environ if environ is None else environ
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = env.get("WATCHDOG_PID", "")
    if usec <= 0 or (pid and pid != str(os.getpid())):
        return None
    return usec / 2_000_000
