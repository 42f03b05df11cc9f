"""Questions about laws beside the speech (branch laws8): each mechanism on our own invented questions, about
made-up names or real law files (tests/fixtures/documents) beside the shipped speech."""

from __future__ import annotations

import pytest

from bot.qa.docnames import named_documents, without_name
from tests.helpers_core import FIXTURE_DOCUMENTS, library_matcher

NAMES = [
    ("fire-bj", ["北京市消防条例"]),
    ("fire-sh", ["上海市消防条例"]),
    ("estate-fire", ["洛阳市居民住宅区消防安全管理条例"]),
    ("gas-national", ["城镇燃气管理条例"]),
    ("gas-shandong", ["山东省燃气管理条例"]),
]


def _named(question):
    n = named_documents(question, NAMES)
    return (n.doc_ids, without_name(question, n)) if n else None


def test_a_place_said_before_a_shortened_name_names_the_law_of_that_place():
    # 消防条例 alone would name the Beijing and Shanghai laws; 洛阳 begins the estate law's name
    assert _named("洛阳消防条例对楼道堆放杂物怎么罚") == (("estate-fire",), "对楼道堆放杂物怎么罚")


def test_a_place_joined_to_the_name_by_a_linking_word_names_the_law_of_that_place():
    assert _named("山东那个燃气条例里对抢修有什么要求")[0] == ("gas-shandong",)
    assert _named("上海的消防条例对电焊有什么规定")[0] == ("fire-sh",)


def test_a_shortened_name_without_a_place_before_it_names_what_it_did():
    assert _named("燃气条例对抢修有什么要求")[0] == ("gas-national",)
    assert _named("消防条例对电焊有什么规定")[0] == ("fire-bj", "fire-sh")


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """The Beijing fire law imported twice (as a library built from two lists holding it would)."""
    from bot.qa.importer import import_document
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    folder = tmp_path_factory.mktemp("laws8")
    library_matcher(folder, "beijing-fire.md")
    import_document(FIXTURE_DOCUMENTS / "beijing-fire.md", folder / "knowledge", "beijing-fire-copy")
    return Matcher(load_knowledge(folder / "knowledge"))


def test_an_article_of_a_law_imported_twice_is_answered_not_asked_back(twice):
    r = twice.ask("北京消防条例第十条讲了什么")
    assert r.status == "answered" and r.best.id.endswith("/a10")


@pytest.fixture(scope="module")
def smoking(tmp_path_factory):
    return library_matcher(tmp_path_factory.mktemp("laws8smoking"), "beijing-smoking.md")


def test_a_question_about_a_named_article_is_answered_from_that_article_not_from_one_citing_it(smoking):
    # 第二十四条 (违反本条例第十三条第一款规定的…) shares the article's number and the question's words;
    # asked what 第十三条 itself says, its own duties answer
    r = smoking.ask("北京控制吸烟条例第十三条第一款说的经营者管理者要负哪些责任")
    assert r.status == "answered" and r.best.id == "beijing-smoking/a13.s1"
    r = smoking.ask("北京控制吸烟条例第二十条第一款规定烟草制品销售者要设置什么")
    assert r.status == "answered" and r.best.id == "beijing-smoking/a20.s1"


def test_asking_what_is_required_of_a_phone_line_asks_no_number():
    from bot.qa import slots

    assert slots.asked_slot("物业的报修电话有什么要求") is None
    assert slots.asked_slot("物业的报修电话是多少").kind == slots.CONTACT


def test_a_time_within_which_something_must_be_done_answers_by_when_it_must_be():
    from bot.qa import slots

    slot = slots.asked_slot("救护车接到电话后最迟多久要出发")
    assert slot.kind == slots.DEADLINE
    assert slots.fills(slot, "急救站接到呼救后应当在九十秒内派出救护车。", list, lambda words: set())
    assert not slots.fills(slot, "急救站接到呼救后应当及时派出救护车。", list, lambda words: set())


