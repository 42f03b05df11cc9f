"""Normalise text before matching: width, script, the source's wrong words, punctuation.

Questions arrive from phones: full-width letters, traditional characters, pasted text from the
faulty source (平安生产 for 安全生产), emoji and control characters. Everything that is compared
with the knowledge base goes through `normalise` first, knowledge and question alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from bot.qa import lazyre as re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_LATIN_WORD_RE = re.compile(r"[a-z][a-z'\-]*")
_KEEP_RE = re.compile(f"[^{_CJK}a-z0-9]+")


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc  # imported lazily: the converter loads its dictionaries on first use

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese with OpenCC: characters (tw2s: 著手 → 着手), and Taiwan usage (tw2sp: 資訊 → 信息)
    only where the text was written in traditional characters.

    tw2sp matches its phrases without knowing word boundaries, and some are written alike in both scripts:
    安全形势 holds 全形 (Taiwan's "full-width", mainland 全角) and came out as 安全角势. A phrase change is
    therefore kept only over characters that tw2s changed too (資訊: 資 is traditional; 全形 is not)."""
    if not _CJK_RE.search(text):
        return text
    chars = _opencc("tw2s").convert(text)
    if chars == text:  # nothing written in traditional characters: no Taiwan phrasing to map
        return chars
    phrased = _opencc("tw2sp").convert(text)
    if phrased == chars:
        return chars
    if len(phrased) != len(chars) or len(chars) != len(text):  # 網際網路 → 互联网: no character alignment
        return phrased
    out = list(chars)
    i = 0
    while i < len(chars):
        if phrased[i] == chars[i]:
            i += 1
            continue
        j = i
        while j < len(chars) and phrased[j] != chars[j]:
            j += 1
        if text[i:j] != chars[i:j]:  # the changed run was written in traditional characters
            out[i:j] = phrased[i:j]
        i = j
    return "".join(out)


def clean(text: str) -> str:
    """NFKC (full-width → ASCII), control characters removed, traditional → simplified, lower case."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return to_simplified(text).lower()


@lru_cache(maxsize=8)
def _replacer(pairs: tuple[tuple[str, str], ...]):
    """One compiled pass for many replacements; the longest text wins where several start at a place."""
    table = dict(pairs)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: table[m.group(0)], text)


def normalise(text: str, replacements: Iterable[tuple[str, str]] = ()) -> str:
    """`clean`, then the source's systematic wrong words, then punctuation and spacing folded to single spaces."""
    text = clean(text)
    pairs = tuple(replacements)
    if pairs:
        text = _replacer(pairs)(text)
    return _KEEP_RE.sub(" ", text).strip()


def fold(cleaned: str, replacements: Iterable[tuple[str, str]] = ()) -> str:
    """`normalise` of a text that has been through `clean` already."""
    pairs = tuple(replacements)
    if pairs:
        cleaned = _replacer(pairs)(cleaned)
    return _KEEP_RE.sub(" ", cleaned).strip()


def strip_punctuation(text: str) -> str:
    """For comparing quotes: only CJK characters, letters and digits."""
    return _KEEP_RE.sub("", clean(text))


def cjk_count(text: str) -> int:
    return len(_CJK_RE.findall(text))


def latin_words(text: str) -> list[str]:
    return _LATIN_WORD_RE.findall(text)


def is_english(text: str) -> bool:
    """More Latin letters than Chinese characters: the user asked in English."""
    letters = sum(len(w) for w in latin_words(text))
    return letters > 0 and letters >= 2 * cjk_count(text)
