"""Bot round trip: questions from simulated users through the fake Bot API to the real Application.

Measures the time from an update being queued at the fake server to the bot's reply arriving there
(long poll → handler → matcher → render → sendMessage), with the rate limiter off, in two ways:

* paced: `--users` users, each pausing a random think time (exponential, mean `--think` seconds)
  before its next question: the load a busy county group chat might produce;
* saturated: the same users with no think time, each sending its next question as soon as it has
  the answer (measures throughput; latency is then mostly queueing behind the other users);
* one at a time: the same questions from one user, no queueing at all.

By default the bot runs as deployed, `python -m bot run` in its own process (config: the project's,
with the rate limiter off and logging at WARNING), pointed at the fake server in this process through
TELEGRAM_API_BASE_URL; its peak memory is the process's peak resident set (VmHWM). `--same-loop`
runs the Application in the benchmark's own event loop instead (fake server and bot share one CPU).
Everything stays on 127.0.0.1; no traffic leaves the machine.

    .venv/bin/python benchmarks/bot_roundtrip.py [--questions 1000] [--users 50] [--think 0.5] [--same-loop]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import platform
import random
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from bot.config import load_config  # noqa: E402
from bot.qa.matcher import Matcher  # noqa: E402
from tests.botharness import TEST_TOKEN, bot_running  # noqa: E402
from tests.fake_bot_api import FakeBotAPI, User  # noqa: E402


def question_pool(kb) -> list[str]:
    """Curated questions and their alternates, plus a few the speech does not cover."""
    pool = [q for e in kb.qa for q in (e.question, *e.alternates)]
    pool += ["今天天气怎么样", "食堂几点开饭", "What does the speech say about fire safety?", "隐患"]
    return pool


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


async def drive(fake: FakeBotAPI, questions: list[str], users: int, think: float = 0.0,
                seed: int = 1) -> tuple[list[float], float]:
    """Send the questions from `users` users, each waiting for its answer and then `think` seconds on
    average; return latencies (ms) and wall time."""
    per_user = [questions[i::users] for i in range(users)]
    latencies: list[float] = []
    rng = random.Random(seed)

    async def user_loop(n: int, mine: list[str]) -> None:
        user = User(900_000 + n, f"user{n}", "zh-hans")
        for text in mine:
            if think:
                await asyncio.sleep(rng.expovariate(1 / think))
            since = len(fake.sent_to(user.id))
            update_id = fake.private_message(text, user=user)
            [reply, *_] = await fake.replies(user.id, since=since, timeout=30)
            latencies.append((reply.received_at - fake.injected_at[update_id]) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(user_loop(n, mine) for n, mine in enumerate(per_user)))
    return latencies, time.perf_counter() - started


def summary(name: str, latencies: list[float], wall: float) -> str:
    return (f"{name:<22} n={len(latencies):>5}  median {statistics.median(latencies):6.2f} ms  "
            f"p99 {percentile(latencies, 99):6.2f} ms  max {max(latencies):6.2f} ms  "
            f"throughput {len(latencies) / wall:6.0f}/s")


def vm_hwm_mib(pid: int) -> float:
    """Peak resident set size of a process (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextlib.asynccontextmanager
async def bot_process(fake: FakeBotAPI, workdir: Path):
    """`python -m bot run` in a child process, rate limiter off, talking to the fake server."""
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("rate_limiter: true", "rate_limiter: false").replace("log_level: INFO", "log_level: WARNING")
    text = text.replace("knowledge_dir: knowledge", f"knowledge_dir: {json.dumps(str(ROOT / 'knowledge'))}")
    cfg_path = workdir / "config.yaml"
    cfg_path.write_text(text, encoding="utf-8")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "--config", str(cfg_path), "run",
                                                cwd=str(ROOT), env=env)
    try:
        while not any(method == "getUpdates" for method, _p, _t in fake.calls):  # started polling
            if proc.returncode is not None:
                raise SystemExit(f"the bot exited with code {proc.returncode}")
            await asyncio.sleep(0.05)
        yield proc
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), 30)


async def main(n_questions: int, users: int, think: float, same_loop: bool) -> None:
    cfg = load_config(ROOT / "config.yaml", environ={})
    matcher = Matcher.from_config(cfg)
    pool = question_pool(matcher.kb)
    questions = list(itertools.islice(itertools.cycle(pool), n_questions))
    fake = await FakeBotAPI().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            if same_loop:
                rss_before = psutil.Process().memory_info().rss
                runner = bot_running(cfg, matcher, fake)
            else:
                runner = bot_process(fake, Path(tmp))
            async with runner as running:
                await drive(fake, questions[:50], 5)  # warm up connections and caches
                paced, wall_p = await drive(fake, questions, users, think)
                concurrent, wall_c = await drive(fake, questions, users)
                sequential, wall_s = await drive(fake, questions, 1)
                if same_loop:
                    memory = (f"peak RSS of the whole process (bot + fake server + users): "
                              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB "
                              f"(it held {rss_before / 2**20:.0f} MiB before the bot started)")
                else:
                    memory = f"peak RSS of the bot process: {vm_hwm_mib(running.pid):.0f} MiB"
    finally:
        await fake.stop()
    where = "same event loop as the fake server" if same_loop else "python -m bot run in its own process"
    print(f"$ {Path(sys.executable).name} benchmarks/bot_roundtrip.py --questions {n_questions} --users {users} "
          f"--think {think}" + (" --same-loop" if same_loop else ""))
    print(f"python {platform.python_version()}, {platform.machine()}, {psutil.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}; bot: {where}; rate limiter off; "
          f"{len(pool)} distinct questions cycled")
    print(summary(f"paced (think {think}s)", paced, wall_p))
    print(summary("saturated", concurrent, wall_c))
    print(summary("one at a time", sequential, wall_s))
    print(memory)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=0.5, help="mean pause of a user between questions (s)")
    parser.add_argument("--same-loop", action="store_true", help="run the bot in this process's event loop")
    args = parser.parse_args()
    asyncio.run(main(args.questions, args.users, args.think, args.same_loop))
