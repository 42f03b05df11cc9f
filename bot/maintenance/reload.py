"""Reload `knowledge/` without restarting (/reload and SIGHUP).

`reload_matcher(cfg)` runs the whole `check` on the folder. With any problem it returns
`(None, problems)` and the caller keeps serving the old Matcher (and shows the problems to the admin);
otherwise it returns the freshly built Matcher, the very one the self-test ran against. Swapping it in
is one assignment (`BotState.matcher = new`), so a question is always answered by one
complete knowledge base, old or new.

Isolation (issue 12): when every problem lies in document folders that serving leaves out (a broken
document among good ones), the others are served: it returns `(Matcher of the good ones, problems)`, and
the caller swaps it in and still shows the problems.

It segments the whole knowledge base and runs the self-test (about a second on the shipped speech):
call it from an async handler with `await asyncio.to_thread(reload_matcher, cfg)`.
"""

from __future__ import annotations

import logging

from bot.config import Config
from bot.maintenance.check import check_knowledge
from bot.qa.matcher import Matcher

log = logging.getLogger(__name__)


def reload_matcher(cfg: Config) -> tuple[Matcher | None, list[str]]:
    """(new Matcher, []) when `cfg.knowledge_path` passes the check, else (None, the problems)."""
    try:
        problems, matcher = check_knowledge(cfg.knowledge_path, cfg.matcher)
    except Exception as exc:  # a reload must never take the serving bot down
        log.exception("reload: checking %s failed", cfg.knowledge_path)
        return None, [f"{cfg.knowledge_path}: the check itself failed: {exc.__class__.__name__}: {exc}"]
    if problems and matcher is None:
        isolated = _good_ones(cfg, problems)
        if isolated is not None:
            log.warning("reload: %d problem(s) in %s; the documents they are in are left out, the others serve",
                        len(problems), cfg.knowledge_path)
            return isolated, problems
    if problems or matcher is None:
        log.warning("reload refused: %d problem(s) in %s", len(problems), cfg.knowledge_path)
        return None, problems or [f"{cfg.knowledge_path}: could not be loaded"]
    log.info("knowledge reloaded from %s", cfg.knowledge_path)
    return matcher, []


def _good_ones(cfg: Config, problems: list[str]) -> Matcher | None:
    """The Matcher of the documents serving keeps, when every problem is inside a folder it leaves out."""
    from bot.errors import KnowledgeError
    from bot.qa.knowledge import load_knowledge

    try:
        kb = load_knowledge(cfg.knowledge_path)
    except KnowledgeError:
        return None
    folders = {f"{cfg.knowledge_path.name}/{p.file.relative_to(cfg.knowledge_path).parts[0]}/"
               for p in kb.left_out if p.file.is_relative_to(cfg.knowledge_path)}
    if not folders or not all(any(line.startswith(f) for f in folders) for line in problems):
        return None
    return Matcher(kb, cfg.matcher)
