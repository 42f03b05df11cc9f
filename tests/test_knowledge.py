"""The shipped knowledge base: structure derived from the speech, corrections applied as reviewed,
and every mistake in a knowledge folder reported with the file (and the entry) it is in."""

from __future__ import annotations

import shutil

import pytest
import yaml

from bot.errors import KnowledgeError
from bot.qa.knowledge import load_knowledge
from bot.qa.source import cn_numeral
from tests.helpers_core import (
    DOC_ID,
    KNOWLEDGE,
    SECOND_ID,
    copy_knowledge,
    corrected_source,
    corrections_yaml,
    gid,
    raw_source,
)


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="module")
def doc(kb):
    return kb.document(DOC_ID)


def all_corrected_text(kb, doc) -> str:
    """Everything a user can be shown: title, headings and every sentence, corrected."""
    parts = [doc.speech.title]
    for s in doc.speech.sections:
        parts.append(s.heading)
        parts.extend(sp.heading for sp in s.subpoints)
    parts.extend(kb.sentences[g].text for g in kb.sentences if g.startswith(f"{DOC_ID}/"))
    return "\n".join(parts)


# ----- structure -----
def test_the_speech_has_four_points_with_their_headings(doc):
    points = doc.points
    assert [p.id for p in points] == [gid(p) for p in ("p1", "p2", "p3", "p4")]
    assert [p.label for p in points] == ["第一点", "第二点", "第三点", "第四点"]
    assert points[0].heading == "真重视、不懈怠,坚决守住安全生产这条底线"
    assert points[2].heading == "盯重点、下狠劲,重拳出击抓好安全生产治理整顿"
    assert [s.id for s in doc.speech.sections] == [gid(s) for s in ("intro", "p1", "p2", "p3", "p4", "closing")]


def test_points_three_and_four_have_their_sub_points(doc):
    p3, p4 = doc.points[2], doc.points[3]
    assert [(s.id, s.label, s.heading) for s in p3.subpoints] == [
        (gid("p3.1"), "一要", "持续加大隐患排查整治力度"),
        (gid("p3.2"), "二要", "扎实开展重点领域专项整治"),
        (gid("p3.3"), "三要", "切实加强安全防范和应急值守"),
    ]
    assert [(s.id, s.heading) for s in p4.subpoints] == [
        (gid("p4.1"), "落实党政领导责任"), (gid("p4.2"), "落实部门监管责任"), (gid("p4.3"), "落实企业主体责任"),
    ]
    assert doc.points[0].subpoints == () and doc.points[1].subpoints == ()


def test_the_mining_and_construction_passages_have_ids_and_title_paths(kb):
    mining, building = kb.passages[gid("p3.2.1")], kb.passages[gid("p3.2.2")]
    assert mining.title == "非煤矿山方面"
    assert building.title == "建筑安全方面"
    assert building.path == ("第三点 盯重点、下狠劲,重拳出击抓好安全生产治理整顿", "二要 扎实开展重点领域专项整治", "建筑安全方面")
    assert mining.path[:2] == building.path[:2]
    assert kb.passage_text(gid("p3.2.1")).startswith("春节已过,对节前停工停产的非煤矿山企业")
    assert building.sentence_ids == tuple(gid(f"p3.2.2.s{n}") for n in (1, 2, 3, 4))
    assert "严禁建筑施工赶工期、追进度" in kb.sentences[gid("p3.2.2.s4")].text


def test_sentence_ids_are_stable_and_in_reading_order(kb):
    ids = [g for g in kb.sentences if g.startswith(f"{DOC_ID}/")]
    assert ids[0] == gid("intro.s1") and ids[-1] == gid("closing.s1")
    assert [kb.sentences[g].position for g in ids] == list(range(len(ids)))
    assert kb.sentences[gid("p4.2.s3")].text.startswith("要制定完善负有安全生产监管职责部门的权力、责任“两张清单”")


