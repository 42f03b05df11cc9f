"""The real bot with the maintenance extension (outcomes, 👍/👎, /misses /stats /reload) against the fake server."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

from bot.config import Config, StorageConfig
from bot.maintenance import telegram as maintenance
from tests.botharness import bot_running
from tests.fake_bot_api import FakeBotAPI, User

ADMIN = User(918273645, "Wang Admin", "zh-hans", username="county_keeper")


def keeper_config(config: Config, tmp_path: Path, knowledge: Path | None = None) -> Config:
    """The real config with the database (and optionally the knowledge folder) in `tmp_path`."""
    changes: dict = {"storage": StorageConfig(database=str(tmp_path / "var" / "bot.sqlite3"))}
    if knowledge is not None:
        changes["knowledge_dir"] = str(knowledge)
    return dataclasses.replace(config, **changes)


@contextlib.asynccontextmanager
async def keeper_bot(cfg: Config, matcher, fake: FakeBotAPI, **changes) -> AsyncIterator:
    async with bot_running(cfg, matcher, fake, features=[maintenance.KeepersFeature()], admin_ids=(ADMIN.id,),
                           **changes) as application:
        yield application


def rows(path: Path, sql: str, *args) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        return con.execute(sql, args).fetchall()


async def wait_for_rows(path: Path, sql: str, count: int, *args, timeout: float = 5.0) -> list[tuple]:
    """The rows of `sql` once there are at least `count` (outcomes are stored just after the reply is sent)."""
    deadline = time.monotonic() + timeout
    while True:
        found = rows(path, sql, *args) if path.exists() else []
        if len(found) >= count or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.02)


def every_cell(path: Path) -> list[tuple[str, str, object]]:
    """(table, column, value) for every cell of every table of the database."""
    out = []
    with contextlib.closing(sqlite3.connect(path)) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cur = con.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cur.description]
            for row in cur:
                out.extend((table, c, v) for c, v in zip(columns, row, strict=True))
    return out
