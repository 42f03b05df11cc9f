"""Pinyin keys for catching typos from pinyin input (排察 for 排查, 值手 for 值守).

Only pypinyin's single-character table is read (straight from its JSON file, without importing the
package, whose phrase tables cost time and memory the matcher does not need). A key drops tones
only: folding the sounds people confuse (zh/z, -ng/-n) was tried and made common words collide
with the speech's terms (晚上 wan shang → 完善 wan shan), so keys stay exact.
"""

from __future__ import annotations

import importlib.util
import json
import os
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - dependency missing
        return {}
    path = os.path.join(list(spec.submodule_search_locations)[0], "pinyin_dict.json")
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    return {int(k): v.split(",", 1)[0] for k, v in raw.items()}


def _fold(syllable: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    return s.replace("ü", "v")


@lru_cache(maxsize=65536)
def char_key(ch: str) -> str:
    reading = _table().get(ord(ch))
    return _fold(reading) if reading else ch


def key(word: str) -> str:
    """A sound key for a word: characters that read alike give the same key."""
    return " ".join(char_key(ch) for ch in word)
