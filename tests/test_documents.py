"""Many documents (issue 12, items 1-4): import, structure as written, isolation, telling documents apart.

Real files (tests/fixtures/documents, copied unchanged from ../shared/corpus) are imported into a
temporary knowledge folder beside the shipped speech; the shipped knowledge/ is never written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.maintenance.check import check_knowledge
from bot.qa.importer import find_meta, first_markdown_heading, import_document, propose_corrections
from bot.qa.knowledge import load_knowledge, read_knowledge
from bot.qa.matcher import Matcher
from bot.qa.readers import extract, read_md
from bot.qa.structure import parse_document

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "tests" / "fixtures" / "documents"
CORPUS = REPO.parent / "shared" / "corpus"
SPEECH = "county-safety-2023"
NOTICE_TITLE = "国务院安全生产委员会关于《安全生产治本攻坚三年行动方案（2024-2026）》的通知"


def _parse(name: str):
    path = DOCS / name
    text = extract(path)
    meta = find_meta(text, first_markdown_heading(path))
    return parse_document(text, [], doc_id="d", title_hint=meta.title), meta


def _titles(speech) -> list[str]:
    return [s.title for s in speech.sections]


# ----- structure, one test per kind, on real files -----
def test_a_law_reads_as_chapters_sections_and_articles_with_their_paragraphs_and_items():
    law, meta = _parse("henan-road.md")
    assert law.kind == "law" and meta.title == "河南省道路交通安全条例"
    assert _titles(law)[:3] == ["开头", "第一章 总则", "第二章 道路交通安全责任"]
    chapter5 = next(s for s in law.sections if s.label == "第五章")
    section1 = chapter5.subpoints[0]
    assert (section1.label, section1.heading) == ("第一节", "一般规定")
    first = law.passages[section1.passage_ids[0]]
    assert first.id == "d/a22" and first.path == ("第五章 道路通行规定", "第一节 一般规定", "第二十二条")
    assert law.sentences["d/a22.s1"].text.startswith("第二十二条")
    # Articles are numbered through the law: every 第X条 paragraph is one article.
    text = extract(DOCS / "henan-road.md")
    articles = re.findall(r"(?m)^第([一二三四五六七八九十百零]+)条", text)
    assert len({p.split(".")[0] for p in law.passages if re.fullmatch(r"d/a\d+", p)}) == len(articles)

    fire, _ = _parse("beijing-fire.md")
    a10 = fire.passages["d/a10"]
    assert a10.path == ("第二章 消防安全责任", "第十条")
    items = "".join(fire.sentences[s].text for s in a10.sentence_ids)
    assert "（一）开展消防法律" in items and "（七）其他依法应当履行的消防安全职责" in items  # 项 stay in the article


def test_an_official_document_reads_as_its_numbered_levels_past_the_letterhead():
    notice, meta = _parse("zhiben-2024.md")
    assert notice.kind == "official" and notice.title == NOTICE_TITLE  # not 国务院安全生产委员会文件
    assert meta.number == "安委会〔2024〕2号" and meta.date == "2024-01-21" and meta.issuer == "国务院安全生产委员会"
    assert meta.short_name == "安全生产治本攻坚三年行动方案"
    assert [s.title for s in notice.sections if s.kind == "point"] == [
        "一、 总体要求", "二、 任务分工", "三、 主要任务", "四、 保障措施"]
    task3 = next(s for s in notice.sections if s.label == "三、")
    assert [sp.label for sp in task3.subpoints] == [f"({n})" for n in "一二三四五六七八"]
    # 1.–20. run on through （一）–（八）: item 20 stands under （八）.
    item20 = notice.passages["d/p3.8.20"]
    assert item20.path == ("三、主要任务", "(八)开展全民安全素质提升行动", "20.")
    assert notice.sentences[item20.sentence_ids[0]].text.startswith("20.深化公路水运建设“平安工程”")
    guarantee = next(s for s in notice.sections if s.label == "四、")
    assert [sp.heading for sp in guarantee.subpoints][:2] == ["加强组织领导", "加强安全投入"]


def test_an_amendment_numbered_only_with_chinese_numerals_reads_as_points():
    amend, meta = _parse("xingfa-xiuzhengan.md")
    assert amend.kind == "official" and meta.short_name == "刑法修正案"
    points = [s for s in amend.sections if s.kind == "point"]
    assert [p.label for p in points] == [f"{n}、" for n in "一二三四五六七八九"]
    # The article numbers quoted inside are text, not the document's structure.
    assert amend.sentences["d/p1.s1"].text.startswith("一、第一百六十二条后增加一条")


def test_a_speech_with_spoken_numbering_and_one_without_numbering():
    speech = parse_document(
        "镇长在防汛工作会议上的讲话\n同志们:\n第一,提高认识。防汛是头等大事。\n一是压实责任。各村要落实责任人。\n"
        "二是加强巡查。堤防要 24 小时有人巡查。\n第二,做好准备。物资要到位。\n最后,讲一点要求。大家要坚守岗位。\n",
        [], doc_id="s")
    assert speech.kind == "speech"
    assert [s.label for s in speech.sections if s.kind == "point"] == ["第一", "第二", "最后"]
    first = next(s for s in speech.sections if s.label == "第一")
    assert [(sp.label, sp.heading) for sp in first.subpoints] == [("一是", "压实责任"), ("二是", "加强巡查")]
    # Whitespace inside a paragraph never splits a sentence.
    assert "堤防要 24 小时有人巡查。" in [s.text for s in speech.sentences.values()]
    plain = parse_document("关于停水的通知\n明天上午停水。请提前储水。\n给大家带来不便，敬请谅解。\n", [], doc_id="n")
    assert plain.kind == "plain"
    assert [s.label for s in plain.sections] == ["第1段", "第2段"]
    assert plain.passages["n/g2"].path == ("第2段",)


def test_markdown_with_html_inside_is_read_as_its_text():
    text = read_md(DOCS / "zhiben-2024.md")
    assert "<" not in text and "&emsp;" not in text and "pageClass" not in text
    assert text.splitlines()[:3] == ["国务院安全生产委员会文件", "安委会[2024]2号", NOTICE_TITLE]


def test_proposed_corrections_are_only_what_a_rule_can_defend():
    text = "一、总则\n坚持安全第一,预防为主，综合治理。\n我们常讲“从零开始〞。\n推进 工作落实。\n第一条 为了加强管理。\n"
    proposals = {p["id"]: p for p in propose_corrections(text)}
    assert proposals["fullwidth-comma"]["from"] == "," and proposals["fullwidth-comma"]["to"] == "，"
    assert proposals["quote-right"]["from"] == "〞" and proposals["quote-right"]["to"] == "”"
    assert [p["to"] for p in proposals.values() if p["id"].startswith("space")] == ["推进工作"]
    assert all(p["proposed"] is True for p in proposals.values())  # 第一条 + space is a law's layout: not proposed


# ----- the knowledge folder with several documents -----
@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("lib") / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    import_document(DOCS / "zhiben-2024.md", root)
    import_document(DOCS / "beijing-fire.md", root)
    import_document(DOCS / "henan-road.md", root)
    kb = load_knowledge(root)
    return root, kb, Matcher(kb)


def test_import_writes_the_folder_and_the_proposal_is_not_applied(library):
    root, kb, _ = library
    folder = root / "zhiben-2024"
    meta = yaml.safe_load((folder / "meta.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == NOTICE_TITLE and meta["number"] == "安委会〔2024〕2号" and meta["not_found"] == []
    assert (folder / "source.txt").read_text(encoding="utf-8") == extract(DOCS / "zhiben-2024.md")
    assert yaml.safe_load((folder / "qa.yaml").read_text(encoding="utf-8")) == []
    proposal = yaml.safe_load((folder / "corrections.yaml").read_text(encoding="utf-8"))
    assert proposal and all(p["proposed"] for p in proposal)
    doc = kb.document("zhiben-2024")
    assert doc.corrections == () and "坚持人民至上" in kb.passage_text("zhiben-2024/p1.1")


def test_a_file_named_in_chinese_gets_a_readable_folder_and_a_law_names_the_body_that_last_passed_it(tmp_path):
    law = tmp_path / "安全生产法(2021-06-10).md"
    law.write_text(
        "# 中华人民共和国安全生产法\n\n"
        "2002年6月29日  第九届全国人民代表大会常务委员会第二十八次会议通过\n\n"
        "2021年6月10日 第十三届全国人民代表大会常务委员会第二十九次会议《关于修改的决定》第三次修正\n\n"
        "<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了加强安全生产工作，制定本法。\n", encoding="utf-8")
    done = import_document(law, tmp_path / "knowledge")
    assert done.folder.name == "anquanshengchanfa-2021"  # not "2021-06-10", the only ASCII of the file name
    meta = yaml.safe_load((done.folder / "meta.yaml").read_text(encoding="utf-8"))
    assert meta["issuer"] == "第十三届全国人民代表大会常务委员会" and meta["date"] == "2021-06-10"


def test_the_import_command_checks_the_folder_and_prints_the_outline_in_chinese(tmp_path, capsys):
    root = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    cfg = tmp_path / "config.yaml"
    cfg.write_text((REPO / "config.yaml").read_text(encoding="utf-8").replace(
        "knowledge_dir: knowledge", f"knowledge_dir: {root}"), encoding="utf-8")
    assert main(["--config", str(cfg), "import", str(DOCS / "beijing-fire.md"), "--id", "bj-fire"]) == 0
    out = capsys.readouterr().out
    assert "标题:北京市消防条例" in out and "提纲:" in out and "第二章 消防安全责任" in out and "检查通过" in out
    assert main(["--config", str(cfg), "import", str(DOCS / "beijing-fire.md"), "--id", "bj-fire"]) == 2


def test_the_speech_still_parses_exactly_and_its_questions_are_answered_beside_other_documents(library):
    _, kb, matcher = library
    speech = kb.document(SPEECH)
    assert speech.speech.kind == "speech" and len(speech.points) == 4
    r = matcher.ask("建筑施工安全有什么要求")
    assert r.status == "answered" and r.best.id == f"{SPEECH}/p3.2.2.s4"
    assert r.best.source[0] == "《县长在全县安全生产会议上的讲话》"  # named: several documents are served


def test_a_notice_that_literally_says_pingan_gongcheng_is_found(library):
    _, _, matcher = library
    r = matcher.ask("平安工程是什么")
    assert r.status == "answered" and r.best.id.startswith("zhiben-2024/p3.8.20")
    assert r.best.source[0] == "《安全生产治本攻坚三年行动方案》"
    r = matcher.ask("平安生产工作的底线是什么")  # the speech's repair still applies to its own words
    assert r.status in ("answered", "clarify")
    assert r.status != "answered" or r.best.id.startswith(SPEECH)


def test_questions_about_the_new_documents_are_answered_from_the_right_one(library):
    _, _, matcher = library
    r = matcher.ask("北京市消防条例第十条")
    assert r.status == "answered" and r.best.id == "beijing-fire/a10" and r.best.source[0] == "《北京市消防条例》"
    r = matcher.ask("安全生产治本攻坚三年行动方案分几个部分")
    assert r.status == "answered" and r.best.id == "zhiben-2024/outline" and "四、 保障措施" in r.best.text
    r = matcher.ask("安全生产治本攻坚三年行动方案的文号是多少")
    assert r.status == "answered" and "安委会〔2024〕2号" in r.best.text
    r = matcher.ask("安全生产治本攻坚三年行动方案是谁发布的")
    assert r.status == "answered" and "国务院安全生产委员会" in r.best.text
    r = matcher.ask("讲话一共几个部分")  # 讲话: the one speech among them
    assert r.status == "answered" and r.best.id == f"{SPEECH}/outline"


def test_the_primary_document_comes_first_then_the_newest(library):
    _, kb, _ = library
    assert kb.documents[0].id == SPEECH and kb.documents[0].primary  # meta.yaml primary: true
    assert kb.documents[1].id == "zhiben-2024"  # 2024-01-21, before the laws


def test_an_archived_document_is_kept_but_not_served(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    import_document(DOCS / "beijing-fire.md", root, "bj-fire")
    meta = root / "bj-fire" / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "archived: true\n", encoding="utf-8")
    kb = load_knowledge(root)
    assert [d.id for d in kb.documents] == [SPEECH]
    assert read_knowledge(root)[1] == []


def test_a_broken_document_among_good_ones_is_left_out_and_check_names_it(tmp_path, capsys):
    root = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    import_document(DOCS / "zhiben-2024.md", root)
    import_document(DOCS / "beijing-fire.md", root, "bj-fire")
    (root / "bj-fire" / "qa.yaml").write_text("- id: x\n  question: 消防\n  answer: a999.s1\n", encoding="utf-8")
    kb = load_knowledge(root)  # serving: the good ones
    assert sorted(d.id for d in kb.documents) == [SPEECH, "zhiben-2024"]
    assert kb.left_out and "bj-fire/qa.yaml" in str(kb.left_out[0]) and "a999.s1" in str(kb.left_out[0])
    r = Matcher(kb).ask("建筑施工安全有什么要求")
    assert r.status == "answered" and r.best.id == f"{SPEECH}/p3.2.2.s4"
    problems, _ = check_knowledge(root)
    assert problems and all("bj-fire" in p for p in problems)
    cfg = tmp_path / "config.yaml"
    cfg.write_text((REPO / "config.yaml").read_text(encoding="utf-8").replace(
        "knowledge_dir: knowledge", f"knowledge_dir: {root}"), encoding="utf-8")
    assert main(["--config", str(cfg), "check", "--lang", "en"]) == 1
    assert "bj-fire/qa.yaml: entry x: answer 'a999.s1'" in capsys.readouterr().out


def test_the_notice_and_30_laws_of_the_corpus_import_without_a_hand_edit(tmp_path):
    root = tmp_path / "knowledge"
    root.mkdir()
    laws = sorted((CORPUS / "laws").glob("*.md"))
    safety = [p for p in laws if any(w in p.name for w in ("安全", "消防", "应急", "矿山", "危险", "事故"))][:30]
    import_document(CORPUS / "notices" / "zhiben-2024.md", root)
    for i, path in enumerate(safety):
        import_document(path, root, f"law-{i:02d}")
    kb, problems = read_knowledge(root)
    assert problems == [] and kb is not None and len(kb.documents) == 31
    for doc in kb.documents:
        text = (doc.folder / "source.txt").read_text(encoding="utf-8")
        assert doc.title in text and doc.speech.sections
        if doc.id.startswith("law-"):
            articles = re.findall(r"(?m)^第[一二三四五六七八九十百零]+条", text)
            found = {p.split("/")[1].split(".")[0] for p in doc.speech.passages if re.search(r"/a\d+$", p)}
            assert doc.speech.kind == "law" and len(found) == len(articles), doc.title


def test_pdf_lines_of_one_paragraph_are_joined_and_a_short_line_ends_it():
    from bot.qa.readers import join_pdf_lines

    full = "一二三四五六七八九十一二三四五六七八九十"
    text = f"标题\n{full}\n{full}\n末尾。\n(一)下一段{full[:14]}\n{full}\n结束。\n"
    assert join_pdf_lines(text).splitlines() == ["标题", full + full + "末尾。", f"(一)下一段{full[:14]}{full}结束。"]


def test_reload_serves_the_good_documents_and_names_the_broken_one(tmp_path):
    from bot.config import load_config
    from bot.maintenance.reload import reload_matcher

    root = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    import_document(DOCS / "beijing-fire.md", root, "bj-fire")
    (root / "bj-fire" / "corrections.yaml").write_text("- {id: x, from: 不在文中, to: y, why: z}\n", encoding="utf-8")
    cfg_path = tmp_path / "config.yaml"
    cfg_path.write_text((REPO / "config.yaml").read_text(encoding="utf-8").replace(
        "knowledge_dir: knowledge", f"knowledge_dir: {root}"), encoding="utf-8")
    matcher, problems = reload_matcher(load_config(cfg_path))
    assert matcher is not None and [d.id for d in matcher.kb.documents] == [SPEECH]
    assert problems and all("bj-fire/corrections.yaml" in p for p in problems)


def test_a_docx_and_an_html_file_are_read_as_their_paragraphs(tmp_path):
    import docx  # the `import` extra, part of the test extra

    from bot.qa.readers import read_docx, read_html

    d = docx.Document()
    for line in ("关于做好防汛工作的通知", "一、总体要求", "（一）压实责任。各村要落实 24 小时值班。"):
        d.add_paragraph(line)
    d.save(tmp_path / "a.docx")
    assert read_docx(tmp_path / "a.docx").splitlines() == [
        "关于做好防汛工作的通知", "一、总体要求", "（一）压实责任。各村要落实 24 小时值班。"]
    (tmp_path / "a.html").write_text(
        "<html><head><title>页</title></head><body><h1>关于做好防汛工作的通知</h1>"
        "<p>各村要落实\n责任人。</p><script>x()</script></body></html>", encoding="utf-8")
    assert read_html(tmp_path / "a.html").splitlines() == ["关于做好防汛工作的通知", "各村要落实责任人。"]


# ----- the speech's questions beside the notice and 30 laws (issue 12: "stay at 48/48") -----
@pytest.fixture(scope="module")
def corpus_library(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    laws = sorted((CORPUS / "laws").glob("*.md"))
    safety = [p for p in laws if any(w in p.name for w in ("安全", "消防", "应急", "矿山", "危险", "事故"))][:30]
    import_document(CORPUS / "notices" / "zhiben-2024.md", root)
    for i, path in enumerate(safety):
        import_document(path, root, f"law-{i:02d}")
    return Matcher(load_knowledge(root))


def test_the_development_questions_stay_right_beside_the_notice_and_30_laws(corpus_library):
    from bot.qa.evaluate import evaluate, load_questions

    report = evaluate(load_questions(REPO.parent / "shared" / "eval" / "questions.jsonl"), corpus_library.ask)
    assert [o.item.id for o in report.outcomes if not o.correct] == []


def test_a_primary_documents_answer_is_not_made_doubtful_by_laws_saying_the_same(corpus_library):
    # Twelve sentences of three laws name 应急救援预案 as the speech does: the speech (primary) answers.
    r = corpus_library.ask("应急救援预案")
    assert r.status == "answered" and r.best.id == f"{SPEECH}/p3.3.s2"
    # 明天 of one law and 雨 of another do not make a question about either: not covered.
    assert corpus_library.ask("明天会下雨吗").status == "no_answer"
    # …and a law's lone sentence about 养老院 does not answer 养老保险缴费标准.
    assert corpus_library.ask("养老保险缴费标准").status == "no_answer"
    # A question naming a document is answered from it: the notice's own words, though the speech has some.
    # (Many of its passages speak of 重大事故隐患: an answer or a "did you mean" drawn from it alone.)
    r = corpus_library.ask("安全生产治本攻坚三年行动方案对重大事故隐患有什么要求")
    if r.status == "answered":
        assert r.best.id.startswith("zhiben-2024/")
    else:
        assert r.status == "clarify" and r.suggestions
        assert all(s.question.startswith("《安全生产治本攻坚三年行动方案》") for s in r.suggestions)


def test_primary_and_archived_must_be_true_or_false(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    import_document(DOCS / "beijing-fire.md", root, "bj-fire")
    meta = root / "bj-fire" / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "primary: yes please\n", encoding="utf-8")
    problems, _ = check_knowledge(root)
    assert any("bj-fire/meta.yaml" in p and "'primary' must be true or false" in p for p in problems)


# ----- documents named by kind and date: 最新的讲话, 去年的讲话, 那个通知 (issue 12 item 4) -----
@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """The speech (2023, primary), a second speech dated 2024-11-20 and the State Council notice (2024-01-21)."""
    root = tmp_path_factory.mktemp("dated") / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    second = REPO / "tests" / "fixtures" / "second_speech" / "township-fire-2024"
    shutil.copytree(second, root / second.name)
    meta = root / second.name / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "date: 2024-11-20\n", encoding="utf-8")
    import_document(DOCS / "zhiben-2024.md", root)
    return Matcher(load_knowledge(root))


def _at(matcher: Matcher, day: str) -> Matcher:
    import datetime as dt

    matcher.today = dt.date.fromisoformat(day)
    return matcher


@pytest.mark.parametrize(("today", "question", "expected"), [
    ("2025-03-01", "最新的讲话分几点", "township-fire-2024/outline"),
    ("2024-05-01", "最新的讲话分几点", "township-fire-2024/outline"),
    ("2025-03-01", "去年的讲话分几点", "township-fire-2024/outline"),
    ("2024-05-01", "去年的讲话分几点", f"{SPEECH}/outline"),
    ("2024-05-01", "今年的讲话分几点", "township-fire-2024/outline"),
    ("2025-03-01", "最早的讲话分几点", f"{SPEECH}/outline"),
    ("2025-03-01", "上一次的讲话第二点讲了什么", f"{SPEECH}/p2"),
    ("2025-03-01", "2023年的讲话第三点讲了什么", f"{SPEECH}/p3"),
    ("2025-03-01", "那个通知分几个部分", "zhiben-2024/outline"),
])
def test_outline_questions_pick_the_document_by_kind_and_date(dated, today, question, expected):
    r = _at(dated, today).ask(question)
    assert r.status == "answered" and r.best.id == expected


@pytest.mark.parametrize(("today", "question", "expected"), [
    ("2025-03-01", "最新的讲话是谁讲的", "township-fire-2024/fact:speaker"),  # meta.yaml speaker
    ("2025-03-01", "去年的讲话是谁讲的", "township-fire-2024/fact:speaker"),
    ("2025-03-01", "这篇讲话是谁讲的", f"{SPEECH}/fact:speaker"),  # among two speeches: the primary one
    ("2025-03-01", "那个通知是谁发布的", "zhiben-2024/fact:issuer"),
    ("2025-03-01", "那个通知什么时候发的", "zhiben-2024/fact:date"),
    ("2025-03-01", "去年的讲话里对电动自行车充电有什么要求", "township-fire-2024/p2.2.s2"),
])
def test_fact_and_topic_questions_pick_the_document_by_kind_and_date(dated, today, question, expected):
    r = _at(dated, today).ask(question)
    assert r.status == "answered" and r.best.id == expected


def test_a_document_named_by_date_that_does_not_say_it_is_not_answered_from_another(dated):
    # In 2024 last year's speech is the 2023 one: it says nothing about charging e-bikes.
    r = _at(dated, "2024-05-01").ask("去年的讲话里对电动自行车充电有什么要求")
    assert not r.answers or r.best.id.startswith(SPEECH)
    r = _at(dated, "2030-01-01").ask("去年的讲话分几点")  # no speech of 2029: which one?
    assert r.status == "clarify" and r.best is None


# ----- suggestions and related questions from every document (issue 12 item 4) -----
def test_documents_without_curated_qa_offer_their_headings_as_suggestions_and_related_questions(library):
    _, kb, matcher = library
    assert not [e for e in kb.qa if e.doc_id in ("zhiben-2024", "beijing-fire", "henan-road")]
    r = matcher.ask("消防设施的维护保养有什么要求")
    assert r.status == "answered" and r.best.id.startswith("beijing-fire/")
    related = [s for s in r.suggestions if not s.id.startswith(SPEECH)]
    assert related, r.suggestions
    for s in related:  # each one is a question about an article or heading, answered by that unit
        assert s.id != kb.passage_of(r.best.id).id
        again = matcher.ask(s.question)
        assert again.status == "answered" and again.best.id == s.id, s.question
    r = matcher.ask("重大事故隐患")
    assert r.status == "clarify"
    headings = [s for s in r.suggestions if s.id.startswith("zhiben-2024/")]
    assert headings and all(s.question.startswith("《安全生产治本攻坚三年行动方案》") for s in headings)
    for s in headings:
        again = matcher.ask(s.question)
        assert again.status == "answered" and again.best.id == s.id, s.question


def test_the_speechs_own_suggestions_stay_its_curated_questions(library):
    _, kb, matcher = library
    r = matcher.ask("建筑施工安全有什么要求")
    speech_related = [s for s in r.suggestions if s.id.startswith(SPEECH)]
    assert speech_related and all(kb.qa_entry(s.id) is not None for s in speech_related)


def test_a_document_is_named_by_words_of_its_title_that_no_other_title_of_its_kind_has(library):
    _, _, matcher = library
    r = matcher.ask("治本攻坚方案分几个部分")
    assert r.status == "answered" and r.best.id == "zhiben-2024/outline"
    r = matcher.ask("治本攻坚方案的主要目标是什么")  # a heading quoted after the name: that sub-point
    assert r.status == "answered" and r.best.id == "zhiben-2024/p1.2"
    r = matcher.ask("县长的讲话分几点")
    assert r.status == "answered" and r.best.id == f"{SPEECH}/outline"


def test_two_versions_of_one_law_pass_check_and_the_newest_answers_by_its_name(tmp_path):
    """An amended law imported beside its earlier version has the same short name: the newest is asked
    by it, the earlier one by its year, and `check` finds no phrasing shared by two documents."""
    root = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    for folder, date in (("fire-old", "2011-05-27"), ("fire-new", "2020-09-25")):
        import_document(DOCS / "beijing-fire.md", root, folder)
        meta_path = root / folder / "meta.yaml"
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        meta["date"] = date
        meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    problems, matcher = check_knowledge(root)
    assert problems == [] and matcher is not None
    name = load_knowledge(root).document("fire-new/fact:date").short_name
    assert "2020年9月25日" in matcher.ask(f"{name}是什么时候发布的").answers[0].text
    assert "2011年5月27日" in matcher.ask(f"2011年版{name}是什么时候发布的").answers[0].text


def test_a_question_the_speech_leads_but_does_not_cover_is_answered_from_a_law(corpus_library):
    """The speech's nearest sentence leads the library only by the primary document's margin; served alone
    it says "not covered", so the library's best — a law's penalty article — answers."""
    r = corpus_library.ask("审批机关批准了不具备安全条件的项目，负责人要受什么处分")
    assert r.status == "answered" and not r.best.id.startswith("county-safety-2023/")
    assert "处分" in r.best.text


def test_a_law_named_by_its_english_title_is_asked_of_that_law(library):
    """the Beijing Fire Protection Regulations: 北京 by its pinyin, 消防 and 条例 by the dictionaries; the
    question is then matched in that law only."""
    _, kb, matcher = library
    r = matcher.ask("What do the Beijing Fire Protection Regulations say about fire drills?")
    assert r.status == "answered" and r.best.id.startswith("beijing-fire/") and "演练" in r.best.text
    assert "北京市消防条例" in " ".join(r.best.source)
