"""Pinyin keys for catching typos from pinyin input (排察 for 排查, 值手 for 值守).

Only pypinyin's single-character table is read (straight from its JSON file, without importing the
package, whose phrase tables cost time and memory the matcher does not need). A key drops tones
only: folding the sounds people confuse (zh/z, -ng/-n) was tried and made common words collide
with the speech's terms (晚上 wan shang → 完善 wan shan), so keys stay exact.
"""

from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from functools import lru_cache

# The characters typed with a pinyin keyboard: CJK Extension A and the Unified Ideographs (and the symbols
# before them). A list over that range, filled line by line from the file, costs a fraction of a dict of every
# entry parsed at once (which added 13 MB to the process's peak at the first typo); characters beyond it are
# never typed for a word that sounds alike and are their own key.
_FIRST, _END = 0x3000, 0xA000
_LINE = re.compile(r'\s*"(\d+)"\s*:\s*"([^",]+)')


@lru_cache(maxsize=1)
def _table() -> list[str | None]:
    keys: list[str | None] = [None] * (_END - _FIRST)
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - dependency missing
        return keys
    path = os.path.join(list(spec.submodule_search_locations)[0], "pinyin_dict.json")
    folded: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = _LINE.match(line)
            if m and _FIRST <= (code := int(m.group(1))) < _END:
                reading = m.group(2)
                keys[code - _FIRST] = folded.get(reading) or folded.setdefault(reading, _fold(reading))
    return keys


def _fold(syllable: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    return s.replace("ü", "v")


@lru_cache(maxsize=65536)
def char_key(ch: str) -> str:
    code = ord(ch) if len(ch) == 1 else -1
    reading = _table()[code - _FIRST] if _FIRST <= code < _END else None
    return reading or ch


def key(word: str) -> str:
    """A sound key for a word: characters that read alike give the same key."""
    return " ".join(char_key(ch) for ch in word)