def test_no_text_of_the_speech_is_lost_between_sentences(kb, doc):
    """Between consecutive sentences there is only a space, the title, a point's heading or a passage marker."""
    corrected = corrected_source()
    allowed = {"", doc.speech.title} | {f"{cn_numeral(p.ordinal)}、{p.heading}" for p in doc.points}
    allowed |= {f"{p.title}:" for p in kb.passages.values() if p.title}
    pos = 0
    for g in (g for g in kb.sentences if g.startswith(f"{DOC_ID}/")):
        i = corrected.find(kb.sentences[g].text, pos)
        assert i >= 0, f"{g} is not in the corrected speech after position {pos}"
        assert corrected[pos:i].strip() in allowed, (g, corrected[pos:i])
        pos = i + len(kb.sentences[g].text)
    assert corrected[pos:].strip() == ""


# ----- corrections -----
def test_every_correction_is_applied_as_many_times_as_declared(doc):
    declared = {c["id"]: c.get("count", 1) for c in corrections_yaml()}
    assert doc.speech.applied == declared


def test_no_pingan_is_left_in_anything_a_user_is_shown(kb, doc):
    text = all_corrected_text(kb, doc)
    assert "平安" not in text
    assert doc.speech.title == "县长在全县安全生产会议上的讲话"
    assert doc.speech.title_original == "县长在全县平安生产会议上的讲话"


def test_only_the_five_declared_kaizhan_become_fazhan(kb, doc):
    raw = raw_source()
    corrected = "".join(kb.sentences[g].text for g in kb.sentences if g.startswith(f"{DOC_ID}/"))
    assert raw.count("开展") == 10
    assert corrected.count("开展") == 5
    assert corrected.count("发展") == raw.count("发展") + 5
    for kept in ("扎实开展专项治理", "扎实开展隐患排查治理", "对不开展隐患查改的", "扎实开展重点领域专项整治", "有重点地开展现场核查"):
        assert kept in corrected
    for fixed in ("持续健康发展", "促进经济社会发展", "我县发展面临", "改革发展稳定", "转型发展"):
        assert fixed in corrected


def test_the_converter_quote_mark_is_gone_and_quotes_are_balanced(kb, doc):
    text = all_corrected_text(kb, doc)
    assert "〞" not in text
    assert text.count("“") == text.count("”") == 18


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("原那么", "原则"), ("根底", "基础"), ("储藏", "储备"), ("无视", "忽视"), ("催促", "督促"), ("到达", "达到"),
     ("发奋有为", "奋发有为"), ("称的上", "称得上"), ("刚刚", "刚才"), ("人手缺乏", "人手不足")],
)
def test_each_known_wrong_word_is_repaired(kb, doc, wrong, right):
    text = all_corrected_text(kb, doc)
    assert wrong not in text
    assert right in text


def test_the_original_wording_is_kept_beside_the_corrected_one(kb):
    raw = raw_source()
    s = kb.sentences[gid("p3.2.2.s4")]
    assert "建筑施工安全监管" in s.text
    assert "建筑施工平安监管" in s.original
    assert s.original in raw
    for sentence in kb.sentences.values():
        assert sentence.original in raw


def test_the_corrected_text_matches_an_independent_application_of_corrections_yaml(kb):
    corrected = corrected_source()
    for g, sentence in kb.sentences.items():
        assert sentence.text in corrected, g


# ----- Q&A, facts, dictionaries -----
def test_every_point_and_sub_point_has_a_curated_question(kb, doc):
    covered = {kb.passage_of(t) for e in kb.qa for t in e.targets}
    sections = {p.section_id for p in covered}
    subpoints = {p.subpoint_id for p in covered if p.subpoint_id}
    assert {gid(p) for p in ("p1", "p2", "p3", "p4")} <= sections
    assert {sp.id for p in doc.points for sp in p.subpoints} <= subpoints


def test_qa_ids_and_targets_are_global_ids_of_existing_sentences(kb):
    assert kb.qa, "no curated questions"
    for e in kb.qa:
        assert e.id.startswith(f"{DOC_ID}/")
        assert e.targets and all(t in kb.sentences for t in e.targets), e.id
        positions = [kb.sentences[t].position for t in e.targets]
        assert positions == list(range(positions[0], positions[0] + len(positions))), f"{e.id}: targets not consecutive"


