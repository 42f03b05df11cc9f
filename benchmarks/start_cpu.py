"""Benchmark: start-up to the first answer in CPU time, which a busy machine inflates far less than wall time.

Each run is a fresh process (`python -c`, in the repository) that imports the config and the matcher, gets the
matcher of config.yaml's knowledge (`Matcher.from_config`: the prepared index, built by an untimed first run)
and answers one question, then reports its own CPU split (imports / prepared index / first answer) and VmHWM;
the parent adds the whole process's CPU (user + system, `os.wait4`). Minimum and median of ``--runs``, twice:

* ``no .pyc``: with PYTHONDONTWRITEBYTECODE=1 (the environment of these sessions: every start compiles the
  core's source), unless ``--no-env`` — the variable as the caller has it;
* ``.pyc``: bytecode written once into a private PYTHONPYCACHEPREFIX and read after (a deployment).

Usage (from anywhere): .venv/bin/python benchmarks/start_cpu.py [--runs 6] [--question Q] [--dev]
``--dev`` also answers the development questions before reporting (the peak after them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV = os.path.join(os.path.dirname(REPO), "shared", "eval", "questions.jsonl")

_CHILD = """\
import time; t0 = time.process_time()
import json
from bot.config import load_config
from bot.qa.matcher import Matcher
t1 = time.process_time()
m = Matcher.from_config(load_config('config.yaml'))
t2 = time.process_time()
m.ask({question!r})
t3 = time.process_time()
if {dev!r}:
    from bot.qa.evaluate import load_questions
    for item in load_questions({dev_path!r}):
        m.ask(item.question)
hwm = next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM:'))
print('CHILD', json.dumps(dict(imports=t1 - t0, prepared=t2 - t1, first_answer=t3 - t2, peak_mib=hwm / 1024)))
"""


def run(code: str, env: dict) -> dict:
    p = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, text=True, env=env)
    out = p.stdout.read() if p.stdout else ""
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or "CHILD " not in out:
        raise RuntimeError(f"the child failed:\n{out}")
    row = json.loads(out.split("CHILD ", 1)[1])
    row["process"] = usage.ru_utime + usage.ru_stime
    return row


def _fmt(rows: list[dict], key: str, unit: str = "s") -> str:
    values = sorted(r[key] for r in rows)
    return f"{key} {values[0]:.3f} / {statistics.median(values):.3f} {unit}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--question", default="建筑施工安全有什么要求")
    ap.add_argument("--dev", action="store_true")
    ap.add_argument("--no-env", action="store_true", help="leave PYTHONDONTWRITEBYTECODE as it is for 'no .pyc'")
    args = ap.parse_args()
    code = _CHILD.format(question=args.question, dev=args.dev, dev_path=DEV)
    base = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="start-cpu-pyc.") as pyc:
        envs = {
            "no .pyc": base if args.no_env else {**base, "PYTHONDONTWRITEBYTECODE": "1"},
            ".pyc": {**{k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPYCACHEPREFIX": pyc},
        }
        print(f"load average {os.getloadavg()[0]:.2f}; {args.runs} runs each, after one untimed; CPU seconds, min / median")
        for name, env in envs.items():
            run(code, env)
            rows = [run(code, env) for _ in range(args.runs)]

            print(f"{name:8} {_fmt(rows, 'process')}  {_fmt(rows, 'imports')}  {_fmt(rows, 'prepared')}  "
                  f"{_fmt(rows, 'first_answer')}  {_fmt(rows, 'peak_mib', 'MiB')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
