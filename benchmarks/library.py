"""Benchmark: the matcher over a library of 1, 10, 100 and 1,000 documents, beside SQLite FTS5 (issue 12).

For each size N: a temporary knowledge folder holding the shipped speech (and the shared dictionaries)
plus the first N-1 laws of ``../shared/corpus/laws/`` (sorted by file name) imported with the importer's
own functions (`bot.qa.importer.import_document`, no check). Laws are imported once into a pool and the
folders of every size link to them.

Systems, each in a fresh process per measurement (so peak memory is its own):

* ``matcher``  `bot.qa.matcher.Matcher` over `load_knowledge(folder)` with config.yaml's matcher settings.
* ``fts5``     SQLite FTS5 (standard library ``sqlite3``, in memory) over the same sentences (corrected,
               normalised text): every sentence stored as its overlapping character bigrams (unicode61
               tokens); a question is the OR of its own bigrams (CJK runs, and Latin words as they are),
               ranked by ``bm25()``; the best sentence is quoted, ``no_answer`` only when nothing
               matches (no cutoff: out-of-scope questions count against it).

Measured per size and system:

* **first start**: process start to the first answer when the machine-wide caches of that knowledge do
  not exist yet (the run that builds them: jieba's filtered dictionary, and the prepared index,
  `bot.qa.prepared`, where the code has one), and **start**: the same with the caches in place (median
  of ``--cold-runs``); the clock starts before the spawn and stops when the child prints its first
  answer. The child reports its own split (imports / load knowledge / build / first answer; with a
  prepared index, loading it is all "build");
* per question: one untimed pass over the development questions (scored by `bot.qa.evaluate.judge`, the
  rule of ``python -m bot eval``), then ``--passes`` timed passes: p50 and p99 (nearest rank) of the wall
  time of one ``ask``;
* **peak memory**: the child's VmHWM after all of it (/proc/self/status);
* **accuracy** on the development questions (all of them are about the speech).

Usage (from the repository):
    .venv/bin/python benchmarks/library.py [--sizes 1,10,100,1000] [--passes N] [--cold-runs N]
        [--systems matcher,fts5] [--questions FILE] [--work DIR] [--json]

``--work DIR`` keeps the imported pool (and the knowledge folders) there between runs; by default a
temporary folder is used and removed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LAWS = REPO.parent / "shared" / "corpus" / "laws"
DEFAULT_QUESTIONS = REPO.parent / "shared" / "eval" / "questions.jsonl"
SPEECH = "county-safety-2023"
COLD_QUESTION = "建筑施工安全有什么要求"


# --------------------------------------------------------------------------------------------------
# Knowledge folders
# --------------------------------------------------------------------------------------------------

def import_pool(work: Path, count: int) -> list[Path]:
    """The first `count` laws (by file name) imported into work/pool, once; their folders."""
    sys.path.insert(0, str(REPO))
    from bot.errors import UserFacingError
    from bot.qa.importer import import_document

    pool = work / "pool"
    pool.mkdir(parents=True, exist_ok=True)
    done = work / "pool.json"
    folders: list[str] = json.loads(done.read_text()) if done.exists() else []
    if len(folders) >= count:
        return [pool / f for f in folders[:count]]
    folders = []
    for i, law in enumerate(sorted(LAWS.glob("*.md"))):
        if len(folders) >= count:
            break
        try:
            imported = import_document(law, pool, f"law-{i:04d}", force=True)
        except UserFacingError:
            continue
        folders.append(imported.folder.name)
    done.write_text(json.dumps(folders))
    return [pool / f for f in folders]


def library(work: Path, n: int, laws: list[Path]) -> Path:
    """work/kN: the shipped knowledge folder's files and speech plus n-1 laws (symbolic links)."""
    root = work / f"k{n}" / "knowledge"
    if root.exists():
        shutil.rmtree(root.parent)
    root.mkdir(parents=True)
    shipped = REPO / "knowledge"
    for item in shipped.iterdir():
        if item.is_file() and item.name != "reminders.yaml":
            (root / item.name).symlink_to(item)
    (root / SPEECH).symlink_to(shipped / SPEECH, target_is_directory=True)
    for folder in laws[: n - 1]:
        (root / folder.name).symlink_to(folder, target_is_directory=True)
    return root


