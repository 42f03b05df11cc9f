"""Views: matcher results and knowledge turned into `Reply` values (HTML text and button rows).

Nothing here talks to Telegram or scores anything: every function takes plain data (a `Result`, the
`KnowledgeBase`, a language) and returns a `Reply`. Related questions under an answer are the
core's (`Result.suggestions` of an answered result), so the console and Telegram show the same ones.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from bot.qa.knowledge import KnowledgeBase
from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER_SUGGESTIONS, Result
from bot.telegram_app.callbacks import cb, fits, question_key
from bot.telegram_app.messages import PATH_SEP, SENTENCE_END, Block, Button, Reply, buttons, pack, short
from bot.texts import t

SEARCH_PAGE_SIZE = 3
MAX_RELATED = 2
MAX_SUGGESTIONS = 3


def _question_buttons(questions: Iterable[str], reply_questions: dict[str, str]) -> list[list[Button]]:
    rows = []
    for q in questions:
        key = question_key(q)
        reply_questions[key] = q
        rows.append([(q, cb("q", key))])
    return rows


def source_line(path: Sequence[str], lang: str) -> Block:
    return Block(t(lang, "source") + PATH_SEP.join(path), "i")


# ----- matcher results -----
def _drill_rows(drill: Sequence[tuple[str, str]]) -> list[list[Button]]:
    """Buttons that open the parts of a structure answer (points → sub-points → passages)."""
    return [[(label, cb("d", node))] for label, node in drill if fits("d", node)]


def render_result(result: Result, kb: KnowledgeBase, lang: str,
                  drill: Sequence[tuple[str, str]] = (), note: str = "") -> Reply:
    """The reply to a question in a chat: quote(s) with their source, or suggestions; a structure answer
    has buttons to open its parts (`drill`)."""
    questions: dict[str, str] = {}
    echo = short(result.question, 200)
    if result.status == ANSWERED and result.answers:
        blocks: list[Block] = []
        answers = result.answers
        for i, a in enumerate(answers):
            blocks.append(Block(a.text, "blockquote" if a.kind == "quote" else ""))
            # Quotes from the same place share one source line, written after the last of them.
            if a.source and (i + 1 == len(answers) or answers[i + 1].source != a.source):
                blocks.append(source_line(a.source, lang))
                if i + 1 < len(answers):
                    blocks.append(Block(""))
        if note:  # a line about the quote (a key of bot.texts: that it is the whole passage)
            blocks.append(Block(t(lang, note), "i"))
        rows: list[list[Button]] = _drill_rows(drill)
        best = result.answers[0]
        if best.passage_id and best.passage_id in kb.passages and fits("c", best.passage_id):
            rows.append([(t(lang, "context"), cb("c", best.passage_id))])
        rows += _question_buttons([s.question for s in result.suggestions][:MAX_RELATED], questions)
        return Reply(pack(blocks), buttons(rows), questions)
    suggestions = [s.question for s in result.suggestions][:MAX_SUGGESTIONS if result.status == CLARIFY else NO_ANSWER_SUGGESTIONS]
    key = "did_you_mean" if result.status == CLARIFY else "no_answer"
    blocks = [Block(t(lang, key, q=echo))]
    if result.status == CLARIFY:
        blocks += [Block(f"{n}. {q}") for n, q in enumerate(suggestions, start=1)]
    return Reply(pack(blocks), buttons(_question_buttons(suggestions, questions)), questions)


# ----- small talk -----
def render_smalltalk(kind: str | None, kb: KnowledgeBase, lang: str, *, group: bool) -> Reply | None:
    """What to say to small talk: a self-introduction with example questions for a greeting or "who are
    you", a short reply to thanks and farewells; nothing to an acknowledgement (收到, 好的, 👍)."""
    if kind in ("greeting", "who"):
        questions: dict[str, str] = {}
        title = ("》《" if lang == "zh" else "”, “").join(d.title for d in kb.documents)
        rows = [] if group else _question_buttons(example_questions(kb, 3), questions)
        return Reply(pack([Block(t(lang, "hello", title=title))]), buttons(rows), questions)
    if kind == "thanks":
        return Reply([t(lang, "thanks_reply")])
    if kind == "farewell":
        return Reply([t(lang, "bye")])
    return None


