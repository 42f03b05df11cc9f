"""The prepared index (`bot.qa.prepared`): kept on disk per knowledge content, rebuilt when the content
changes, a corrupt file ignored and rebuilt over; a matcher loaded from it answers as one just built."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil

import pytest

from bot.config import MatcherConfig
from bot.qa import prepared
from bot.qa.matcher import Matcher
from tests.helpers_core import KNOWLEDGE

QUESTIONS = ["建筑施工安全有什么要求", "礦山復工要求", "值班制度", "construction site safety", "医保怎么报销"]


@pytest.fixture()
def folder(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    return root


def _cache_files(cache):
    return sorted(cache.glob(prepared.PREFIX + "*.pickle"))


def _answers(m):
    return [(r.status, [a.id for a in r.answers], [s.id for s in r.suggestions]) for r in map(m.ask, QUESTIONS)]


def test_a_second_start_loads_the_prepared_index_instead_of_building(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    built = Matcher.prepared(folder, cache_dir=str(cache))
    assert len(_cache_files(cache)) == 1

    def no_build(*args, **kwargs):
        raise AssertionError("rebuilt although the content did not change")

    monkeypatch.setattr(Matcher, "__init__", no_build)
    loaded = Matcher.prepared(folder, cache_dir=str(cache))
    assert loaded is not built
    assert _answers(loaded) == _answers(built)


def test_a_changed_file_makes_a_new_index(folder, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    Matcher.prepared(folder, cache_dir=str(cache))
    before = prepared.content_key(folder)
    synonyms = folder / "synonyms.yaml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8") + "\n盖楼: [建筑施工]\n", encoding="utf-8")
    assert prepared.content_key(folder) != before
    m = Matcher.prepared(folder, cache_dir=str(cache))
    assert len(_cache_files(cache)) == 2
    assert "盖楼" in m.index.synonyms


def test_a_new_document_folder_makes_a_new_index(folder, tmp_path):
    before = prepared.content_key(folder)
    (folder / "extra").mkdir()
    (folder / "extra" / "source.txt").write_text("一、总则\n安全第一。\n", encoding="utf-8")
    assert prepared.content_key(folder) != before


@pytest.mark.parametrize("garbage", [b"", b"not a pickle at all", pickle.dumps({"a": 1})])
def test_a_corrupt_index_file_is_ignored_and_rebuilt(folder, tmp_path, garbage):
    cache = tmp_path / "cache"
    cache.mkdir()
    path = prepared.cache_path(folder, str(cache))
    path.write_bytes(garbage)
    m = Matcher.prepared(folder, cache_dir=str(cache))
    assert m.ask("建筑施工安全有什么要求").status == "answered"
    with open(path, "rb") as f:
        assert isinstance(pickle.load(f), Matcher)  # rebuilt over


def test_a_truncated_index_file_is_rebuilt(folder, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    Matcher.prepared(folder, cache_dir=str(cache))
    (path,) = _cache_files(cache)
    path.write_bytes(path.read_bytes()[:1000])
    m = Matcher.prepared(folder, cache_dir=str(cache))
    assert m.ask("值班制度").status == "answered"


def test_the_settings_are_applied_after_loading(folder, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    Matcher.prepared(folder, cache_dir=str(cache))
    cfg = dataclasses.replace(MatcherConfig(), answer_threshold=0.99, clarify_threshold=0.5, max_suggestions=1)
    m = Matcher.prepared(folder, cfg, cache_dir=str(cache))
    assert (m.answer_threshold, m.clarify_threshold, m.cfg.max_suggestions) == (0.99, 0.5, 1)


def test_a_prepared_matcher_answers_as_a_built_one(matcher):
    from bot.qa.evaluate import load_questions
    from bot.qa.knowledge import load_knowledge
    from tests.helpers_core import SHARED_EVAL, TEAM_EVAL

    fresh = Matcher(load_knowledge(matcher.kb.root), matcher.cfg)
    loaded = pickle.loads(pickle.dumps(fresh))
    loaded.configure(matcher.cfg)
    for item in [*load_questions(SHARED_EVAL), *load_questions(TEAM_EVAL)]:
        a, b = fresh.ask(item.question), loaded.ask(item.question)
        assert (a.status, [x.id for x in a.answers], [s.id for s in a.suggestions]) == \
            (b.status, [x.id for x in b.answers], [s.id for s in b.suggestions]), item.question


def test_a_prepared_index_another_user_could_write_to_is_not_read(folder, tmp_path, monkeypatch, caplog):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    Matcher.prepared(folder, cache_dir=str(cache))
    [path] = _cache_files(cache)
    path.chmod(0o666)  # as if someone else could have replaced it: unpickling it would run their code
    loads = []
    monkeypatch.setattr(prepared.pickle, "load", lambda f: loads.append(f) or pytest.fail("unpickled"))
    rebuilt = Matcher.prepared(folder, cache_dir=str(cache))
    assert loads == [] and "writable by another user" in caplog.text
    assert _answers(rebuilt)[0][0] == "answered"


def test_the_default_cache_folder_is_this_users_own():
    folder = prepared.private_dir()
    st = folder.stat()
    assert st.st_uid == os.getuid() and st.st_mode & 0o077 == 0


def test_prepared_indexes_of_old_contents_are_removed_after_a_week(folder, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    old = cache / f"{prepared.PREFIX}0123456789abcdef01234567.pickle"
    old.write_bytes(b"stale")
    recent = cache / f"{prepared.PREFIX}76543210fedcba9876543210.pickle"
    recent.write_bytes(b"yesterday's")
    week_ago = __import__("time").time() - 8 * 86400
    os.utime(old, (week_ago, week_ago))
    Matcher.prepared(folder, cache_dir=str(cache))
    assert not old.exists() and recent.exists() and len(_cache_files(cache)) == 2
