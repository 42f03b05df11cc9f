"""Turn matcher results and knowledge into Telegram HTML messages and inline keyboards.

Nothing here talks to Telegram or scores anything: every function takes plain data (a `Result`, the
`KnowledgeBase`, a language) and returns a `Reply`. Every text that comes from a user or from the
knowledge base goes through `html.escape` before it is put into HTML, and messages longer than
Telegram's limit are split at sentence boundaries.

Callback data (at most 64 bytes, checked by `cb`) uses one-letter prefixes separated by ``|``:

    q|<hash>           ask a question again (hash of its text; texts kept in a registry)
    c|<passage gid>    show the whole sub-point a passage stands in
    v|t|<passage gid>  show a passage (t: corrected, o: as the source has it)
    n|t|<node>         outline navigation (node: * | document id | section gid | sub-point gid)
    s|<page>|<word>    a page of /search results
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.qa.knowledge import KnowledgeBase
from bot.qa.result import ANSWERED, CLARIFY, Result

TELEGRAM_LIMIT = 4096  # characters of a message after entity parsing
CALLBACK_LIMIT = 64  # bytes of callback_data
SEARCH_PAGE_SIZE = 3
MAX_RELATED = 2
MAX_SUGGESTIONS = 3
PATH_SEP = " › "
BUTTON_CHARS = 40  # longer button labels are shortened with an ellipsis

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "source": "出处:",
        "context": "查看上下文",
        "did_you_mean": "关于「{q}」,您是不是想问:",
        "no_answer": "抱歉,这篇讲话没有谈到「{q}」。您可以换个说法提问,或者从讲话的几个要点看起:",
        "start": (
            "您好!我可以回答关于《{title}》的问题,回答时逐字引用讲话原文,并注明出自哪一部分。\n\n"
            "直接发问题给我即可,例如点下面的按钮。也可以用 /topics 按提纲浏览全文,用 /search 查关键词。"
        ),
        "help": (
            "<b>怎么用</b>\n"
            "• 私聊:直接发问题,我会引用讲话原文回答。\n"
            "• /ask 问题 — 在群里提问(群里也可以 @我 或回复我的消息)\n"
            "• /topics — 按提纲浏览:要点 → 分项 → 段落\n"
            "• /search 关键词 — 列出含有该词的所有段落\n"
            "• /source — 讲话的来源和原文的更正情况\n"
            "• /subscribe — 订阅定时安全提醒(群里由管理员发送),/reminders 查看订阅\n"
            "• 在任何聊天里输入 @{bot} 关键词,可以直接引用讲话原文。"
        ),
        "ask_usage": "请在 /ask 后面写上问题,例如:/ask {example}",
        "search_usage": "请在 /search 后面写上关键词,例如:/search 隐患",
        "search_too_long": "关键词太长了,请用不超过 {n} 个字的关键词。",
        "search_none": "讲话里没有出现「{w}」。",
        "search_head": "「{w}」出现在 {n} 段讲话中(第 {page}/{pages} 页):",
        "prev": "« 上一页",
        "next": "下一页 »",
        "topics": "《{title}》的提纲,点一项继续展开:",
        "topics_docs": "请选择一篇讲话:",
        "back": "« 返回",
        "lead": "(总述)",
        "show_original": "查看原文(未更正)",
        "show_corrected": "查看更正后的文字",
        "original_note": "以下是原文的样子(文档转换造成的错字未作更正):",
        "source_info": (
            "<b>{title}</b>\n讲话人:{speaker}  会议:{meeting}\n"
            "原文来源:{site}《{page}》\n\n"
            "原文经过一次有缺陷的格式转换,不少词被换成了近义词(例如“安全”变成“平安”)。"
            "本机器人按一份逐条可核对的更正清单修复了 {kinds} 类错误、共 {count} 处,引用的都是修复后的文字。"
        ),
        "source_examples": "例如:",
        "source_button": "查看某段原文的样子",
        "slow_down": "{name},请慢一点,稍后再问。",
        "sorry": "抱歉,处理您的消息时出了点问题,请稍后再试。",
        "expired": "这个按钮已过期,请重新提问。",
        "unknown_command": "我不认识这个命令。发送 /help 看看能做什么。",
        "text_only": "我只能读文字。请用文字提问,例如:建筑施工安全有什么要求?",
        "mention_only": "请在 @我 后面写上问题,例如:@{bot} {example}",
        "inline_point": "讲话的第{n}个要点",
    },
    "en": {
        "source": "Source: ",
        "context": "Show context",
        "did_you_mean": "About “{q}”, did you mean:",
        "no_answer": "Sorry, the speech does not cover “{q}”. Try asking another way, or start from its main points:",
        "start": (
            "Hello! I answer questions about the speech “{title}” by quoting it word for word "
            "(quotes stay in Chinese) and saying which part it comes from.\n\n"
            "Just send me a question, or tap one below. /topics browses the outline, /search finds a word."
        ),
        "help": (
            "<b>How to use</b>\n"
            "• Private chat: send a question; I answer with a quote from the speech.\n"
            "• /ask question — ask in a group (or mention me, or reply to my message)\n"
            "• /topics — browse the outline: point → sub-point → passage\n"
            "• /search word — every passage that contains the word\n"
            "• /source — where the speech comes from and how its text was repaired\n"
            "• /subscribe — scheduled safety reminders (in groups, sent by an administrator); /reminders lists them\n"
            "• Type @{bot} keyword in any chat to quote the speech there."
        ),
        "ask_usage": "Please write the question after /ask, for example: /ask {example}",
        "search_usage": "Please write a word after /search, for example: /search 隐患",
        "search_too_long": "That keyword is too long; please use at most {n} characters.",
        "search_none": "The speech does not contain “{w}”.",
        "search_head": "“{w}” occurs in {n} passages (page {page}/{pages}):",
        "prev": "« Previous",
        "next": "Next »",
        "topics": "Outline of “{title}”; tap an item to open it:",
        "topics_docs": "Choose a speech:",
        "back": "« Back",
        "lead": "(overview)",
        "show_original": "Show the source text (uncorrected)",
        "show_corrected": "Show the corrected text",
        "original_note": "This is how the source has it (conversion errors not repaired):",
        "source_info": (
            "<b>{title}</b>\nSpeaker: {speaker}  Meeting: {meeting}\n"
            "Source: {site}, “{page}”\n\n"
            "The source went through a faulty document conversion that swapped words for near-synonyms "
            "(for example 安全 “safety” became 平安 “peace”). The bot repairs {kinds} kinds of error in "
            "{count} places from a reviewed list, and quotes the repaired text."
        ),
        "source_examples": "For example:",
        "source_button": "See a passage as the source has it",
        "slow_down": "{name}, please slow down and ask again in a little while.",
        "sorry": "Sorry, something went wrong with your message. Please try again later.",
        "expired": "This button has expired; please ask again.",
        "unknown_command": "I do not know that command. Send /help to see what I can do.",
        "text_only": "I can only read text. Please type your question, for example: construction site safety",
        "mention_only": "Please write a question after mentioning me, for example: @{bot} {example}",
        "inline_point": "Main point {n} of the speech",
    },
}


def text_in(texts: dict[str, dict[str, str]], lang: str, key: str, **kw: object) -> str:
    """A text of a {language: {key: template}} table in the given language (falls back to Chinese)."""
    template = texts.get(lang, texts["zh"]).get(key) or texts["zh"][key]
    return template.format(**kw) if kw else template


def t(lang: str, key: str, **kw: object) -> str:
    """A bot text in the given language (falls back to Chinese)."""
    return text_in(TEXTS, lang, key, **kw)


def language(language_code: str | None, result_language: str | None = None) -> str:
    """English when the client is English or the question was asked in English; Chinese otherwise."""
    if result_language == "en":
        return "en"
    if language_code and language_code.lower().split("-")[0] == "en":
        return "en"
    return "zh"


# ----- callback data -----
def cb(*parts: object) -> str:
    """Join callback parts; raise if the result does not fit Telegram's 64 bytes."""
    data = "|".join(str(p) for p in parts)
    if len(data.encode("utf-8")) > CALLBACK_LIMIT:
        raise ValueError(f"callback data longer than {CALLBACK_LIMIT} bytes: {data!r}")
    return data