# Three invented laws, each forbidding an elevator maintainer to subcontract its work in its own words.
ELEVATOR_LAWS = {
    "jia.md": """# 甲市电梯安全条例

第一条 为了加强电梯安全管理，预防电梯事故，制定本条例。

第二条 电梯使用单位应当对电梯的安全运行负责。

第三条 电梯维护保养单位应当每十五日对电梯进行一次清洁、润滑、调整和检查。

第四条 未经电梯使用单位书面同意，受委托的电梯维护保养单位不得转包、分包维护保养业务。

第五条 乘客不得强行扒开电梯层门，不得拆除电梯安全警示标志。

第六条 本条例自2020年1月1日起施行。
""",
    "yi.md": """# 乙市电梯安全管理条例

第一条 为了保障电梯安全运行，根据有关法律，制定本条例。

第二条 电梯维护保养单位应当建立维护保养记录，并保存四年以上。

第三条 电梯维护保养单位不得使用不合格的零部件，不得转包、分包维护保养业务。

第四条 住宅电梯的更新改造费用由业主按照专有部分面积比例分摊。

第五条 本条例自2019年6月1日起施行。
""",
    "bing.md": """# 丙省特种设备安全条例

第一条 为了加强特种设备安全工作，制定本条例。

第二条 特种设备使用单位应当建立岗位责任、隐患治理、应急救援等安全管理制度。

第三条 特种设备检验机构应当按照安全技术规范进行检验。

第四条 特种设备使用单位应当按照规定办理使用登记。

第五条 电梯维护保养单位应当取得许可，不得转包、分包维护保养业务，不得以不正当手段承揽业务。

第六条 气瓶充装单位不得对报废气瓶进行充装。

第七条 本条例自2016年5月1日起施行。
""",
}


@pytest.fixture(scope="module")
def alike(tmp_path_factory):
    import shutil

    from bot.qa.importer import import_document
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher
    from tests.helpers_core import KNOWLEDGE

    folder = tmp_path_factory.mktemp("laws8alike")
    root = folder / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    for name, text in ELEVATOR_LAWS.items():
        (folder / name).write_text(text, encoding="utf-8")
        import_document(folder / name, root)
    return Matcher(load_knowledge(root))


def test_a_question_several_laws_answer_alike_is_answered_from_the_best_of_them_not_asked_back(alike):
    r = alike.ask("电梯维护保养单位可以转包业务吗")
    assert r.status == "answered" and "不得转包、分包维护保养业务" in r.best.text


def test_a_question_asking_what_must_be_done_is_answered_by_the_duty_not_by_the_penalty_for_neglecting_it(smoking):
    # 第二十六条 …违反本条例第二十条第一款…的，由烟草专卖…处罚 shares the duty's words; no penalty is asked
    r = smoking.ask("卖烟的要在销售场所显著位置设置什么标识")
    assert r.status == "answered" and r.best.id == "beijing-smoking/a20.s1"


def test_asking_how_often_is_answered_by_a_frequency_not_by_a_time_limit():
    from bot.qa import slots

    slot = slots.asked_slot("电梯多久要检验一次")
    assert slot.kind == slots.DURATION and slot.often
    fills = lambda text: slots.fills(slot, text, list, lambda words: set())  # noqa: E731
    assert fills("电梯的定期检验为每年1次。") and fills("压力容器三年一次全面检验。")
    assert not fills("检验合格的，应当在2个工作日内予以登记。")


def test_a_term_asked_the_meaning_of_is_the_term_not_where_it_is_said():
    from bot.qa.intent import DEFINITION, read_form

    form = read_form("第五条里说的受委托单位具体指什么")
    assert DEFINITION in form.kinds and form.term == "受委托单位"
    assert read_form("条例中所称的压力管道都包括哪些").term == "压力管道"



def test_a_named_law_asked_a_date_is_answered_by_its_sentence_giving_it_whatever_everyday_words_surround(smoking):
    # 北京 is a word of the law's own name; 开始 and 哪一天 are the asker's wording
    r = smoking.ask("控烟条例北京是哪一天开始实施的")
    assert r.status == "answered" and r.best.id == "beijing-smoking/a30.s1"
