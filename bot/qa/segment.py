"""Word segmentation with a private jieba Tokenizer over a small, derived dictionary.

jieba's default dictionary (350,000 words) costs about 0.8 s and 90 MB to load, most of it words
the speech never uses. The tokenizer here is built from the default dictionary's lines for the words
that occur in the knowledge base (speech, Q&A, synonyms, glossary), plus the project's user
dictionary and the stop words; words outside the knowledge base are still split by jieba's HMM, and
cannot match anyway. Filtering the 5 MB file takes about 0.25 s, so, like jieba's own cache of its
dictionary, the result is kept in the temporary folder under a key of the dictionary file and the
wanted words: a changed knowledge base or jieba version makes a new one.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import tempfile
import types
from collections.abc import Iterable

from bot.qa.cachekey import digest


def _import_jieba():
    """Import jieba without pkg_resources and without OpenSSL. jieba only uses pkg_resources to open its
    own data files (and falls back to open() without it), and importing it costs about 0.1 s of every
    start-up. It imports hashlib's md5 only to name the cache of a dictionary other than its own (never
    loaded here), and hashlib loads OpenSSL's libcrypto (3.7 MB resident): it gets CPython's own MD5
    (the keys of this package's caches do without hashlib too: `bot.qa.cachekey`). Either stand-in is
    there only while jieba is imported, and only when the real module has not been imported already."""
    stand_ins: dict[str, types.ModuleType | None] = {}
    if "pkg_resources" not in sys.modules:
        stand_ins["pkg_resources"] = None  # makes `import pkg_resources` fail
    if "hashlib" not in sys.modules:
        try:
            from _md5 import md5
        except ImportError:  # pragma: no cover - a Python without its own MD5: jieba imports hashlib
            pass
        else:
            stand_ins["hashlib"] = types.ModuleType("hashlib")
            stand_ins["hashlib"].md5 = md5  # type: ignore[union-attr]
    sys.modules.update(stand_ins)  # type: ignore[arg-type]
    try:
        import jieba
    finally:
        for name in stand_ins:
            del sys.modules[name]
    return jieba


jieba = _import_jieba()
jieba.setLogLevel(logging.WARNING)
logging.getLogger("jieba").setLevel(logging.WARNING)

MAX_WORD = 8


def _substrings(texts: Iterable[str]) -> set[str]:
    subs: set[str] = set()
    for text in texts:
        n = len(text)
        for i in range(n):
            for k in range(2, MAX_WORD + 1):
                if i + k > n:
                    break
                subs.add(text[i:i + k])
    return subs


def _default_dict_lines(wanted: set[str], chars: set[str]) -> tuple[list[str], int]:
    """Lines of jieba's default dictionary for the wanted words and single characters, and the
    dictionary's total frequency (kept so that word probabilities, and so segmentation, stay as with
    the full dictionary)."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    stat = os.stat(path)
    key = digest(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    key.update("\n".join(sorted(wanted)).encode())
    key.update("".join(sorted(chars)).encode())
    cache = os.path.join(tempfile.gettempdir(), f"safety-bot-dict.{key.hexdigest()[:20]}.txt")
    try:
        with open(cache, encoding="utf-8") as f:
            total_line, *lines = f.read().splitlines()
        return lines, int(total_line)
    except (OSError, ValueError):
        pass
    out = []
    total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, rest = line.partition(" ")
            total += int(rest.split(" ", 1)[0])
            if word in wanted or (len(word) == 1 and word in chars):
                out.append(line.rstrip("\n"))
    try:  # write to a private file, then rename: a concurrent reader never sees half a file
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cache), prefix="safety-bot-dict.")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join([str(total), *out]) + "\n")
        os.replace(tmp, cache)
    except OSError:  # a read-only temporary folder only costs the next start-up the same 0.25 s
        pass
    return out, total


class Segmenter:
    """Segments text into words; built once per knowledge base, then only queries are cut per call."""

    def __init__(self, corpus: Iterable[str], extra_words: Iterable[tuple[str, int | None, str | None]] = ()):
        corpus = list(corpus)
        lines, total = _default_dict_lines(_substrings(corpus), {ch for text in corpus for ch in text})
        self._tok = jieba.Tokenizer()
        data = ("\n".join(lines) + "\n").encode("utf-8")
        self._tok.FREQ, _ = self._tok.gen_pfdict(io.BytesIO(data))
        self._tok.total = total
        self._tok.initialized = True
        for word, freq, tag in extra_words:
            self._tok.add_word(word, freq, tag)
        self.vocabulary = frozenset(w for w, f in self._tok.FREQ.items() if f > 0)

    def __getstate__(self) -> dict:
        """What a prepared index (`bot.qa.prepared`) keeps: the tokenizer's dictionary, not its lock."""
        tok = self._tok
        return {"freq": tok.FREQ, "total": tok.total, "tags": tok.user_word_tag_tab, "vocabulary": self.vocabulary}

    def __setstate__(self, state: dict) -> None:
        self._tok = jieba.Tokenizer()
        self._tok.FREQ, self._tok.total = state["freq"], state["total"]
        self._tok.user_word_tag_tab = state["tags"]
        self._tok.initialized = True
        self.vocabulary = state["vocabulary"]

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """A word the tokenizer should keep whole (a lexicon synonym of a word of the speech)."""
        self._tok.add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        """Words of a normalised text (spaces separate runs and are dropped)."""
        return [w for w in self._tok.cut(text, HMM=True) if w.strip()]
