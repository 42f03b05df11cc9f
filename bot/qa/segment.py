"""Word segmentation with a private jieba Tokenizer over a small, derived dictionary.

jieba's default dictionary (350,000 words) costs about 0.8 s and 90 MB to load, most of it words
the speech never uses. The tokenizer here is built from the default dictionary's lines for the words
that occur in the knowledge base (speech, Q&A, synonyms, glossary), plus the project's user
dictionary and the stop words. Filtering the 5 MB file takes about 0.1 s, so nothing is cached on
disk; words outside the knowledge base are still split by jieba's HMM, and cannot match anyway.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterable

import jieba

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
    out = []
    total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, rest = line.partition(" ")
            total += int(rest.split(" ", 1)[0])
            if word in wanted or (len(word) == 1 and word in chars):
                out.append(line.rstrip("\n"))
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

    def cut(self, text: str) -> list[str]:
        """Words of a normalised text (spaces separate runs and are dropped)."""
        return [w for w in self._tok.cut(text, HMM=True) if w.strip()]