def test_the_meeting_fact_comes_from_meta_yaml(kb):
    fact = next(f for f in kb.facts if f.id == gid("fact:meeting"))
    assert "全县安全生产会议" in fact.answer


def test_the_shared_dictionaries_are_loaded(kb):
    assert "建筑施工" in kb.synonyms["工地"]
    assert "非煤矿山" in kb.synonyms["矿上"]
    assert "应急值守" in kb.synonyms["值班"]
    assert kb.glossary["construction"] == ("建筑施工",)
    words = {w for w, _, _ in kb.userdict}
    assert {"非煤矿山", "复工复产", "一岗双责", "党政同责", "安委会", "两张清单"} <= words
    assert "什么" in kb.stopwords


# ----- broken knowledge folders -----
def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    return copy_knowledge(tmp_path)


def load_error(folder) -> str:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    return str(info.value)


def test_a_correction_whose_text_is_not_found_is_refused_by_id(folder):
    path = folder / DOC_ID / "corrections.yaml"
    edit_yaml(path, lambda d: [*d, {"id": "ghost", "from": "幽灵", "to": "鬼魂", "why": "test"}])
    msg = load_error(folder)
    assert str(folder / DOC_ID) in msg and "correction ghost" in msg and "found 0 times" in msg


def test_a_correction_with_the_wrong_count_is_refused_by_id(folder):
    def change(d):
        next(c for c in d if c["id"] == "anquan")["count"] = 62
        return d

    edit_yaml(folder / DOC_ID / "corrections.yaml", change)
    msg = load_error(folder)
    assert str(folder / DOC_ID) in msg and "correction anquan" in msg and "63 times" in msg


def test_overlapping_corrections_are_refused_by_id(folder):
    path = folder / DOC_ID / "corrections.yaml"
    edit_yaml(path, lambda d: [*d, {"id": "twice", "from": "健康开", "to": "健康地开", "context": "持续健康开展",
                                    "why": "test"}])
    msg = load_error(folder)
    assert "overlap" in msg and "twice" in msg and "fazhan-jiankang" in msg


def test_a_correction_without_a_reason_is_refused(folder):
    path = folder / DOC_ID / "corrections.yaml"
    edit_yaml(path, lambda d: [*d, {"id": "nowhy", "from": "幽灵", "to": "鬼魂"}])
    msg = load_error(folder)
    assert str(path) in msg and "nowhy" in msg and "why" in msg


def test_a_qa_entry_pointing_at_a_missing_sentence_is_refused(folder):
    path = folder / DOC_ID / "qa.yaml"
    edit_yaml(path, lambda d: [*d, {"id": "lost", "question": "测试", "answer": "p9.s1"}])
    msg = load_error(folder)
    assert str(path) in msg and "lost" in msg and "p9.s1" in msg


def test_a_qa_range_past_the_end_of_a_passage_is_refused(folder):
    path = folder / DOC_ID / "qa.yaml"
    edit_yaml(path, lambda d: [*d, {"id": "far", "question": "测试", "answer": "p3.3.s2-s9"}])
    msg = load_error(folder)
    assert str(path) in msg and "far" in msg


def test_a_qa_range_written_backwards_is_refused(folder):
    path = folder / DOC_ID / "qa.yaml"
    edit_yaml(path, lambda d: [*d, {"id": "backwards", "question": "测试", "answer": "p1.s5-s3"}])
    msg = load_error(folder)
    assert str(path) in msg and "backwards" in msg


def test_a_related_entry_that_does_not_exist_is_refused(folder):
    path = folder / DOC_ID / "qa.yaml"
    edit_yaml(path, lambda d: [*d, {"id": "lonely", "question": "测试", "answer": "p1.s1", "related": ["nobody"]}])
    msg = load_error(folder)
    assert str(path) in msg and "nobody" in msg


