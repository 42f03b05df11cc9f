"""`GET /healthz` beside the webhook: what `python -m bot health` says, for a load balancer or a monitor.

In webhook mode the bot listens for Telegram behind a reverse proxy; the proxy (or a monitor) asks
`http://<webhook.listen>:<webhook.health_port>/healthz` and gets 200 with the one health line while the
heartbeat is fresh, 503 otherwise. A separate small listener (asyncio, no framework) keeps it apart
from python-telegram-bot's webhook server, whose routes are not meant to be extended.
"""

from __future__ import annotations

import asyncio
import logging

from telegram.ext import Application

from bot.ops.health import check_health
from bot.telegram_app.contract import BotState

log = logging.getLogger(__name__)


class HealthEndpoint:
    """A feature: in webhook mode, `/healthz` on `telegram.webhook.health_port` (0 turns it off)."""

    name = "healthz"

    def __init__(self) -> None:
        self.server: asyncio.AbstractServer | None = None
        self.state: BotState | None = None

    def install(self, application: Application, state: BotState) -> None:
        self.state = state
        webhook = state.config.telegram.webhook
        if state.config.telegram.mode == "webhook" and webhook.health_port:
            state.on_start.append(self.start)
            state.on_shutdown.append(self.stop)

    async def start(self, application: Application) -> None:
        webhook = self.state.config.telegram.webhook
        self.server = await asyncio.start_server(self._serve, webhook.listen, webhook.health_port)
        log.info("health check on http://%s:%d/healthz", webhook.listen, webhook.health_port)

    async def stop(self, application: Application) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), 5)
            parts = request.decode("latin-1").split()
            while (await asyncio.wait_for(reader.readline(), 5)).strip():  # the headers, unread
                pass
            if len(parts) >= 2 and parts[0] in ("GET", "HEAD") and parts[1].split("?")[0] == "/healthz":
                cfg = self.state.config
                health = await asyncio.to_thread(check_health, cfg.database_path, cfg.knowledge_path)
                status, body = ("200 OK" if health.ok else "503 Service Unavailable"), health.line()
            else:
                status, body = "404 Not Found", "only /healthz here"
            payload = (body + "\n").encode("utf-8")
            head = (f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode("ascii")
            writer.write(head + (payload if parts[:1] != ["HEAD"] else b""))
            await writer.drain()
        except (asyncio.TimeoutError, ConnectionError, UnicodeError):
            pass
        finally:
            writer.close()
