"""Run every benchmark script in benchmarks/ and print their output (`make bench`).

The known benchmarks run first, in this order, each only if its file is present: matcher.py,
bot_roundtrip.py, broadcast.py. Any other ``benchmarks/*.py`` (not starting with ``_``, not this file)
runs after them, in name order. Each script runs with this interpreter, from the repository root,
with its default arguments; its output is streamed as it comes.

    python benchmarks/run_all.py                 # all of them
    python benchmarks/run_all.py matcher         # only these (names with or without .py)
    python benchmarks/run_all.py --list          # what would run

Exit status: 0 when every script exited 0, else 1 (a benchmark missing a target is not a failure
unless the script itself says so).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
KNOWN = ("matcher.py", "bot_roundtrip.py", "broadcast.py")


def discover() -> list[str]:
    present = {f for f in os.listdir(BENCH_DIR)
               if f.endswith(".py") and not f.startswith("_") and f != os.path.basename(__file__)}
    return [f for f in KNOWN if f in present] + sorted(present - set(KNOWN))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Run every benchmark script in benchmarks/.")
    p.add_argument("only", nargs="*", help="run only these scripts (e.g. matcher or matcher.py)")
    p.add_argument("--list", action="store_true", help="print the scripts that would run, and stop")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per script (default: 1800)")
    args = p.parse_args(argv)

    scripts = discover()
    if args.only:
        wanted = [n if n.endswith(".py") else f"{n}.py" for n in args.only]
        missing = [n for n in wanted if n not in scripts]
        for n in missing:
            print(f"run_all: skipping {n}: not in benchmarks/", file=sys.stderr)
        scripts = [s for s in scripts if s in wanted]
    if args.list:
        print("\n".join(scripts))
        return 0
    skipped = [k for k in KNOWN if k not in scripts and not args.only]
    if skipped:
        print(f"run_all: not present yet, skipped: {', '.join(skipped)}", flush=True)

    failed = []
    for script in scripts:
        cmd = [sys.executable, os.path.join("benchmarks", script)]
        print(f"\n===== {script}  ({' '.join(cmd)}) =====", flush=True)
        t0 = time.perf_counter()
        try:
            rc = subprocess.run(cmd, cwd=REPO, timeout=args.timeout, check=False).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
        took = time.perf_counter() - t0
        print(f"===== {script}: exit {rc} after {took:.1f} s =====", flush=True)
        if rc != 0:
            failed.append(script)
    if failed:
        print(f"\nrun_all: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
