"""Every rewrite the sound-typo fixer makes over the labelled questions, and whether it helps.

    .venv/bin/python tools/typo_survey.py OUT.json [--mode speech|followups|laws] [--knowledge DIR]

Each question is asked as the bot asks it; every rewrite of `Index._fix_sound_typos` (typed words →
the documents' words) is logged with the question. A question with rewrites is then asked again with
each rewrite undone alone: a rewrite is *helpful* when undoing it loses the right answer, *harmful* when
undoing it gains it, *neutral* otherwise. A developer's tool (not run by the tests).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.score import _files  # noqa: E402

_log: list[tuple[str, str]] = []
_blocked: set[tuple[str, str]] = set()


def _patch() -> None:
    from bot.qa.index import Index

    fix = Index._fix_sound_typos

    def logged(self, words, situation=False):
        out = fix(self, words, situation)
        if out == words:
            return out
        kept: list[str] = []
        for op, a, b, c, d in difflib.SequenceMatcher(None, words, out, autojunk=False).get_opcodes():
            before, after = " ".join(words[a:b]), " ".join(out[c:d])
            if op == "equal":
                kept.extend(out[c:d])
            elif (before, after) in _blocked:
                kept.extend(words[a:b])
            else:
                _log.append((before, after))
                kept.extend(out[c:d])
        return kept

    def parse(self, question):  # no cache: each ask logs its own rewrites
        return self._parse(question)

    Index._fix_sound_typos = logged
    Index.parse = parse


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--mode", default="speech", choices=["speech", "followups", "laws"])
    ap.add_argument("--knowledge")
    args = ap.parse_args(argv)
    _patch()
    from bot.qa.evaluate import conversation, judge, load_questions
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    if args.knowledge:
        matcher = Matcher(load_knowledge(Path(args.knowledge)))
    else:
        from tests.helpers_core import shipped_matcher
        matcher = shipped_matcher()
    converse = conversation(matcher)

    def run(q) -> bool:
        if q.first:
            return judge(q, converse(q.first, q.question)[1]).correct
        return judge(q, matcher.ask(q.question)).correct

    rows = []
    for path in _files(args.mode):
        for q in load_questions(path):
            _log.clear()
            ok = run(q)
            rewrites = list(dict.fromkeys(_log))
            for r in rewrites:
                _blocked.add(r)
                _log.clear()
                undone = run(q)
                _blocked.discard(r)
                verdict = "neutral" if undone == ok else ("helpful" if ok else "harmful")
                rows.append({"id": f"{path.stem}:{q.id}",
                             "category": q.category, "q": (q.first + " → " if q.first else "") + q.question,
                             "typed": r[0], "fix": r[1], "ok": ok, "undone_ok": undone, "verdict": verdict})
    Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    for r in rows:
        print(f"{r['verdict']:<8} {'ok ' if r['ok'] else 'BAD'} {r['id']:<32} {r['typed']} → {r['fix']}   [{r['category']}] {r['q']}")
    print(f"{args.mode}: {len(rows)} rewrites in {len({r['id'] for r in rows})} questions; {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
