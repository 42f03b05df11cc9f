"""End-to-end through `python -m bot run` (issue 11): /reload covers reminders.yaml, and a broken
knowledge folder at start serves the last good copy, loudly, until it is fixed."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import yaml

from tests.botharness import TEST_TOKEN, spawn_bot
from tests.fake_bot_api import User

ROOT = Path(__file__).resolve().parents[1]
KEEPER = User(918273646, "Keeper", "zh-hans")


def setup(tmp_path: Path) -> tuple[Path, Path]:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["knowledge_dir"] = str(knowledge)
    (tmp_path / "var").mkdir(exist_ok=True)  # an absolute storage folder must exist
    data["storage"] = {"database": str(tmp_path / "var" / "bot.sqlite3")}
    data["telegram"]["admin_ids"] = [KEEPER.id]
    cfg_path = tmp_path / "config.yaml"
    cfg_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return cfg_path, knowledge / "reminders.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def ask(fake, text: str) -> str:
    since = len(fake.sent_to(KEEPER.id))
    fake.private_message(text, user=KEEPER)
    replies = await fake.replies(KEEPER.id, since=since, timeout=60, settle=0.1)
    return "\n".join(r.text for r in replies)


async def stop(proc, log: Path) -> str:
    proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(proc.wait(), 15)
    assert proc.returncode == 0, log.read_text()[-3000:]
    return log.read_text()


def check(cfg_path: Path) -> int:
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(cfg_path), "check"], cwd=ROOT,
                          capture_output=True, env={"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN": TEST_TOKEN},
                          timeout=120).returncode


async def test_reload_rebuilds_the_reminders_and_a_broken_folder_at_start_serves_the_last_good_copy(fake, tmp_path):
    cfg_path, reminders = setup(tmp_path)
    log = tmp_path / "bot.log"
    with log.open("ab") as out:
        proc = await spawn_bot(fake, cfg_path, output=out)
    assert "值班" in await ask(fake, "/subscribe duty")
    assert (tmp_path / "var" / "last-good-knowledge" / "reminders.yaml").is_file()  # kept at start

    edit(reminders, 'time: "08:30"', 'time: "07:15"')  # this year's new duty time
    reloaded = await ask(fake, "/reload")
    assert "reminders.yaml: 5 reminders" in reloaded and "jobs rebuilt" in reloaded
    assert "工作日 07:15" in await ask(fake, "/reminders")

    edit(reminders, "county-safety-2023/p3.3.s3", "county-safety-2023/p99.s1")  # a quote that does not exist
    refused = await ask(fake, "/reload")
    assert "没有重新读取" in refused and "reminders.yaml" in refused
    assert "工作日 07:15" in await ask(fake, "/reminders")  # the old catalog keeps running
    await stop(proc, log)

    # the next start with the broken file: serves the last good copy instead of exiting
    with log.open("ab") as out:
        proc = await spawn_bot(fake, cfg_path, output=out)
    assert "工作日 07:15" in await ask(fake, "/reminders")
    refused = await ask(fake, "/reload")
    assert "正在使用上次可用的副本" in refused
    assert check(cfg_path) == 1  # check fails until the folder is fixed

    edit(reminders, "county-safety-2023/p99.s1", "county-safety-2023/p3.3.s3")
    edit(reminders, 'time: "07:15"', 'time: "07:40"')
    reloaded = await ask(fake, "/reload")
    assert "知识库已重新读取" in reloaded and "副本" not in reloaded
    assert "工作日 07:40" in await ask(fake, "/reminders")
    assert check(cfg_path) == 0
    logs = await stop(proc, log)
    assert "THE KNOWLEDGE FOLDER" in logs and "SERVING THE LAST GOOD COPY" in logs
