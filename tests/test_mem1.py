"""Branch mem1: what the core now loads lazily or holds compactly answers as it did.

The general lexicon is looked up by blocks of its table instead of through a memory map, the pinyin
table is kept in the temporary folder in a compact form, regular expressions are compiled at their first
use, and nothing loads OpenSSL. Invented examples; no figure of time or memory is asserted.
"""

from __future__ import annotations

import copy
import json
import pickle
import re
import subprocess
import sys
import tempfile

import pytest

from bot.qa import lazyre, lexicon, pinyin
from tests.helpers_core import DOC_ID, ROOT, shipped_matcher


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


def _answered(matcher, question: str) -> str:
    r = matcher.ask(question)
    assert r.status == "answered", (question, r.status)
    return r.answers[0].id


@pytest.fixture
def fresh_pinyin(tmp_path, monkeypatch):
    """As in a new process on a new machine: no pinyin table read yet, none kept in the temporary folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pinyin._table.cache_clear()
    pinyin.char_key.cache_clear()
    yield tmp_path
    pinyin._table.cache_clear()
    pinyin.char_key.cache_clear()


def test_a_pinyin_typo_is_caught_by_the_first_question_that_needs_the_table(matcher, fresh_pinyin):
    # 排插 (pai cha) for 排查: only the sound finds the speech's word
    assert _answered(matcher, "排插工作怎么搞") == f"{DOC_ID}/p3.1.s4"
    assert list(fresh_pinyin.glob("safety-bot-pinyin.*.bin"))  # kept for the next process


def test_a_pinyin_typo_is_caught_when_the_table_is_read_back_from_the_temporary_folder(matcher, fresh_pinyin):
    pinyin.key("排查")  # the first process parses and keeps the table
    pinyin._table.cache_clear()
    pinyin.char_key.cache_clear()
    # 赶公期 (gan gong qi) for 赶工期, in the next process
    assert _answered(matcher, "建筑施工赶公期行吗") == f"{DOC_ID}/p3.2.2.s4"


def test_a_pinyin_table_kept_broken_is_read_again_from_pypinyin(fresh_pinyin):
    pinyin.key("排查")
    (kept,) = fresh_pinyin.glob("safety-bot-pinyin.*.bin")
    kept.write_bytes(b"zhong\n\x07")  # cut short
    pinyin._table.cache_clear()
    pinyin.char_key.cache_clear()
    assert pinyin.key("排插") == pinyin.key("排查") == "pai cha"
    assert pinyin.key("值手") == pinyin.key("值守")


@pytest.mark.parametrize(("block", "chunk"), [(16, 32), (16, 4096), (64, 128), (4096, 1 << 18)])
def test_every_word_of_the_lexicon_is_found_wherever_its_table_is_cut_into_blocks(tmp_path, monkeypatch, block, chunk):
    words = ["安全", "安全生产", "安全帽", "开工", "动工", "施工", "补贴", "隐患", "一", "龟", "Z字形", "ab"]
    (tmp_path / "dict.txt").write_text("".join(f"{w} {i + 3} n\n" for i, w in enumerate(words)), encoding="utf-8")
    long_group = [f"词{i:03d}" for i in range(40)]  # a line longer than a block
    tree = {"H": {"sub": {"c18C01=": ["动工", "开工", "施工"], "c18C02#": long_group}}}
    (tmp_path / "cilin.json").write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    path = str(tmp_path / "table.tsv")
    lexicon._build(path, str(tmp_path / "dict.txt"), str(tmp_path / "cilin.json"))
    monkeypatch.setattr(lexicon, "_BLOCK", block)
    monkeypatch.setattr(lexicon, "_CHUNK", chunk)  # read in chunks this long (and a margin of two blocks)
    table = lexicon._Table(path)
    lines = (tmp_path / "table.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines:
        assert table.find(line.split("\t", 1)[0]) == line
    for absent in ["", "安", "安全生", "安全生产法", "0", "=Hc18C0", "~", "齉", "词040"]:
        assert table.find(absent) is None, absent
    assert table.find("=Hc18C01=") == "=Hc18C01=\t动工 开工 施工"


def test_the_general_lexicon_still_knows_a_words_category_and_its_synonyms():
    lex = lexicon.Lexicon()
    assert any(c.startswith("Dj07") for c in lex.categories("补贴"))  # money paid (the slots ask this)
    assert lex.info("安全").freq > 0 and lex.info("安全").tag
    assert not lex.info("没有这个词儿").listed
    assert "开工" in lex.synonyms_for(["动工"], set())
    assert lexicon.Lexicon()._table is lex._table  # one open table however many Lexicon objects


def test_a_pattern_compiled_at_a_modules_top_level_works_as_res_own():
    namespace: dict = {}
    exec("from bot.qa import lazyre as re\nP = re.compile(r'(?P<n>[一二三四五六七八九十]+)要')\n", namespace)
    deferred, real = namespace["P"], re.compile(r"(?P<n>[一二三四五六七八九十]+)要")
    assert isinstance(deferred, lazyre.Deferred)
    assert deferred.pattern == real.pattern  # there before its first use, for building other patterns
    text = "一要抓好值班，二要排查隐患，三要"
    assert deferred.search(text).group("n") == real.search(text).group("n") == "一"
    assert deferred.findall(text) == real.findall(text)
    assert deferred.sub("※", text) == real.sub("※", text)
    assert deferred.split(text) == real.split(text)
    assert (deferred.flags, deferred.groups, deferred.groupindex) == (real.flags, real.groups, real.groupindex)
    assert pickle.loads(pickle.dumps(namespace["P"])) == real
    assert copy.deepcopy(namespace["P"]) == real


def test_a_pattern_compiled_inside_a_function_is_compiled_at_once():
    def build(word: str):
        return lazyre.compile(re.escape(word) + "+")

    assert isinstance(build("查"), re.Pattern)


def test_answering_a_question_loads_no_openssl_and_leaves_hashlib_whole():
    code = (
        "import sys\n"
        "from bot.config import load_config\n"
        "from bot.qa.matcher import Matcher\n"
        "m = Matcher.from_config(load_config('config.yaml', environ={}))\n"
        "r = m.ask('礦山復工有什么要求')\n"
        "print(r.status, '_hashlib' in sys.modules, 'hashlib' in sys.modules)\n"
        "import hashlib\n"
        "print(hashlib.sha256(b'x').hexdigest()[:8])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.split("\n")[:2]
    assert first == "answered False False"
    assert second == "2d711642"