def fits(*parts: object) -> bool:
    return len("|".join(str(p) for p in parts).encode("utf-8")) <= CALLBACK_LIMIT


def question_key(question: str) -> str:
    """A short stable key for a question text (used in callback data instead of the text)."""
    return hashlib.sha1(question.encode("utf-8")).hexdigest()[:16]


def short(text: str, limit: int = BUTTON_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----- messages and splitting -----
@dataclass(frozen=True)
class Block:
    """A piece of a message: plain `text` (escaped when rendered) in one style, or ready `html`."""

    text: str
    style: str = ""  # "" | b | i | blockquote | html (text is already HTML, never split)
    newline_after: bool = True

    def render(self) -> str:
        if self.style == "html":
            return self.text
        body = html.escape(self.text, quote=False)
        return f"<{self.style}>{body}</{self.style}>" if self.style else body


@dataclass
class Reply:
    """What to send: one or more HTML messages; the keyboard goes with the last one."""

    parts: list[str]
    keyboard: InlineKeyboardMarkup | None = None
    questions: dict[str, str] = field(default_factory=dict)  # question_key → question text for q| buttons


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_SENTENCE_END = re.compile(r"(?<=[。!?!?;;\n])|(?<=[.?!] )")


def _split_text(text: str, style: str, limit: int) -> list[Block]:
    """Cut one over-long block at sentence boundaries (or, for a single huge sentence, anywhere)."""
    overhead = utf16_len(Block("", style).render())
    pieces = [p for p in _SENTENCE_END.split(text) if p]
    out: list[Block] = []
    current = ""
    for piece in pieces:
        while utf16_len(html.escape(piece, quote=False)) + overhead > limit:  # one sentence beyond the limit
            cut = limit - overhead
            while utf16_len(html.escape(piece[:cut], quote=False)) > limit - overhead:
                cut -= max(1, cut // 10)
            if current:
                out.append(Block(current, style, newline_after=False))
                current = ""
            out.append(Block(piece[:cut], style, newline_after=False))
            piece = piece[cut:]
        if current and utf16_len(html.escape(current + piece, quote=False)) + overhead > limit:
            out.append(Block(current, style, newline_after=False))
            current = ""
        current += piece
    if current:
        out.append(Block(current, style))
    return out


def pack(blocks: Iterable[Block], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join blocks into as few messages as possible, each at most `limit` characters of HTML."""
    expanded: list[Block] = []
    for b in blocks:
        if b.style != "html" and utf16_len(b.render()) > limit:
            parts = _split_text(b.text, b.style, limit)
            parts[-1] = Block(parts[-1].text, parts[-1].style, b.newline_after)
            expanded.extend(parts)
        else:
            expanded.append(b)
    messages: list[str] = []
    current = ""
    for b in expanded:
        piece = b.render() + ("\n" if b.newline_after else "")
        if current and utf16_len((current + piece).rstrip("\n")) > limit:
            messages.append(current.rstrip("\n"))
            current = ""
        current += piece
    if current.strip():
        messages.append(current.rstrip("\n"))
    return messages or [""]


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    rows = [r for r in rows if r]
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(short(label), callback_data=data) for label, data in row]
                                 for row in rows])


def _question_buttons(questions: Iterable[str], reply_questions: dict[str, str]) -> list[list[tuple[str, str]]]:
    rows = []
    for q in questions:
        key = question_key(q)
        reply_questions[key] = q
        rows.append([(q, cb("q", key))])
    return rows


def source_line(path: Sequence[str], lang: str) -> Block:
    return Block(t(lang, "source") + PATH_SEP.join(path), "i")


# ----- matcher results -----
def related_questions(kb: KnowledgeBase, result: Result, limit: int = MAX_RELATED) -> list[str]:
    """Up to `limit` questions near the best answer, other than the one just answered."""
    best = result.best
    if best is None:
        return []
    asked = {result.question.strip(), result.normalized.strip()}
    first = best.sentence_ids[0] if best.sentence_ids else ""
    entries = kb.entries_for(first) if first in kb.sentences else []
    same = [e for e in entries if tuple(e.targets) == tuple(best.sentence_ids)]
    candidates = []
    for e in same:
        candidates.extend(filter(None, (kb.qa_entry(r) for r in e.related)))
    candidates.extend(e for e in entries if e not in same)
    out: list[str] = []
    answered_questions = {e.question for e in same}
    # Curated neighbours first, then the matcher's own runner-up questions.
    for q in [e.question for e in candidates] + [s.question for s in result.suggestions]:
        if q in asked or q in answered_questions or q in out:
            continue
        out.append(q)
        if len(out) == limit:
            break
    return out


def render_result(result: Result, kb: KnowledgeBase, lang: str) -> Reply:
    """The reply to a question in a chat: quote(s) with their source, or suggestions."""
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
        rows: list[list[tuple[str, str]]] = []
        best = result.answers[0]
        if best.passage_id and best.passage_id in kb.passages and fits("c", best.passage_id):
            rows.append([(t(lang, "context"), cb("c", best.passage_id))])
        rows += _question_buttons(related_questions(kb, result), questions)
        return Reply(pack(blocks), keyboard(rows), questions)
    suggestions = [s.question for s in result.suggestions][:MAX_SUGGESTIONS if result.status == CLARIFY else 10]
    key = "did_you_mean" if result.status == CLARIFY else "no_answer"
    blocks = [Block(t(lang, key, q=echo))]
    if result.status == CLARIFY:
        blocks += [Block(f"{n}. {q}") for n, q in enumerate(suggestions, start=1)]
    return Reply(pack(blocks), keyboard(_question_buttons(suggestions, questions)), questions)


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
    return Reply(pack(blocks), keyboard(rows))


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
        return Reply(pack(head + [Block(t(lang, "topics_docs"))]), keyboard(rows))
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
        return Reply(pack(head + [Block(t(lang, "topics", title=doc.title))]), keyboard(rows))
    section = next((s for s in doc.speech.sections if s.id == node), None)
    if section is not None:
        rows = [[(_passage_label(kb, pid, lang), cb("v", mode, pid))] for pid in section.passage_ids]
        for sp in section.subpoints:
            rows.append([_node_button(kb, mode, f"{sp.label} {sp.heading}", sp.id, sp.passage_ids)])
        rows.append(back_to_doc)
        return Reply(pack(head + [Block(section.title, "b")]), keyboard(rows))
    for s in doc.speech.sections:
        for sp in s.subpoints:
            if sp.id == node:
                rows = [[(_passage_label(kb, pid, lang), cb("v", mode, pid))] for pid in sp.passage_ids]
                rows.append([(t(lang, "back"), cb("n", mode, s.id))])
                return Reply(pack(head + [Block(s.title, "b"), Block(f"{sp.label} {sp.heading}", "b")]),
                             keyboard(rows))
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
        sentences = [x for x in _SENTENCE_END.split(kb.passage_text(gid)) if x]
        blocks += [Block(highlight(x, word), "html", newline_after=i == len(sentences) - 1)
                   for i, x in enumerate(sentences)]
    nav = []
    if page > 1:
        nav.append((t(lang, "prev"), cb("s", page - 1, word)))
    if page < pages:
        nav.append((t(lang, "next"), cb("s", page + 1, word)))
    return Reply(pack(blocks), keyboard([nav]))


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
    return Reply(pack([Block(t(lang, "start", title=title))]), keyboard(rows), questions)


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
    return Reply(pack(blocks), keyboard(rows))