def test_duplicate_qa_ids_are_refused(folder):
    path = folder / DOC_ID / "qa.yaml"
    edit_yaml(path, lambda d: [*d, dict(d[0])])
    msg = load_error(folder)
    assert str(path) in msg and "duplicate" in msg


@pytest.mark.parametrize("name", ["qa.yaml", "corrections.yaml", "meta.yaml"])
def test_malformed_yaml_in_a_document_is_reported_with_path_and_line(folder, name):
    path = folder / DOC_ID / name
    path.write_text("- id: a\n  question: [unclosed\n", encoding="utf-8")
    msg = load_error(folder)
    assert str(path) in msg and "not valid YAML" in msg and "line" in msg


@pytest.mark.parametrize("name", ["synonyms.yaml", "glossary_en.yaml"])
def test_malformed_shared_yaml_is_reported_with_its_path(folder, name):
    path = folder / name
    path.write_text("工地: [建筑施工\n", encoding="utf-8")
    msg = load_error(folder)
    assert str(path) in msg and "not valid YAML" in msg


def test_a_document_folder_without_source_txt_is_reported_not_skipped(folder):
    (folder / DOC_ID / "source.txt").unlink()
    msg = load_error(folder)
    assert str(folder / DOC_ID / "source.txt") in msg


def test_a_source_that_is_not_utf8_is_reported_with_its_path(folder):
    path = folder / DOC_ID / "source.txt"
    path.write_bytes(raw_source().encode("gb18030"))
    msg = load_error(folder)
    assert str(path) in msg and "UTF-8" in msg


def test_a_missing_knowledge_folder_is_reported_with_its_path(tmp_path):
    msg = load_error(tmp_path / "no-such-folder")
    assert str(tmp_path / "no-such-folder") in msg


def test_a_knowledge_folder_without_documents_is_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    shutil.copy(KNOWLEDGE / "synonyms.yaml", tmp_path / "empty" / "synonyms.yaml")
    msg = load_error(tmp_path / "empty")
    assert "no document folder" in msg


def test_a_bad_frequency_in_the_user_dictionary_is_reported_with_its_line(folder):
    path = folder / "userdict.txt"
    path.write_text("非煤矿山 2000 n\n复工复产 lots n\n", encoding="utf-8")
    msg = load_error(folder)
    assert str(path) in msg and "line 2" in msg


# ----- a second speech, added as data alone -----
@pytest.fixture(scope="module")
def two_speeches(tmp_path_factory):
    from bot.qa.matcher import Matcher

    folder = copy_knowledge(tmp_path_factory.mktemp("two"), second=True)
    kb = load_knowledge(folder)
    return kb, Matcher(kb)


def test_a_second_speech_folder_is_loaded_beside_the_first(two_speeches):
    kb, _ = two_speeches
    assert [d.id for d in kb.documents] == [DOC_ID, SECOND_ID]
    second = kb.document(f"{SECOND_ID}/p1")
    assert second.title == "镇长在全镇冬春消防安全会议上的讲话"
    assert [p.heading for p in second.points] == ["提高认识,筑牢冬春火灾防控防线", "突出重点,抓实火灾防控各项措施"]
    assert [(s.id, s.label, s.heading) for s in second.points[1].subpoints] == [
        (gid("p2.1", SECOND_ID), "一要", "加强森林防火巡查"), (gid("p2.2", SECOND_ID), "二要", "整治电动自行车充电隐患"),
    ]
    assert second.speech.applied == {"duchu-wuye": 1}
    assert "督促物业" in kb.sentences[gid("p2.2.s2", SECOND_ID)].text
    assert "催促物业" in kb.sentences[gid("p2.2.s2", SECOND_ID)].original
    assert {e.id for e in kb.qa if e.doc_id == SECOND_ID} == {gid("ebike-charging", SECOND_ID), gid("forest-patrol", SECOND_ID)}
    # The first speech is untouched: same sentences under the same ids.
    assert kb.sentences[gid("p3.2.2.s4")] == load_knowledge(KNOWLEDGE).sentences[gid("p3.2.2.s4")]


