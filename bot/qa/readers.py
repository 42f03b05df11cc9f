"""How a document's source file becomes the speech body: one reader per file type.

A document folder holds one ``source.<ext>``; the reader registered for ``<ext>`` returns its text as
`bot.qa.source.parse_speech` expects it (the title, then paragraphs separated by spaces or new lines).
Only plain text exists today. A new format (.md, .docx, .html) is one function here and one entry in
`READERS`; nothing else changes (the loader finds the file and reports its problems).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.errors import KnowledgeError

SOURCE_STEM = "source"


def read_txt(path: Path) -> str:
    return path.read_text(encoding="utf-8")


READERS: dict[str, Callable[[Path], str]] = {".txt": read_txt}


def source_names() -> tuple[str, ...]:
    """The names a source file may have: source.txt, …"""
    return tuple(f"{SOURCE_STEM}{ext}" for ext in READERS)


def source_files(folder: Path) -> list[Path]:
    """The folder's source files, one per registered type that is present (a document has exactly one)."""
    return [folder / name for name in source_names() if (folder / name).is_file()]


def read_source(path: Path) -> str:
    """The body of a source file, read by the reader of its type; `KnowledgeError` naming the file otherwise."""
    reader = READERS.get(path.suffix)
    if reader is None:
        raise KnowledgeError(str(path), f"no reader for {path.suffix or 'files without an extension'} "
                                        f"(known: {', '.join(READERS)})")
    try:
        return reader(path)
    except FileNotFoundError:
        raise KnowledgeError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise KnowledgeError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise KnowledgeError(str(path), f"cannot read: {exc.strerror}") from None
