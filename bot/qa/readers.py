"""How a document's file becomes its text: one reader per file type.

A reader returns plain text with **one paragraph per line** (what `bot.qa.structure` reads): markup
removed, HTML entities decoded, each line without its indentation, blank lines dropped. Whitespace
inside a paragraph is kept as it is; a paragraph is never split at it.

* ``.txt``: as written (UTF-8; a UTF-8 BOM or GB18030 text is accepted by `extract` for importing);
* ``.md``: YAML front matter, HTML comments and HTML tags (a letterhead ``<div>``/``<p>``) removed,
  heading marks (``## ``), emphasis and link syntax removed, entities (``&emsp;``) decoded;
* ``.html``/``.htm``: the text of the body, block elements as paragraphs, script/style left out;
* ``.docx``: the paragraphs and table cells, in order (python-docx, the optional ``import`` extra);
* ``.pdf``: the text of each page (pypdf, the optional ``import`` extra), with the lines a PDF
  breaks a paragraph into joined again (a line as wide as a full line continues in the next one unless
  the next opens with numbering; a shorter one ends its paragraph). Measured on a generated PDF of the
  State Council notice: every character extracted as written.

A document folder holds one ``source.<ext>``; `read_source` reads it with the reader of its type
(``python -m bot import`` writes ``source.txt``, the extracted text, so serving reads text only).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from bot.errors import KnowledgeError
from bot.qa import lazyre as re
from bot.texts import Msg

SOURCE_STEM = "source"
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
               "article", "blockquote", "pre", "hr", "ul", "ol", "dd", "dt", "td", "th", "title", "header",
               "footer"}


def tidy_lines(text: str) -> str:
    """One paragraph per line: each line stripped of its surrounding whitespace, blank lines dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def read_txt(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class _TextOf(HTMLParser):
    def __init__(self, keep_newlines: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.keep_newlines = keep_newlines

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            # In HTML a line break in the text is a space (none between Chinese characters); in Markdown
            # with HTML inside, lines are paragraphs.
            self.parts.append(data if self.keep_newlines else _join_wrapped(data))


def _join_wrapped(data: str) -> str:
    data = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])", "", data)
    return re.sub(r"[ \t]*\n[ \t]*", " ", data)


def html_text(markup: str, keep_newlines: bool = False) -> str:
    """The text of an HTML page or fragment, block elements as paragraphs."""
    p = _TextOf(keep_newlines)
    p.feed(markup)
    p.close()
    return "".join(p.parts)


def read_html(path: Path) -> str:
    raw = path.read_bytes()
    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:2000])
    encoding = m.group(1).decode() if m else "utf-8"
    try:
        text = raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        text = raw.decode("utf-8")
    if "<body" in text.lower():  # the <title> of a page is not its text
        text = text[text.lower().index("<body"):]
    return tidy_lines(html_text(text))


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.M)
_MD_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.M)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|~~)(.+?)\1")
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M)


def markdown_text(text: str) -> str:
    text = _FRONT_MATTER.sub("", text.replace("\r\n", "\n"))
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    if "<" in text:  # HTML inside Markdown (a letterhead): its text, block elements as paragraphs
        text = html_text(text, keep_newlines=True)
    else:
        text = html.unescape(text)
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return tidy_lines(text)


def read_md(path: Path) -> str:
    return markdown_text(path.read_text(encoding="utf-8"))


def read_docx(path: Path) -> str:
    try:
        import docx  # python-docx: the optional `import` extra
    except ImportError:
        raise KnowledgeError(str(path), "reading .docx needs python-docx (pip install -e '.[import]')") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a damaged or foreign file: python-docx raises several kinds
        raise KnowledgeError(str(path), f"not a readable .docx file ({exc.__class__.__name__})") from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
    return tidy_lines("\n".join(lines))


_OPENS_NUMBERED = re.compile(r"^(?:第[零〇一二三四五六七八九十百千]+[编章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")


def _width(line: str) -> int:
    """Printed width in half-width units: Chinese characters and full-width marks take two."""
    return sum(1 if ord(c) < 0x2E80 else 2 for c in line)


def join_pdf_lines(text: str) -> str:
    """A PDF breaks paragraphs into lines: a line as wide as a full line of the page continues in the next
    one (joined without a space between Chinese characters) unless the next opens with numbering; a
    narrower line ends its paragraph."""
    lines = [x.strip() for x in text.replace("\r", "").split("\n") if x.strip()]
    if not lines:
        return ""
    widths = sorted(_width(x) for x in lines)
    full = widths[int(len(widths) * 0.9)]  # the width of a full line (most long lines are full)
    out: list[str] = []
    continues = False
    for line in lines:
        if out and continues and not _OPENS_NUMBERED.match(line):
            prev = out[-1]
            sep = " " if prev[-1].isascii() and line[0].isascii() else ""
            out[-1] = prev + sep + line
        else:
            out.append(line)
        continues = _width(line) >= full - 3  # within a character and a half of a full line
    return "\n".join(out) + "\n"


def read_pdf(path: Path) -> str:
    try:
        import pypdf  # the optional `import` extra
    except ImportError:
        raise KnowledgeError(str(path), "reading .pdf needs pypdf (pip install -e '.[import]')") from None
    try:
        reader = pypdf.PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # damaged, encrypted …
        raise KnowledgeError(str(path), f"not a readable PDF ({exc.__class__.__name__})") from None
    text = join_pdf_lines("\n".join(pages))
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise KnowledgeError(str(path), "no Chinese text could be extracted (a scanned PDF needs OCR first)")
    return text


READERS: dict[str, Callable[[Path], str]] = {
    ".txt": read_txt, ".md": read_md, ".html": read_html, ".htm": read_html, ".docx": read_docx, ".pdf": read_pdf,
}


def source_names() -> tuple[str, ...]:
    """The names a source file may have: source.txt, …"""
    return tuple(f"{SOURCE_STEM}{ext}" for ext in READERS)


def source_files(folder: Path) -> list[Path]:
    """The folder's source files, one per registered type that is present (a document has exactly one)."""
    return [folder / name for name in source_names() if (folder / name).is_file()]


def read_source(path: Path) -> str:
    """The body of a source file, read by the reader of its type; `KnowledgeError` naming the file otherwise."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise KnowledgeError(str(path), f"no reader for {path.suffix or 'files without an extension'} "
                                        f"(known: {', '.join(READERS)})")
    try:
        return reader(path)
    except FileNotFoundError:
        raise KnowledgeError(str(path), Msg("check_file_not_found")) from None
    except UnicodeDecodeError:
        raise KnowledgeError(str(path), Msg("check_not_utf8")) from None
    except OSError as exc:
        raise KnowledgeError(str(path), Msg("check_cannot_read", reason=exc.strerror)) from None


def extract(path: Path) -> str:
    """The text of a file being imported: as `read_source`, and a .txt may also be GB18030 or carry a BOM."""
    if path.suffix.lower() == ".txt":
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                return tidy_lines(raw.decode(enc))
            except UnicodeDecodeError:
                continue
        raise KnowledgeError(str(path), "not UTF-8 or GB18030 text")
    return read_source(path)