def test_every_id_an_object_carries_is_global_and_names_what_is_loaded(two_speeches):
    kb, _ = two_speeches
    for g, sentence in kb.sentences.items():
        assert sentence.id == g and sentence.passage_id in kb.passages
        assert kb.document(g).id == g.split("/", 1)[0] and kb.local_id(g) == g.split("/", 1)[1]
    for g, passage in kb.passages.items():
        assert passage.id == g and all(s in kb.sentences for s in passage.sentence_ids)
        assert kb.document(passage.section_id) is kb.document(g)
    for doc in kb.documents:
        for section in doc.speech.sections:
            assert section.id.startswith(f"{doc.id}/") and all(p in kb.passages for p in section.passage_ids)
            for sub in section.subpoints:
                assert sub.id.startswith(f"{doc.id}/") and all(p in kb.passages for p in sub.passage_ids)


def test_search_returns_the_ids_of_the_passages_that_contain_the_word(two_speeches):
    """Passages of two speeches at the same place (结束语) are two passages, not one."""
    kb, _ = two_speeches
    hits = kb.search("安全")
    assert hits and hits == [g for g in kb.passages if "安全" in kb.passage_text(g)]
    assert gid("closing") in hits and gid("closing", SECOND_ID) not in hits
    assert kb.search("") == []


def test_questions_about_either_speech_are_answered_with_ids_of_that_speech(two_speeches):
    _, matcher = two_speeches
    r = matcher.ask("楼道里能给电动自行车充电吗")
    assert r.status == "answered"
    assert r.answers[0].id == gid("p2.2.s2", SECOND_ID)
    # With two documents served, the 出处 names the document first (its short name: here the title).
    assert r.answers[0].source == ("《镇长在全镇冬春消防安全会议上的讲话》", "第二点 突出重点,抓实火灾防控各项措施",
                                   "二要 整治电动自行车充电隐患")
    r = matcher.ask("护林员巡山")
    assert r.status == "answered" and r.answers[0].id == gid("p2.1.s2", SECOND_ID)
    r = matcher.ask("建筑施工安全有什么要求")
    assert r.status == "answered" and r.answers[0].id == gid("p3.2.2.s4")


def test_the_second_speechs_curated_questions_and_facts_are_answered(two_speeches):
    kb, matcher = two_speeches
    for entry in (e for e in kb.qa if e.doc_id == SECOND_ID):
        r = matcher.ask(entry.question)
        assert r.status == "answered" and r.answers[0].id == entry.targets[0], entry.question
    r = matcher.ask("冬春消防安全会议是谁主持的")
    assert r.status == "answered" and r.answers[0].id == gid("fact:meeting", SECOND_ID)


def test_out_of_scope_replies_list_the_points_of_both_speeches(two_speeches):
    _, matcher = two_speeches
    r = matcher.ask("明天会下雨吗")
    assert r.status == "no_answer"
    assert [s.id for s in r.suggestions] == [gid(p) for p in ("p1", "p2", "p3", "p4")] + [
        gid("p1", SECOND_ID), gid("p2", SECOND_ID)]


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        (f"{DOC_ID}/meta.yaml", "title: 测试\nfacts: 5\n", "'facts' must be a list"),
        (f"{DOC_ID}/corrections.yaml", "- {id: c1, from: 平安, to: 安全, context: 5, why: w}\n", "c1"),
        (f"{DOC_ID}/corrections.yaml", "- {id: c2, from: 平安, to: 安全, count: true, why: w}\n", "c2"),
        ("stopwords.txt", None, "not UTF-8"),
        ("userdict.txt", None, "not UTF-8"),
    ],
)
def test_a_wrongly_shaped_knowledge_file_is_reported_not_a_crash(folder, name, text, problem):
    path = folder / name
    if text is None:
        path.write_bytes("非煤矿山 停产整顿\n".encode("gb18030"))
    else:
        path.write_text(text, encoding="utf-8")
    msg = load_error(folder)
    assert str(path) in msg and problem in msg