# --------------------------------------------------------------------------------------------------
# The child: build one system, answer, time the questions, report
# --------------------------------------------------------------------------------------------------

class FTS5:
    """SQLite FTS5 over character bigrams of the corrected, normalised sentences."""

    def __init__(self, kb):
        import re
        import sqlite3

        from bot.qa.text import normalise

        self.kb = kb
        self._norm = normalise
        self._cjk = re.compile(r"[\u3400-\u9fff]+|[0-9a-z]+")
        self.ids = list(kb.sentences)
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE s USING fts5(t, tokenize='unicode61')")
        self.db.executemany("INSERT INTO s(rowid, t) VALUES (?, ?)",
                            ((i, " ".join(self.tokens(normalise(kb.sentences[g].text)))) for i, g in enumerate(self.ids)))

    def tokens(self, text: str) -> list[str]:
        out = []
        for run in self._cjk.findall(text):
            if run.isascii():
                out.append(run)
            elif len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i:i + 2] for i in range(len(run) - 1))
        return out

    def ask(self, question: str):
        from bot.qa.result import ANSWERED, NO_ANSWER, Answer, Result

        terms = sorted(set(self.tokens(self._norm(question))))
        if not terms:
            return Result(question, NO_ANSWER)
        query = " OR ".join(f'"{t}"' for t in terms)
        row = self.db.execute("SELECT rowid, bm25(s) FROM s WHERE s MATCH ? ORDER BY bm25(s), rowid LIMIT 1",
                              (query,)).fetchone()
        if row is None:
            return Result(question, NO_ANSWER)
        gid = self.ids[row[0]]
        s = self.kb.sentences[gid]
        passage = self.kb.passage_of(gid)
        return Result(question, ANSWERED, (Answer(gid, s.text, passage.path, -row[1], kind="quote", original=s.original,
                                                  passage_id=passage.id, sentence_ids=(gid,)),))


