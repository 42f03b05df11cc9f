"""A document named in a question the way people name it: shortened (bot.qa.docnames)."""

from __future__ import annotations

from bot.qa.docnames import kind_word, named_documents, without_name

NAMES = [
    ("national", ["大型群众性活动安全管理条例"]),
    ("beijing", ["北京市大型群众性活动安全管理条例"]),
    ("law", ["中华人民共和国安全生产法", "安全生产法"]),
    ("ningbo", ["宁波市学校安全条例"]),
    ("shanghai", ["上海市安全生产条例"]),
    ("chem", ["危险化学品安全管理条例"]),
    ("fire-bj", ["北京市消防条例"]),
    ("fire-sh", ["上海市消防条例"]),
    ("speech", ["县长在全县安全生产会议上的讲话"]),
    ("explosives", ["民用爆炸物品安全管理条例"]),
    ("insurance", ["机动车交通事故责任强制保险条例"]),
]


def _named(question):
    n = named_documents(question, NAMES)
    return (n.doc_ids, without_name(question, n)) if n else None


def test_a_name_with_words_left_out_names_the_document_and_comes_out_of_the_question():
    assert _named("宁波学校安全条例第十三条是什么内容") == (("ningbo",), "第十三条是什么内容")
    assert _named("大型活动安全条例规定多少人以上") == (("national",), "规定多少人以上")
    assert _named("新安全生产法里，企业发生一般事故要罚多少钱") == (("law",), "里，企业发生一般事故要罚多少钱")
    assert _named("危化品条例怎么说") == (("chem",), "怎么说")


def test_the_longest_naming_wins_and_equal_ones_are_named_together():
    assert _named("北京市大型群众性活动安全管理条例第三条")[0] == ("beijing",)
    assert _named("根据《大型群众性活动安全管理条例》，公安")[0] == ("national",)
    assert _named("消防条例第十条") == (("fire-bj", "fire-sh"), "第十条")


def test_a_kind_word_alone_or_a_generic_one_names_nothing():
    assert _named("本条例第三条规定了什么") is None
    assert _named("这种做法合法吗") is None
    assert _named("安全条例怎么规定的") is None  # 4 of 9 characters of 上海市安全生产条例
    assert _named("讲话里说了什么") is None  # 讲话 is not a kind word: the speech is named elsewhere
    assert kind_word("上海市实施《中华人民共和国食品安全法》办法") == "办法"


def test_a_name_shortened_to_a_character_of_each_word_names_the_one_document_it_fits():
    assert _named("民爆条例对爆破作业有什么要求") == (("explosives",), "对爆破作业有什么要求")
    assert _named("交强险条例规定保险公司多久赔付") == (("insurance",), "规定保险公司多久赔付")
    assert _named("安全条例怎么规定的") is None  # fits many names: names none
    assert _named("管理条例里怎么说") is None