# ----- context, passages, outline -----
def _passage_blocks(kb: KnowledgeBase, gid: str, *, original: bool = False, with_title: bool = True) -> list[Block]:
    p = kb.passages[gid]
    out = []
    if with_title and p.title:
        out.append(Block(p.title, "b"))
    out.append(Block(kb.passage_text(gid, original=original)))
    return out


def render_context(kb: KnowledgeBase, passage_gid: str, lang: str) -> Reply:
    """The whole sub-point (or point) that a passage stands in, headed by its title path."""
    path, passage_ids = kb.context_of(passage_gid)
    blocks = [Block(PATH_SEP.join(path), "b")]
    for pid in passage_ids:
        blocks += _passage_blocks(kb, pid)
    return Reply(pack(blocks))


def render_passage(kb: KnowledgeBase, passage_gid: str, lang: str, *, original: bool = False) -> Reply:
    p = kb.passages[passage_gid]
    blocks = []
    if original:
        blocks.append(Block(t(lang, "original_note"), "i"))
    blocks.append(Block(PATH_SEP.join(p.path), "b"))
    blocks += _passage_blocks(kb, passage_gid, original=original, with_title=False)
    other = ("t", "show_corrected") if original else ("o", "show_original")
    rows = [[(t(lang, other[1]), cb("v", other[0], passage_gid))]] if fits("v", "o", passage_gid) else []
    return Reply(pack(blocks), buttons(rows))


def _passage_label(kb: KnowledgeBase, gid: str, lang: str) -> str:
    p = kb.passages[gid]
    if p.title:
        return p.title
    # The untitled lead passage of a point or sub-point: "第三点 (总述)", "二要 (总述)".
    return f"{p.path[-1].split(' ', 1)[0]} {t(lang, 'lead')}"


def _node_button(kb: KnowledgeBase, mode: str, label: str, node: str, passage_ids: Sequence[str]):
    """A button that opens `node`, or shows the passage straight away when there is only one."""
    if len(passage_ids) == 1:
        return (label, cb("v", mode, passage_ids[0]))
    return (label, cb("n", mode, node))


def render_outline(kb: KnowledgeBase, node: str, lang: str, mode: str = "t") -> Reply:
    """One level of the outline as a keyboard: documents → points → sub-points → passages.

    `mode` "t" shows passages corrected, "o" as the source has them (the /source button).
    """
    head = [Block(t(lang, "original_note"), "i")] if mode == "o" else []
    if node == "*" and len(kb.documents) > 1:
        rows = [[(d.title, cb("n", mode, d.id))] for d in kb.documents]
        return Reply(pack(head + [Block(t(lang, "topics_docs"))]), buttons(rows))
    doc = kb.documents[0] if node == "*" else kb.document(node)
    back_to_doc = [(t(lang, "back"), cb("n", mode, doc.id))]
    if node in ("*", doc.id):  # the document: its sections
        rows = []
        for s in doc.speech.sections:
            if s.subpoints:
                rows.append([(s.title, cb("n", mode, s.id))])
            else:
                rows.append([_node_button(kb, mode, s.title, s.id, s.passage_ids)])
        if len(kb.documents) > 1:
            rows.append([(t(lang, "back"), cb("n", mode, "*"))])
        return Reply(pack(head + [Block(t(lang, "topics", title=doc.title))]), buttons(rows))
    section = next((s for s in doc.speech.sections if s.id == node), None)
    if section is not None:
        rows = [[(_passage_label(kb, pid, lang), cb("v", mode, pid))] for pid in section.passage_ids]
        for sp in section.subpoints:
            rows.append([_node_button(kb, mode, f"{sp.label} {sp.heading}", sp.id, sp.passage_ids)])
        rows.append(back_to_doc)
        return Reply(pack(head + [Block(section.title, "b")]), buttons(rows))
    for s in doc.speech.sections:
        for sp in s.subpoints:
            if sp.id == node:
                rows = [[(_passage_label(kb, pid, lang), cb("v", mode, pid))] for pid in sp.passage_ids]
                rows.append([(t(lang, "back"), cb("n", mode, s.id))])
                return Reply(pack(head + [Block(s.title, "b"), Block(f"{sp.label} {sp.heading}", "b")]),
                             buttons(rows))
    raise KeyError(node)