def child(system: str, knowledge: str, questions: str, passes: int) -> None:
    t0 = time.perf_counter()
    sys.path.insert(0, str(REPO))
    from bot.config import load_config
    from bot.qa.evaluate import judge, load_questions
    from bot.qa.knowledge import load_knowledge
    if system == "matcher":
        from bot.qa.matcher import Matcher
        prepared_matcher = getattr(Matcher, "prepared", None)  # None before the prepared index (issue 12)
    t1 = time.perf_counter()
    if system == "matcher" and prepared_matcher is not None:
        # The serving path (Matcher.from_config): the prepared index when one exists for this content.
        m = prepared_matcher(knowledge, load_config(REPO / "config.yaml").matcher)
        kb, ask = m.kb, m.ask
        t2 = t1
    else:
        kb = load_knowledge(knowledge)
        t2 = time.perf_counter()
        if system == "matcher":
            ask = Matcher(kb, load_config(REPO / "config.yaml").matcher).ask
        else:
            ask = FTS5(kb).ask
    t3 = time.perf_counter()
    r = ask(COLD_QUESTION)
    t4 = time.perf_counter()
    print("ANSWER", r.status, flush=True)
    items = load_questions(questions)
    correct = sum(judge(item, ask(item.question)).correct for item in items)
    times = []
    for _ in range(passes):
        for item in items:
            a = time.perf_counter_ns()
            ask(item.question)
            times.append((time.perf_counter_ns() - a) / 1e6)
    times.sort()
    hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM:"))
    print("CHILD", json.dumps({
        "documents": len(kb.documents), "sentences": len(kb.sentences),
        "import_s": t1 - t0, "load_s": t2 - t1, "build_s": t3 - t2, "first_ask_s": t4 - t3,
        "correct": correct, "questions": len(items),
        "p50_ms": times[len(times) // 2] if times else None,
        "p99_ms": times[min(len(times) - 1, max(0, -(-99 * len(times) // 100) - 1))] if times else None,
        "samples": len(times), "peak_mib": hwm / 1024,
        "load_after": os.getloadavg()[0],  # the machine's 1-minute load when the timed passes ended
    }), flush=True)


def spawn(system: str, knowledge: Path, questions: Path, passes: int, env: dict) -> dict:
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", system, str(knowledge), str(questions), str(passes)]
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    first = None
    report = None
    assert p.stdout is not None
    for line in p.stdout:
        if first is None and line.startswith("ANSWER"):
            first = time.perf_counter() - t0
        if line.startswith("CHILD "):
            report = json.loads(line[6:])
    err = p.stderr.read() if p.stderr else ""
    if p.wait() != 0 or report is None:
        raise RuntimeError(f"{system} at {knowledge} failed:\n{err}")
    report["start_s"] = first
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--child", nargs=4, metavar=("SYSTEM", "KNOWLEDGE", "QUESTIONS", "PASSES"), help=argparse.SUPPRESS)
    ap.add_argument("--sizes", default="1,10,100,1000")
    ap.add_argument("--systems", default="matcher,fts5")
    ap.add_argument("--passes", type=int, default=5, help="timed passes over the questions (default 5)")
    ap.add_argument("--cold-runs", type=int, default=3, help="starts with caches in place, median (default 3)")
    ap.add_argument("--questions", default=str(DEFAULT_QUESTIONS))
    ap.add_argument("--work", help="keep the imported laws and knowledge folders here")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.child:
        system, knowledge, questions, passes = args.child
        child(system, knowledge, questions, int(passes))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    systems = args.systems.split(",")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="library-bench."))
    # A private temporary folder: the caches (jieba's filtered dictionary, the lexicon table, the prepared
    # index) start absent, so the first start of each size is a real first start.
    tmp = work / "tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    env = {**os.environ, "TMPDIR": str(tmp)}
    t = time.perf_counter()
    laws = import_pool(work, max(sizes) - 1)
    imported_s = time.perf_counter() - t
    load = os.getloadavg()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    rows = []
    # The lexicon table (jieba's dictionary merged with Cilin, ~1 s) is the same for every library: built once.
    spawn("matcher", library(work, 1, laws), Path(args.questions), 0, env)
    for n in sizes:
        root = library(work, n, laws)
        for system in systems:
            first = spawn(system, root, Path(args.questions), 0, env)
            runs = [spawn(system, root, Path(args.questions), args.passes if i == 0 else 0, env)
                    for i in range(max(1, args.cold_runs))]
            row = dict(runs[0])
            row.update(system=system, size=n, first_start_s=first["start_s"],
                       start_s=statistics.median(r["start_s"] for r in runs),
                       build_s=statistics.median(r["build_s"] for r in runs),
                       load_s=statistics.median(r["load_s"] for r in runs),
                       first_build_s=first["build_s"])
            rows.append(row)
            if not args.json:
                print(f"{system:8} N={n:<5} docs={row['documents']:<5} sentences={row['sentences']:<7} "
                      f"first start {row['first_start_s']:6.2f} s  start {row['start_s']:6.2f} s "
                      f"(load {row['load_s']:.2f} build {row['build_s']:.2f})  "
                      f"p50 {row['p50_ms']:7.2f} ms  p99 {row['p99_ms']:7.2f} ms  peak {row['peak_mib']:7.1f} MiB  "
                      f"accuracy {row['correct']}/{row['questions']}  load {row['load_after']:.2f}", flush=True)
    header = {"commit": commit, "python": sys.version.split()[0], "nproc": os.cpu_count(), "load_before": load,
              "laws_imported_s": imported_s, "passes": args.passes, "cold_runs": args.cold_runs,
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    if args.json:
        print(json.dumps({"run": header, "rows": rows}, ensure_ascii=False, indent=1))
    else:
        print("run:", json.dumps(header))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
