"""Command line: sub-commands and exit codes.

Exit codes: 0 success; 1 a check or evaluation found problems; 2 bad usage, or a missing or malformed
config or knowledge file (with a message naming the file and the problem, never a traceback).
``run`` (the bot) exits by what the operator must do: 0 a clean stop, 2 fix the configuration or the
data, 1 transient, systemd restarts it (`bot.telegram_app.startup` has the list and the rule for a
storage mount that is not there yet).
Telegram code is imported only by `run` (and `start` with a token), so `ask` starts fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from bot.errors import UserFacingError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Questions and answers on the county safety speech.")
    p.add_argument("--config", default="config.yaml", help="settings file (default: config.yaml)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    ask = sub.add_parser("ask", help="answer one question (or one per line from standard input with '-')")
    ask.add_argument("question", help="the question, or - to read one question per line from standard input")
    ask.add_argument("--json", action="store_true", help="print JSON (JSON Lines with '-')")
    sub.add_parser("chat", help="interactive console chat")
    outline = sub.add_parser("outline", help="print the structure of the knowledge base")
    outline.add_argument("--ids", action="store_true", help="also list every sentence with its id")
    ev = sub.add_parser("eval", help="score a question file (JSON Lines) per category; or a conversation file "
                         "(first/second objects) on its follow-ups, per kind")
    ev.add_argument("file")
    check = sub.add_parser("check", help="validate the knowledge folder")
    check.add_argument("--lang", choices=("zh", "en"), default=None,
                       help="language of the problems (default: from the locale, LANG/LC_ALL; Chinese unless English)")
    imp = sub.add_parser("import", help="add a document (.txt .md .html .docx .pdf) as a knowledge folder")
    imp.add_argument("file", help="the document as you have it")
    imp.add_argument("--id", help="the folder name under the knowledge folder (default: from the file name)")
    imp.add_argument("--force", action="store_true", help="write into an existing folder")
    misses = sub.add_parser("misses", help="unanswered and disliked questions, grouped")
    misses.add_argument("--json", action="store_true")
    misses.add_argument("--lang", choices=("zh", "en"), default=None,
                        help="language of the report (default: from the locale, LANG/LC_ALL; Chinese unless English)")
    health = sub.add_parser("health", help="one line on the running bot's heartbeat; exit 0 healthy, 1 not")
    health.add_argument("--max-age", type=float, default=180.0, metavar="SECONDS",
                        help="heartbeat age above which the bot counts as down (default: 180)")
    backup = sub.add_parser("backup", help="copy the database safely, also while the bot runs")
    backup.add_argument("path", help="backup file, or a folder for a dated file (bot-YYYYMMDD-HHMMSS.sqlite3)")
    backup.add_argument("--keep", type=int, default=0, metavar="N",
                        help="with a folder: keep only the newest N dated backups in it")
    restore = sub.add_parser("restore", help="replace the database with a backup (the bot must be stopped)")
    restore.add_argument("backup", help="a file made by 'python -m bot backup'")
    sub.add_parser("run", help="start the Telegram bot (needs the token in the environment)")
    sub.add_parser("start", help="the Telegram bot when a token is set, otherwise the console chat")
    return p


def _matcher(cfg):
    from bot.qa.matcher import Matcher

    return Matcher.from_config(cfg)


def cmd_ask(args, cfg) -> int:
    matcher = _matcher(cfg)
    from bot.console import render_text

    if args.question == "-":
        for line in sys.stdin:
            q = line.strip()
            if not q:
                continue
            r = matcher.ask(q)
            print(json.dumps(r.to_json_dict(), ensure_ascii=False) if args.json else render_text(r) + "\n", flush=True)
        return EXIT_OK
    if not args.question.strip():
        print("python -m bot ask: the question is empty", file=sys.stderr)
        return EXIT_USAGE
    r = matcher.ask(args.question)
    print(json.dumps(r.to_json_dict(), ensure_ascii=False) if args.json else render_text(r))
    return EXIT_OK


def cmd_chat(args, cfg) -> int:
    from bot.console import chat

    return chat(_matcher(cfg))


def cmd_outline(args, cfg) -> int:
    from bot.qa.knowledge import load_knowledge

    kb = load_knowledge(cfg.knowledge_path)
    for doc in kb.documents:
        print(f"《{doc.title}》 [{doc.id}]  corrections applied: {sum(doc.speech.applied.values())}")
        for section in doc.speech.sections:  # ids as written in the document's files (local)
            print(f"  {kb.local_id(section.id):<8} {section.title}")
            pids = list(section.passage_ids)
            for sp in section.subpoints:
                print(f"    {kb.local_id(sp.id):<8} {sp.label} {sp.heading}")
                for pid in sp.passage_ids:
                    title = kb.passages[pid].title
                    if title:
                        print(f"      {kb.local_id(pid):<8} {title}")
                pids.extend(sp.passage_ids)
            if args.ids:
                for pid in pids:
                    for sid in kb.passages[pid].sentence_ids:
                        print(f"        {kb.local_id(sid):<12} {kb.sentences[sid].text}")
    return EXIT_OK


def cmd_eval(args, cfg) -> int:
    from bot.qa.evaluate import conversation, evaluate, format_report, load_questions

    questions = load_questions(args.file)
    matcher = _matcher(cfg)
    report = evaluate(questions, matcher.ask, conversation(matcher))
    print(format_report(report))
    return EXIT_OK


def cmd_check(args, cfg) -> int:
    from bot.maintenance.check import render, run_check
    from bot.texts import t

    lang = args.lang or locale_language()
    problems = run_check(cfg)
    for line in problems:
        print(render(line, lang))
    _calendar_warning(cfg)
    if problems:
        print(t(lang, "check_count", n=len(problems), path=cfg.knowledge_path), file=sys.stderr)
        return EXIT_PROBLEMS
    print(t(lang, "check_ok", path=cfg.knowledge_path))
    return EXIT_OK


def cmd_import(args, cfg) -> int:
    """Extract the file into knowledge/<id>/, check that folder with the others, print what was understood."""
    import tempfile
    from pathlib import Path

    from bot.maintenance.check import check_knowledge
    from bot.qa.importer import import_document, understood
    from bot.qa.knowledge import read_knowledge

    root = Path(cfg.knowledge_path)
    done = import_document(Path(args.file), root, args.id, force=args.force)
    print(f"已导入:{done.folder}")
    # `check` on that folder: the new document beside the shared dictionaries, in a view of the knowledge
    # folder holding only it (the other documents are not re-checked).
    with tempfile.TemporaryDirectory() as tmp:
        view = Path(tmp) / root.name
        view.mkdir()
        for item in root.iterdir():
            if item.is_file() and item.name != "reminders.yaml":
                (view / item.name).symlink_to(item.resolve())
        (view / done.folder.name).symlink_to(done.folder.resolve(), target_is_directory=True)
        problems, _ = check_knowledge(view, cfg.matcher)
        kb, _ = read_knowledge(view)
        # The shared dictionaries' rules (dead synonyms) are about all documents together, not this one.
        own = f"{root.name}/{done.folder.name}/"
        problems = [p for p in problems if p.startswith(own)]
    doc = kb.documents[0] if kb and kb.documents else None
    print(understood(done, doc, kb))
    for p in problems:
        print(f"问题:{p}")
    print("检查通过。" if not problems and doc is not None else f"检查发现 {len(problems)} 个问题。")
    return EXIT_PROBLEMS if problems or doc is None else EXIT_OK


def _calendar_warning(cfg) -> None:
    """A warning, never a failure: the installed `holidays` lacks China's working-day arrangement."""
    import datetime as dt

    from bot.ops.china_calendar import calendar_warning

    line = calendar_warning(dt.datetime.now(cfg.tz).date())
    if line:
        print(f"warning: {line}", file=sys.stderr)


