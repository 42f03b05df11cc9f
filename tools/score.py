"""Score every labelled question set and keep each question's outcome, so two versions can be compared.

    .venv/bin/python tools/score.py OUT.json                      # speech sets (tests/data/questions_*.jsonl + dev)
    .venv/bin/python tools/score.py OUT.json --mode followups     # tests/data/followups_*.jsonl
    .venv/bin/python tools/score.py OUT.json --mode laws --knowledge /tmp/laws   # laws_blind_* over a library
    .venv/bin/python tools/score.py --diff BEFORE.json AFTER.json # what changed, question by question

A developer's tool (not run by the tests): the per-question record is what `python -m bot eval` prints only
for failures. Build a law library with ``benchmarks/laws.py --work DIR``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"
DEV = ROOT.parent / "shared" / "eval" / "questions.jsonl"


def _files(mode: str) -> list[Path]:
    if mode == "speech":
        return [*sorted(DATA.glob("questions_*.jsonl")), DEV]
    if mode == "followups":
        return sorted(DATA.glob("followups_*.jsonl"))
    return [*sorted(DATA.glob("laws_blind_*.jsonl")), DEV]


def score(out: Path, mode: str, knowledge: str | None, files: list[str] | None) -> None:
    from bot.qa.evaluate import conversation, evaluate, load_questions
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    if knowledge:
        matcher = Matcher(load_knowledge(Path(knowledge)))
    else:
        from tests.helpers_core import shipped_matcher
        matcher = shipped_matcher()
    record: dict[str, dict] = {}
    totals = []
    for path in [Path(f) for f in files] if files else _files(mode):
        report = evaluate(load_questions(path), matcher.ask, conversation(matcher))
        inscope = [o for o in report.outcomes if o.item.expect != "no_answer"]
        oos = [o for o in report.outcomes if o.item.expect == "no_answer"]
        totals.append((path.name, sum(o.correct for o in inscope), len(inscope),
                       sum(o.correct for o in oos), len(oos)))
        for o in report.outcomes:
            best = o.result.answers[0] if o.result.answers else None
            record[f"{path.stem}:{o.item.id}"] = {
                "ok": o.correct, "status": o.result.status, "q": o.item.question,
                "got": f"{best.id} {best.text[:50]}" if best else "",
            }
    out.write_text(json.dumps(record, ensure_ascii=False, indent=0), encoding="utf-8")
    for name, a, n, r, m in totals:
        print(f"{name:<36} in scope {a}/{n}  rejected {r}/{m}")
    ok = sum(v["ok"] for v in record.values())
    print(f"all: {ok}/{len(record)} (in scope {sum(t[1] for t in totals)}/{sum(t[2] for t in totals)}, "
          f"rejected {sum(t[3] for t in totals)}/{sum(t[4] for t in totals)})")


def diff(a: Path, b: Path) -> None:
    old = json.loads(a.read_text(encoding="utf-8"))
    new = json.loads(b.read_text(encoding="utf-8"))
    gained = [k for k in new if new[k]["ok"] and not old.get(k, {}).get("ok")]
    lost = [k for k in new if not new[k]["ok"] and old.get(k, {}).get("ok")]
    for k in lost:
        print(f"- {k} {new[k]['q']} → {new[k]['status']} {new[k]['got']}")
    for k in gained:
        print(f"+ {k} {new[k]['q']}")
    print(f"+{len(gained)} -{len(lost)}  ({sum(v['ok'] for v in old.values())} → {sum(v['ok'] for v in new.values())})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", nargs="?")
    ap.add_argument("--mode", choices=("speech", "followups", "laws"), default="speech")
    ap.add_argument("--knowledge", help="a knowledge folder other than the shipped one (laws mode needs one)")
    ap.add_argument("--files", nargs="*", help="score these files instead of the mode's sets")
    ap.add_argument("--diff", nargs=2, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args(argv)
    if args.diff:
        diff(Path(args.diff[0]), Path(args.diff[1]))
        return 0
    if not args.out:
        ap.error("OUT.json is needed (or --diff BEFORE AFTER)")
    score(Path(args.out), args.mode, args.knowledge, args.files)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
