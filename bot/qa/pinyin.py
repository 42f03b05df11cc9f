"""Pinyin keys for catching typos from pinyin input (排察 for 排查, 值手 for 值守).

Only pypinyin's single-character table is read (straight from its JSON file, without importing the
package, whose phrase tables cost time and memory the matcher does not need). A key drops tones
only: folding the sounds people confuse (zh/z, -ng/-n) was tried and made common words collide
with the speech's terms (晚上 wan shang → 完善 wan shan), so keys stay exact.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import unicodedata
from array import array
from functools import lru_cache

from bot.qa import lazyre as re
from bot.qa.cachekey import digest

# The characters typed with a pinyin keyboard: CJK Extension A and the Unified Ideographs (and the symbols
# before them); characters beyond them are never typed for a word that sounds alike and are their own key.
# The table is read at the first question with a word the speech does not know. Parsed from pypinyin's
# 41,000-line file it took 33 ms and left ~1 MB behind (a dict of every entry parsed at once had cost 13 MB);
# so it is parsed once per machine into the temporary folder, like jieba's filtered dictionary, as the
# distinct keys (about 400) and, per character, the number of its key in two bytes (`array('H')`, 56 KB):
# read in a millisecond, held in 60 KB.
_FIRST, _END = 0x3000, 0xA000
_LINE = re.compile(r'\s*"(\d+)"\s*:\s*"([^",]+)')
_FORMAT = "1"


def _source() -> str | None:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - dependency missing
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], "pinyin_dict.json")


def _parse(path: str) -> tuple[list[str], array]:
    """pypinyin's single-character readings, tones dropped: the distinct keys, and per character of the
    range the number of its key plus one (0: no reading)."""
    numbers: dict[str, int] = {}
    folded: dict[str, int] = {}
    index = array("H", bytes(2 * (_END - _FIRST)))
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = _LINE.match(line)
            if m and _FIRST <= (code := int(m.group(1))) < _END:
                reading = m.group(2)
                number = folded.get(reading)
                if number is None:
                    number = folded[reading] = numbers.setdefault(_fold(reading), len(numbers) + 1)
                index[code - _FIRST] = number
    return list(numbers), index


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str | None, ...], array]:
    """(None and the keys, the number of each character's key): `keys[index[code - _FIRST]]`."""
    path = _source()
    if path is None:  # pragma: no cover - dependency missing
        return (None,), array("H", bytes(2 * (_END - _FIRST)))
    st = os.stat(path)
    key = digest(f"{_FORMAT}|{path}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:20]
    cache = os.path.join(tempfile.gettempdir(), f"safety-bot-pinyin.{key}.bin")
    try:
        with open(cache, "rb") as f:
            head, _, body = f.read().partition(b"\n")
        index = array("H")
        index.frombytes(body)
        keys = head.decode("utf-8").split(" ")
        if len(index) != _END - _FIRST or max(index) > len(keys):
            raise ValueError(cache)
    except (OSError, ValueError):
        keys, index = _parse(path)
        try:  # a private file, then rename: a concurrent reader never sees half a file
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cache), prefix="safety-bot-pinyin.")
            with os.fdopen(fd, "wb") as f:
                f.write(" ".join(keys).encode("utf-8") + b"\n" + index.tobytes())
            os.replace(tmp, cache)
        except OSError:  # a read-only temporary folder only costs the next process the same parse
            pass
    return (None, *keys), index


def _fold(syllable: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    return s.replace("ü", "v")


@lru_cache(maxsize=65536)
def char_key(ch: str) -> str:
    code = ord(ch) if len(ch) == 1 else -1
    if not _FIRST <= code < _END:
        return ch
    keys, index = _table()
    reading = keys[index[code - _FIRST]]
    return reading or ch


def key(word: str) -> str:
    """A sound key for a word: characters that read alike give the same key."""
    return " ".join(char_key(ch) for ch in word)