# ----- search -----
def highlight(text: str, word: str) -> str:
    """Escape `text` and put every occurrence of `word` in bold."""
    return f"<b>{html.escape(word, quote=False)}</b>".join(html.escape(p, quote=False) for p in text.split(word))


def search_fits(word: str) -> bool:
    return fits("s", 999, word)


def render_search(kb: KnowledgeBase, word: str, page: int, lang: str) -> Reply:
    gids = kb.search(word)
    if not gids:
        return Reply(pack([Block(t(lang, "search_none", w=word))]))
    pages = (len(gids) + SEARCH_PAGE_SIZE - 1) // SEARCH_PAGE_SIZE
    page = min(max(page, 1), pages)
    blocks = [Block(t(lang, "search_head", w=word, n=len(gids), page=page, pages=pages))]
    for gid in gids[(page - 1) * SEARCH_PAGE_SIZE: page * SEARCH_PAGE_SIZE]:
        p = kb.passages[gid]
        blocks.append(Block("", newline_after=True))
        blocks.append(Block(PATH_SEP.join(p.path), "i"))
        # One block per sentence, so that even a passage longer than a message splits between sentences.
        sentences = [x for x in SENTENCE_END.split(kb.passage_text(gid)) if x]
        blocks += [Block(highlight(x, word), "html", newline_after=i == len(sentences) - 1)
                   for i, x in enumerate(sentences)]
    nav = []
    if page > 1:
        nav.append((t(lang, "prev"), cb("s", page - 1, word)))
    if page < pages:
        nav.append((t(lang, "next"), cb("s", page + 1, word)))
    return Reply(pack(blocks), buttons([nav]))


# ----- /start, /help, /source -----
def example_questions(kb: KnowledgeBase, limit: int = 4) -> list[str]:
    """One curated question per point of the speech (in outline order), then others."""
    out: list[str] = []
    for doc in kb.documents:
        for point in doc.points:
            entry = next((q for q in kb.qa if q.doc_id == doc.id and q.targets
                          and kb.passage_of(q.targets[0]).section_id == point.id), None)
            if entry and entry.question not in out:
                out.append(entry.question)
    for q in kb.qa:
        if len(out) >= limit:
            break
        if q.question not in out:
            out.append(q.question)
    return out[:limit]


def render_start(kb: KnowledgeBase, lang: str) -> Reply:
    questions: dict[str, str] = {}
    title = ("》《" if lang == "zh" else "”, “").join(d.title for d in kb.documents)
    rows = _question_buttons(example_questions(kb), questions)
    return Reply(pack([Block(t(lang, "start", title=title))]), buttons(rows), questions)


def render_help(lang: str, bot_username: str) -> Reply:
    return Reply([t(lang, "help", bot=html.escape(bot_username))])


def render_source(kb: KnowledgeBase, lang: str) -> Reply:
    blocks: list[Block] = []
    for doc in kb.documents:
        meta = doc.meta
        src = meta.get("source") or {}
        applied = doc.speech.applied
        count = sum(applied.values())
        kinds = sum(1 for c in doc.corrections if applied.get(c.id))
        info = t(lang, "source_info",
                 title=html.escape(doc.title),
                 speaker=html.escape(str(meta.get("speaker", "—"))),
                 meeting=html.escape(str(meta.get("meeting", "—"))),
                 site=html.escape(str(src.get("site", "—"))),
                 page=html.escape(str(src.get("page_title", "—"))),
                 kinds=kinds, count=count)
        blocks.append(Block(info, "html"))
        examples = sorted((c for c in doc.corrections if applied.get(c.id)), key=lambda c: -applied[c.id])[:5]
        if examples:
            blocks.append(Block(t(lang, "source_examples")))
            for c in examples:
                blocks.append(Block(f"• {c.original} → {c.corrected} ({applied[c.id]})"))
    rows = [[(t(lang, "source_button"), cb("n", "o", "*" if len(kb.documents) > 1 else kb.documents[0].id))]]
    return Reply(pack(blocks), buttons(rows))