def cmd_health(args, cfg) -> int:
    from bot.ops.health import main as health_main

    return health_main(cfg, max_age=args.max_age)


def cmd_backup(args, cfg) -> int:
    from bot.ops.backup import backup_database, prune_backups

    if args.keep < 0:
        print("python -m bot backup: --keep needs a positive number", file=sys.stderr)
        return EXIT_USAGE
    info = backup_database(cfg.database_path, args.path)
    print(f"backup: {info.summary()}")
    if args.keep:
        for old in prune_backups(info.path.parent, args.keep):
            print(f"removed old backup {old}")
    return EXIT_OK


def cmd_restore(args, cfg) -> int:
    from bot.ops.backup import restore_database

    info, kept = restore_database(args.backup, cfg.database_path)
    print(f"restored {cfg.database_path} from {args.backup}: {info.summary()}")
    if kept:
        print(f"the previous database is kept as {kept}")
    return EXIT_OK


def locale_language() -> str:
    """en when the locale is English (LC_ALL, LC_MESSAGES, LANG), zh otherwise: Chinese first."""
    import os

    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def cmd_misses(args, cfg) -> int:
    from bot.maintenance.misses import main as misses_main

    return misses_main(cfg, as_json=args.json, lang=args.lang or locale_language())


def cmd_run(args, cfg) -> int:
    if not cfg.telegram.token():
        print(f"No bot token: set the environment variable {cfg.telegram.token_env} "
              "(or use 'python -m bot chat' for the console).", file=sys.stderr)
        return EXIT_USAGE
    from bot.telegram_app.app import run

    return run(cfg)


def cmd_start(args, cfg) -> int:
    if cfg.telegram.token():
        return cmd_run(args, cfg)
    print(f"{cfg.telegram.token_env} is not set: starting the local console chat instead of the Telegram bot.",
          file=sys.stderr)
    return cmd_chat(args, cfg)


COMMANDS = {
    "ask": cmd_ask, "chat": cmd_chat, "outline": cmd_outline, "eval": cmd_eval, "check": cmd_check,
    "import": cmd_import,
    "misses": cmd_misses, "health": cmd_health, "backup": cmd_backup, "restore": cmd_restore,
    "run": cmd_run, "start": cmd_start,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    if not args.command:
        parser.print_usage(sys.stderr)
        print("python -m bot: a command is needed (try 'python -m bot start')", file=sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from bot.config import load_config

    try:
        cfg = load_config(args.config)
        return COMMANDS[args.command](args, cfg)
    except UserFacingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_OK
    except BrokenPipeError:
        return EXIT_OK
