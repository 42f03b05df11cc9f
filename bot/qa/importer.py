"""`python -m bot import FILE [--id ID]`: a document as people have it → a knowledge folder.

It writes ``knowledge/<id>/``:

* ``source.txt``: the extracted text (`bot.qa.readers.extract`), one paragraph per line, never edited
  afterwards;
* ``meta.yaml``: what the text itself says (`find_meta`): the title (the paragraph that reads as one,
  not a letterhead such as 国务院安全生产委员会文件), the issuer, the document number (〔2024〕2号), the
  date, a short name to tell it from other documents, and under ``not_found`` what it could not find;
* ``qa.yaml``: empty (curated questions are added by people);
* ``corrections.yaml``: a **proposal** (`propose_corrections`): suspected conversion errors a rule can
  defend, each ``proposed: true`` (the loader does not apply it) until a person confirms it by deleting
  that line: half-width punctuation between Chinese characters where the text otherwise uses
  full-width, a space between two Chinese characters, 〞/〝 for ”/“. A word swapped for a near-synonym
  (平安 for 安全) cannot be told by a rule and is not proposed.

Then it runs the loader on the new folder and prints in Chinese what it understood.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.errors import UserFacingError
from bot.qa import pinyin
from bot.qa.readers import READERS, extract
from bot.qa.structure import LAW_KINDS, OTHER_KINDS, _marker, cn_int, paragraph_spans

_CN_NUM = "零〇一二三四五六七八九十百"
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_CN = re.compile(r"([一二三四五六七八九〇零○]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_DOCNO = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*(\d{1,4})\s*号")
_TITLE_ENDS = ("通知", "讲话", "条例", "办法", "规定", "决定", "方案", "意见", "法", "规则", "细则", "纲要",
               "报告", "通报", "公告", "通告", "批复", "函", "决议", "解释", "标准", "规划", "指南", "致辞",
               "发言", "总结", "计划", "要点", "制度", "守则", "准则", "章程", "修正案", "提纲")
_ORG_END = ("委员会", "人民政府", "办公厅", "办公室", "政府", "国务院", "部", "厅", "局", "委", "院", "会",
            "中心", "公司", "集团", "大学", "党委", "支队", "大队", "所", "站", "法院", "检察院")
_ISSUER_LAW = re.compile(r"([\u4e00-\u9fff（）()]{2,40}?(?:常务委员会|代表大会|国务院|人民政府|法院|检察院|委员会))"
                         r"(?:第[\u4e00-\u9fff]{1,6}次(?:全体|常务)?会议|常务会议|审判委员会|检察委员会|令)")
_LETTERHEAD = re.compile(r"^(.{2,30}?)(?:文件|令|公报)$")
_CJK = r"[\u4e00-\u9fff]"


@dataclass(frozen=True)
class Meta:
    title: str
    issuer: str | None
    number: str | None
    date: str | None  # ISO yyyy-mm-dd
    short_name: str
    not_found: tuple[str, ...]

    def as_yaml(self, source: Path, doc_id: str) -> dict:
        out: dict = {"id": doc_id, "title": self.title, "short_name": self.short_name}
        if self.issuer:
            out["issuer"] = self.issuer
        if self.number:
            out["number"] = self.number
        if self.date:
            out["date"] = self.date
        out["source"] = {"file": source.name}
        out["not_found"] = list(self.not_found)
        return out


def _cn_year(text: str) -> int:
    return int("".join(str("〇一二三四五六七八九".index(c) if c in "〇一二三四五六七八九" else 0) for c in
                       text.replace("零", "〇").replace("○", "〇")))


def find_dates(text: str) -> list[tuple[int, int, int]]:
    out = [(int(y), int(m), int(d)) for y, m, d in _DATE.findall(text)]
    out += [(_cn_year(y), cn_int(m), cn_int(d)) for y, m, d in _DATE_CN.findall(text)]
    return [x for x in out if 1 <= x[1] <= 12 and 1 <= x[2] <= 31]


def _is_title(text: str) -> bool:
    t = re.sub(r"[（(][^）)]*[）)]$", "", text).strip()
    return 4 <= len(t) <= 80 and t.endswith(_TITLE_ENDS) and not t.endswith(("。", "：", ":")) \
        and _marker(t, ()) is None and not _LETTERHEAD.match(t)


def find_title(lines: list[str], first_heading: str | None = None) -> str:
    """The first paragraph (of the first dozen) that reads as a title; the first Markdown heading; the
    first paragraph."""
    if first_heading and not _LETTERHEAD.match(first_heading):
        return first_heading
    for line in lines[:12]:
        if _is_title(line):
            return line
    return lines[0] if lines else ""


def short_name(title: str, issuer: str | None = None) -> str:
    """A name to tell the document from others: the title inside 《》 of a covering notice, without the
    issuer before 关于, 中华人民共和国, a trailing (2024-2026年) or (2021年修订); a trailing number (（二）, the
    second document of that title) is kept."""
    t = re.sub(r"\s+", "", title)
    m = re.search(r"《([^》]+)》", t)
    if m and t.endswith(("的通知", "的批复", "的函", "的决定", "的公告")):
        t = m.group(1)
    elif "关于" in t and t.index("关于") > 0:
        t = t[t.index("关于") + 2:]
        t = re.sub(r"^(?:印发|转发|发布)", "", t)
    t = t.removeprefix("中华人民共和国")
    number = re.search(r"[（(]([一二三四五六七八九十]{1,3})[）)]$", t)  # 解释（二）: which one of the title, kept
    t = re.sub(r"[（(][^）)]*[）)]$", "", t).strip() or t
    return t[:24] + (f"（{number.group(1)}）" if number else "")


def find_meta(text: str, first_heading: str | None = None) -> Meta:
    lines = [text[s:e] for s, e in paragraph_spans(text)]
    title = find_title(lines, first_heading)
    t_index = lines.index(title) if title in lines else 0
    # The front matter: the letterhead before the title and the lines up to the first numbered unit.
    head_end = next((i for i, line in enumerate(lines) if i > t_index and _marker(line, _HEAD_KINDS)), len(lines))
    head = lines[:head_end]
    number = None
    for line in lines[: max(head_end, t_index + 1)][:40]:
        m = _DOCNO.search(line)
        if m:
            number = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
            break
    dates = [d for line in head for d in find_dates(line)]
    lone = [find_dates(line)[0] for line in head if find_dates(line) and len(_DATE.sub("", line).strip()) <= 2]
    date = max(lone) if lone else (max(dates) if dates else None)
    if date is None:
        all_dates = [d for line in lines[-6:] for d in find_dates(line)]
        date = max(all_dates) if all_dates else None
    issuer = None
    for i, line in enumerate(lines[: t_index + 1]):  # a letterhead: 国务院安全生产委员会文件
        m = _LETTERHEAD.match(line)
        if m and i < t_index:
            issuer = m.group(1)
            break
    if issuer is None:  # the signature: the short line before a date line, naming an organisation
        for i, line in enumerate(lines):
            if i and find_dates(line) and len(_DATE.sub("", line).strip()) <= 2:
                prev = lines[i - 1]
                if len(prev) <= 30 and prev.endswith(_ORG_END) and not any(c in prev for c in "。，,；;"):
                    issuer = prev
                    break
    if issuer is None:  # a law's adoption lines: the body of the latest one that passed it (not one that approved it)
        adopted = []
        for line in head:
            m = _ISSUER_LAW.search(line)
            if m:
                body = re.sub(r"^\d+年\d+月\d+日\s*", "", m.group(1)).strip()
                adopted.append(("批准" not in line, max(find_dates(line), default=(0, 0, 0)), -len(adopted), body))
        if adopted:
            issuer = max(adopted)[3]
    if issuer is None and "关于" in title and 2 <= title.index("关于") <= 30:
        issuer = title[: title.index("关于")]
    not_found = tuple(k for k, v in (("issuer", issuer), ("number", number), ("date", date)) if not v)
    return Meta(title, issuer, number, f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}" if date else None,
                short_name(title, issuer), not_found)


_HEAD_KINDS = tuple((k, p) for k, p in OTHER_KINDS if k in ("一、", "（一）")) + LAW_KINDS


# ----- corrections proposal -----
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def propose_corrections(text: str) -> list[dict]:
    """Suspected conversion errors a rule can defend, as corrections.yaml entries marked `proposed`."""
    out: list[dict] = []
    # 1. Half-width punctuation between Chinese characters, when the text also has the full-width form.
    for half, full in _HALF_TO_FULL.items():
        if full not in text:
            continue
        if half in "()":
            pat = re.compile(rf"(?<={_CJK})\(|\((?={_CJK})") if half == "(" else \
                re.compile(rf"(?<={_CJK})\)|\)(?={_CJK})")
        else:
            pat = re.compile(r"(?<=[\u4e00-\u9fff”’）)])" + re.escape(half) + r"(?=[\u4e00-\u9fff“‘（(])")
        hits = [m.start() for m in pat.finditer(text)]
        if not hits:
            continue
        total = text.count(half)
        name = unicodedata.name(full, "").lower().replace("fullwidth ", "").replace(" ", "-")
        if len(hits) == total:
            out.append({"id": f"fullwidth-{name}", "from": half, "to": full, "count": total,
                        "why": f"半角“{half}”夹在汉字之间,而全文其他地方用全角“{full}”:格式转换混用了全角和半角标点",
                        "proposed": True})
            continue
        contexts = Counter(text[i - 2:i + 3] for i in hits if i >= 2)
        for n, (ctx, count) in enumerate(sorted(contexts.items()), start=1):
            if text.count(ctx) != count or ctx.count(half) != 1:
                continue
            out.append({"id": f"fullwidth-{name}-{n}", "from": half, "to": full, "context": ctx, "count": count,
                        "why": f"半角“{half}”夹在汉字之间,而全文其他地方用全角“{full}”",
                        "proposed": True})
    # 2. A space between two Chinese characters inside a paragraph (not after a law's 第X条 / 第X章).
    spaces = Counter()
    for m in re.finditer(rf"({_CJK}{{2}})([ \u3000]+)({_CJK}{{2}})", text):
        before = text[max(0, m.start() - 8):m.start(2)]
        line_start = text.rfind("\n", 0, m.start(2)) + 1
        if re.search(rf"^第[{_CN_NUM}]+[编章节条]$", text[line_start:m.start(2)]) or \
                re.search(rf"第[{_CN_NUM}]+[编章节条]$", before) and text[line_start:m.start(2)].startswith("第"):
            continue
        if m.start(2) - line_start <= 1:
            continue
        spaces[m.group(0)] += 1
    for n, (ctx, count) in enumerate(sorted(spaces.items()), start=1):
        if text.count(ctx) != count:
            continue
        joined = re.sub(r"[ \u3000]+", "", ctx)
        out.append({"id": f"space-{n}", "from": ctx, "to": joined, "count": count,
                    "why": "两个汉字之间有空格:多半是转换时的换行或排版留下的", "proposed": True})
    # 3. 〞/〝 (CJK double prime quotation marks) for ” and “.
    for wrong, right, nm in (("〞", "”", "right"), ("〝", "“", "left")):
        n = text.count(wrong)
        if n:
            out.append({"id": f"quote-{nm}", "from": wrong, "to": right, "count": n,
                        "why": f"“{wrong}”是转换错误,中文引号应为“{right}”", "proposed": True})
    return out


# ----- the folder -----
_ID_SAFE = re.compile(r"[^a-z0-9-]+")


def derive_id(path: Path, meta: Meta) -> str:
    """A folder name a keeper can read: the file name when it is ASCII words (zhiben-2024), else the short
    name in pinyin with the year (anquanshengchanfa-2021 for 安全生产法(2021-06-10).md): a file name whose
    only ASCII is its date would give every law of that day the same, meaningless folder."""
    stem = _ID_SAFE.sub("-", path.stem.lower()).strip("-")
    if re.search(r"[a-z]{3}", stem) and stem not in ("source", "document", "doc"):
        return stem[:48]
    spelled = "".join(pinyin.char_key(ch) for ch in meta.short_name if "\u4e00" <= ch <= "\u9fff")
    spelled = _ID_SAFE.sub("", spelled.lower())[:20]  # short: ids travel in 64-byte button data
    year = (meta.date or "")[:4]
    if spelled:
        return f"{spelled}-{year}" if year else spelled
    return f"doc-{meta.date or 'undated'}"


def _yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def first_markdown_heading(path: Path) -> str | None:
    if path.suffix.lower() != ".md":
        return None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", line)
        if m:
            text = re.sub(r"<[^>]+>|&\w+;", "", m.group(1)).strip()
            if text:
                return text
    return None


@dataclass(frozen=True)
class Imported:
    folder: Path
    meta: Meta
    proposals: int


def import_document(path: Path, knowledge: Path, doc_id: str | None = None, *, force: bool = False) -> Imported:
    """Extract, describe and write one document folder (not checked here: see `bot.cli.cmd_import`)."""
    if not path.is_file():
        raise UserFacingError(f"{path}: file not found")
    if path.suffix.lower() not in READERS:
        raise UserFacingError(f"{path}: cannot import {path.suffix or 'a file without an extension'} "
                              f"(known: {', '.join(READERS)})")
    text = extract(path)  # KnowledgeError (a UserFacingError) names the file
    if not re.search(_CJK, text):
        raise UserFacingError(f"{path}: no Chinese text found")
    meta = find_meta(text, first_markdown_heading(path))
    doc_id = doc_id or derive_id(path, meta)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", doc_id):
        raise UserFacingError(f"--id {doc_id!r}: use letters, digits, '-', '_' and '.' only")
    folder = knowledge / doc_id
    if folder.exists() and any(folder.iterdir()) and not force:
        raise UserFacingError(f"{folder} already exists (choose another --id, or remove it first)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(text, encoding="utf-8")
    (folder / "meta.yaml").write_text(
        "# Found in the text by `python -m bot import`; correct anything wrong. not_found: what it could not find.\n"
        "# archived: true keeps the document without serving it.\n" + _yaml(meta.as_yaml(path, doc_id)),
        encoding="utf-8")
    (folder / "qa.yaml").write_text("# Curated questions (see README: Adding a Q&A entry).\n[]\n", encoding="utf-8")
    proposals = propose_corrections(text)
    header = ("# PROPOSAL by `python -m bot import`: suspected conversion errors. An entry marked\n"
              "# `proposed: true` is NOT applied; confirm one by deleting that line, or delete the entry.\n"
              "# A swapped word (平安 for 安全) cannot be found by a rule: add such repairs by hand.\n")
    (folder / "corrections.yaml").write_text(header + (_yaml(proposals) if proposals else "[]\n"), encoding="utf-8")
    return Imported(folder, meta, len(proposals))


_KIND_CN = {"law": "法律法规(编/章/节/条)", "official": "公文(一、/(一)/1./(1))", "speech": "讲话(第一/一是/一要…)",
            "plain": "无编号(按段落)"}
_KEY_CN = {"issuer": "发文机关", "number": "文号", "date": "日期"}


def understood(done: Imported, doc, kb) -> str:
    """What the import understood, in Chinese: the facts found and not found, the corrections proposed, and
    the outline (every heading, to the second level; deeper units counted)."""
    m = done.meta
    lines = [f"标题:{m.title}", f"简称:{m.short_name}"]
    lines += [f"{_KEY_CN[k]}:{v}" for k, v in (("issuer", m.issuer), ("number", m.number), ("date", m.date)) if v]
    if m.not_found:
        lines.append("未找到:" + "、".join(_KEY_CN[k] for k in m.not_found) + "(可在 meta.yaml 中补上)")
    lines.append(f"疑似转换错误:{done.proposals} 处,见 corrections.yaml(确认前不生效)" if done.proposals
                 else "疑似转换错误:无")
    if doc is None:
        lines.append("未能读取这份文件的结构(见下面的问题)。")
        return "\n".join(lines)
    sp = doc.speech
    lines.append(f"结构:{_KIND_CN.get(sp.kind, sp.kind)};{len(sp.sentences)} 句,{len(sp.passages)} 段")
    lines.append("提纲:")
    for section in sp.sections:
        lines.append(f"  {section.title}")
        for sub in section.subpoints:
            deeper = len(sub.passage_ids) - 1
            heading = f"{sub.label} {sub.heading}".strip() if not sub.label.endswith(("）", ")", "、")) \
                else f"{sub.label}{sub.heading}"
            lines.append(f"    {heading}" + (f"(下含 {deeper} 项)" if deeper > 0 else ""))
    return "\n".join(lines)
