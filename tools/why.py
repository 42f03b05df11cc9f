"""Why a question got its answer: the parsed concepts, the decision signals and the top candidates.

    .venv/bin/python tools/why.py "问题" [--knowledge DIR] [-n 6]

A developer's tool (not run by the tests).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("question")
    ap.add_argument("--knowledge")
    ap.add_argument("-n", type=int, default=6)
    args = ap.parse_args(argv)
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    if args.knowledge:
        m = Matcher(load_knowledge(Path(args.knowledge)))
    else:
        from tests.helpers_core import shipped_matcher
        m = shipped_matcher()
    r = m.ask(args.question)
    print(f"status {r.status}")
    for a in r.answers[:3]:
        print(f"  answer {a.id}: {a.text[:90]}")
    for s in r.suggestions[:3]:
        print(f"  suggest {s.question}")
    q = m.index.parse(args.question)
    print(f"normalized: {q.normalized}")
    for c in q.concepts:
        flags = "".join(f for f, on in (("K", c.known), ("S", c.situation), ("B", c.bridged)) if on)
        print(f"  {c.surface:<8} w={c.weight:.2f} {flags:<3} alt={'/'.join(c.alternatives[:5])}"
              f"{' parts=' + '/'.join(c.parts) if c.parts else ''}{' lex=' + '/'.join(c.lexicon[:5]) if c.lexicon else ''}")
    print(f"foreign topics: {m.foreign_topics(args.question)}")
    an = m.analyse(q)
    print(f"probability {an.probability:.3f}  form {an.form}")
    print("signals " + " ".join(f"{k}={v:.2f}" for k, v in an.signals.items() if v))
    for c in an.candidates[:args.n]:
        text = m.kb.sentences[c.sentence_ids[0]].text[:60] if c.sentence_ids and c.sentence_ids[0] in m.kb.sentences else c.key
        top = " ".join(f"{k}={v:.2f}" for k, v in sorted(c.signals.items(), key=lambda kv: -abs(kv[1]))[:6] if v)
        print(f"  {c.score:6.3f} {c.key} {c.entry_id or ''} {text}\n         {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
