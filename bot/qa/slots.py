"""The asked-for slot: what kind of answer a question wants, and whether a quote can give it.

A question that asks for a specific — a figure (多少个, 几级, 几个小时), a date (几月几号, 哪天), a
person's name (叫什么名字), a place (哪个省), a legal source (哪部法律第几条), a contact (电话, 网址,
哪个科室), an amount of money (罚多少钱) or a procedure (流程, 步骤) — is answered only by a passage that
contains one. The speech rarely gives such specifics (its names are placeholders: X同志, X县长, 去年……),
so the passage that names the topic is often the nearest one and still not an answer: quoting it would
say what the speech does not. `asked_slot` reads the slot from the asking clause; `fills` checks a
quote against it. Neither knows any topic of the speech: they read the form of the question and the form
of the answer (a numeral with the asked unit, a date expression, a name by jieba's part of speech …).

Questions that ask 几/多少 whose answer the speech gives keep working: 几小时值班 (24小时), 几点意见
(四点), 几张清单 (两张). 几 before any classifier asks a count in it (几轮, 扣几分); vague quantifiers
(多轮, 一些, 一批) are no figure. A procedure is filled by its steps, not by its name (工作程序).

**Enumeration.** 哪几个, 哪四个, 具体是哪些, 分哪几 ask *which parts* a thing has: the answer must list
them — 一是…二是, 、-joined items, or parallel clauses (从最…,从最…,从最…) — as many as the question
counts (哪四个, “四个意识”, 四不放过; else two), next to the set's name when the quote names it (the
clause naming it and those either side). A quote that names the set without its parts (增强“四个意识”)
is not an answer; so is the parts inside a named thing (责任书里有哪些指标).

**Details of a thing the speech only names.** The nearest sentence often names what is asked about (黑名单,
责任书, 一票否决, 物资储备) without the detail asked: what puts something in the category (什么样的…会被,
认定标准: the quote must state a condition — 凡, 如果, 达到, 标准 …), who pays (费用由谁出: the quote must
speak of money), which of two options (评优还是提拔: the quote must name one of them by a content word),
what sanction (受到什么处分: the quote must name one), by when (什么时间之前, 截止: the quote must give a
time). Each is the kind of detail against the kind of text that gives it; no topic is listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bot.qa import lazyre as re
from bot.qa.lexicon import Lexicon

NUMBER, DURATION, DATE, NAME, PLACE, LEGAL, CONTACT, MONEY, PROCEDURE, ENUMERATION = (
    "number", "duration", "date", "name", "place", "legal", "contact", "money", "procedure", "enumeration")
# Details of a thing the speech may only name (黑名单, 责任书, 一票否决, 物资储备): what puts something in a
# category, who pays, which of two options, what sanction, by when.
CRITERIA, PAYER, CHOICE, SANCTION, DEADLINE = "criteria", "payer", "choice", "sanction", "deadline"
PAPERS = "papers"

_NUMERAL = r"[0-9〇零一二两三四五六七八九十百千万几]"
_TIME_UNITS = "小时|分钟|秒钟|秒|天|日|周|星期|个月|月|年|工作日"
_COUNT_UNITS = "个|级|家|人|名|起|次|条|项|张|点|批|处|类|种|座|所|位|户|台|辆|吨|米|公里|层|道|步|份|部|场|件|元|万"

_MONEY_RE = re.compile(r"多少钱|罚多少|罚款(?:是|为|有|要|得)?多少|多少元|多少万|金额|数额|罚款标准")
# A time of day (每天几点到几点, 几点钟, 几点以前): not a count of points (几点意见).
_CLOCK_RE = re.compile(r"几点(?:钟|到|至|半|开始|结束|以前|之前|前|以后|之后|后|上班|下班)|早上几点|晚上几点")
_DATE_RE = re.compile(r"几月几[号日]|几月份|几号|哪一?天|哪一?年|哪(?:几?个|些)月|什么日子|具体日期|日期是")
_EXTREME = re.compile(r"最长|最多|最久|最短|最少|至多|至少")  # how long at most / at least: a limit asked
_DURATION_RE = re.compile(rf"多长时间|多久|(?<!哪)几(?:个)?(?:{_TIME_UNITS})|多少(?:个)?(?:{_TIME_UNITS})")
# 几 before any classifier asks a count in that unit (几轮, 几分, 几批), not only the units listed above;
# 几乎 (almost), 几何 are no count.
_COUNT_RE = re.compile(rf"(?<![哪第那这好十])几(?:个)?(?P<u>{_COUNT_UNITS})|多少(?:个)?(?P<v>{_COUNT_UNITS})?"
                       r"|(?<![哪第那这好十])几(?!乎|何|分之|时|[十百千万])(?P<w>[\u4e00-\u9fff])")
# Another question word in the same clause makes 几 a determiner, not the question: 前面几位同志的通报是什么态度
# (what attitude), 几轮大检查是依据什么组织的 (on what basis). 好几, 十几 are "quite a few", never asked.
_OTHER_ASK = re.compile(r"什么|啥|怎么|咋|哪|如何|为何|为什么|谁|是不是|是否|有没有|能不能|会不会|要不要|可不可以")
_NAME_RE = re.compile(r"叫什么名字|叫啥名|名字是|名字叫|姓什么|姓名|全名|真名|本名|真实姓名|名叫什么")
# Which parts a named thing has: 哪几个, 哪四个, 哪几步, 具体是哪些, 分哪几类. A count in the question
# (哪四个, “四个意识”, 四不放过) is how many parts the answer must list.
_ENUM_RE = re.compile(r"哪(?P<n>[几两二三四五六七八九十]+)(?:个|条|项|步|类|种|方面|点|大|样)"
                      r"|具体(?:是|有|包括|包含|指|分)?(?:的是)?哪些|分(?:为|成)?哪几")
_SET_COUNT = re.compile(r"(?<![第几两二三四五六七八九十百零〇])(?P<n>[两二三四五六七八九十]+)(?:个|不|张|项|条|大|种|类|化|到位|管|必须|字)")
# After a named set's count (三个X, “十六字”), 都是哪些 / 分别是什么 / 包括哪些 ask for its members too. (A count is a
# whole numeral: the 十八条 inside 第三十八条, an article's ordinal, counts nothing.)
_MEMBER_SET = re.compile(r"(?<![第几两二三四五六七八九十百零〇])(?P<n>[两二三四五六七八九十]+)(?:个|不|张|项|条|种|类|字)")
_MEMBERS_RE = re.compile(r"(?:都|分别|各|具体)?(?:是|有|包括|包含|指)(?:哪些|什么|啥)")
_QUOTED_SET = re.compile(r"[“\"「『][两二三四五六七八九十]+(?:个|不|张|项|条|种|类|大)[\u4e00-\u9fff]{1,4}[”\"」』]")
_SAID_HOW = re.compile(r"(?:怎么|怎样|如何|咋)(?:说|讲|表述|概括)|(?:什么|啥)意思")
_PLACEHOLDER_WHO = re.compile(r"(?:[XxＸ×某]|……)+(?:同志|县长|书记|主任|局长|领导)?.*(?:是谁|哪位|谁)")
# Who a placeholder person is, asked in a clause after the one naming it (那位X同志，具体是哪位领导): the
# asker knows the placeholder and wants the person, a name.
_PLACEHOLDER_PERSON = re.compile(r"(?:[XxＸ×某]|……)+(?:同志|县长|书记|主任|局长|领导|副县长|部长)")
_ASKS_WHO = re.compile(r"是谁|哪位|哪一位|什么人|谁[呢啊吗]?[?？]?$")
_PLACE_RE = re.compile(r"哪个(?:省|市|县|乡|镇|村|地方)|哪[里儿](?:发生|出的事)|发生在哪|在什么地方发生")
# …where in the text itself (讲话在哪个地方强调了…, 条例哪个地方规定…): a place in the document, which the
# quote is, not a place on the map
_TEXT_PLACE = re.compile(r"(?:讲话|原文|文中|文件|通知|条例|法律?|规定|办法|稿)[^,，。？?]{0,3}(?:在|的)?哪个地方"
                         r"|在(?:讲话|原文|文件|通知|条例)[^,，。？?]{0,3}(?:哪个地方|哪[里儿])")
_LEGAL_RE = re.compile(r"第几条|哪一?条法|哪部法|什么法律|哪个法|哪条规定|法律依据|依据哪|法条|条款")
_CONTACT_RE = re.compile(r"电话|网址|网站|邮箱|热线|联系方式|科室|地址|公众号")
# Where the asker goes to get something done (去哪投诉, 去应急局哪个科室预约, 送县政府哪个办公室盖章, 申请表
# 哪里领, 在哪个系统填报): a service point, which only a contact or a destination phrase gives. (Not where a
# thing stands in the text or who does the work: 在哪里执行, 集中在哪, 由哪个部门开展.)
_DESTINATION_RE = re.compile(
    r"(?<![过失除上下回进出来])去(?!年|掉|除|世)(?:哪|[^，,。？?；;]{0,8}?哪(?:个|家))"  # the asker goes: 去哪, 去…哪个科室
    r"|送[^，,。？?；;]{0,8}?哪(?:个|家|里|儿)"
    r"|找哪(?:个|家)|找谁(?:来)?(?:申请|办理?|补办|投诉|举报|申诉|报名|预约|盖章|审批|报销|理赔|认定|鉴定)"
    r"|(?<![在从于])哪(?:里|儿)(?:领|下载|报名|办|补办|考|交|缴|申请|预约|投诉|举报|填报|买)"
    r"|哪个(?:办公室|窗口|平台|系统|网站|app)"
    r"|哪(?:个|些)?(?:部门|单位|机关|机构)?(?:投诉|举报|申诉|报名|预约|盖章)")
# …asked what is required of it (抢修电话有什么要求, 热线怎么规定的): what the text requires, not the number
_CONTACT_RULES = re.compile(r"(?:电话|网址|网站|邮箱|热线|联系方式)[^，,。？?]{0,3}(?:有|是)?(?:什么|啥|哪些|怎么|如何)(?:样的)?(?:要求|规定|规矩)")
# A question asked to be answered yes or no (是不是必须…, 能不能…), and the words that ask for a specific.
# (…能/可以/允许…吗: whether something may be done, 这时候能打电话叫人吗, asks no number either)
_YES_NO = re.compile(r"是不是|是否|能不能|能否|会不会|要不要|可不可以|必须.*吗$|(?:能|可以|允许|准)[^，,。;；]*吗$")
_WH_WORD = re.compile(r"什么|啥|哪|多少|几|谁|怎么|如何|有没有")
_PROCEDURE_RE = re.compile(r"流程|步骤|怎么申请|如何申请|申请程序|办理程序|怎么办理|如何办理")


# Who pays (费用由谁出, 经费谁承担, 谁来买单): the quote must speak of money at all.
_PAYER_RE = re.compile(r"(?:费用|经费|资金|开支|花销|钱|(?<=[\u4e00-\u9fff])费)[^，,。？?]{0,6}(?:由谁|谁来|谁出|谁承担|谁负担|谁支付|谁付|哪里出|哪儿出|从哪)"
                       r"|谁(?:来)?(?:出钱|付钱|买单|掏钱)"
                       # …asked as a choice between payers (专家费用是企业出还是县里出, 费用由企业还是政府承担)
                       r"|(?:费用|经费|资金|开支|花销|钱|(?<=[\u4e00-\u9fff])费)[^，,。？?]{0,8}(?:出|承担|负担|支付|付|掏|报销)还是"
                       r"|(?:费用|经费|资金|钱)[^，,。？?]{0,4}由[^，,。？?]{1,6}还是")
_PAYER_FILL = re.compile(r"费用|经费|资金|出资|预算|财政|补助|补贴|列支|买单|筹措")
# What puts a thing in a category (什么样的企业会被列入黑名单, 认定标准, 满足什么条件): the quote must
# state a condition (凡, 如果, 达到 …, or 只有…才: 只有守好底线…才称得上有作为; 经…合格…后，方可…, as laws state one),
# not only name the category.
_LEAVE = r"(?:移出|移除|撤出|退出|摘除|除名|摘掉|撤销)"
_CRITERIA_RE = re.compile(r"什么样的?[^，,。？?]{0,8}(?:会被|才会|会列|能被|算是|才算|才能)|(?:认定|列入|纳入|评定)(?:的)?(?:标准|条件|依据)"
                          r"|(?:标准|条件)是什么|什么(?:标准|条件)|符合哪些条件|满足哪些条件|怎么认定|如何认定|哪些情况会被|哪种情况会被"
                          # …or takes it out again (黑名单怎么移出, 如何才能退出): what lets it out is a condition too
                          r"|(?:怎么|怎样|如何|咋)[^，,。？?]{0,8}" + _LEAVE)
_CRITERIA_FILL = re.compile(r"凡是?|如果|只有[^。;；]*?才|方可|一旦|若|达到|符合|满足|标准|条件|情形|以上|以下|超过|不足|低于|高于|经[^,,。]{0,8}(?:认定|评定)")
# What a standard or condition classes (认定标准, 列入…的条件, 什么样的…会被): asked so, a requirement is no answer.
_CLASSING = re.compile(r"什么样|认定|列入|纳入|评定|评选|会被|才会|能被|算是|才算|才能|评为|判定|界定|属于|" + _LEAVE)
# A requirement stated (要…, 必须, 需要, 不放过): a standard or condition asked without what it classes.
_REQUIRED = re.compile(r"要(?!求)|必须|需要|务必|不放过|做到|离不开")
# The items of a standard (标准具体有哪些指标, 判定标准有哪些): a standard's parts listed, not its name.
_ITEMS_RE = re.compile(r"(?:标准|指标|条件)[^，,。？?]{0,4}(?:有|包括|包含|是|分)(?:哪些|哪几|什么|啥)(?:指标|条目|内容|项目|方面|项|条)?"
                       r"|判定标准|评定标准|认定标准[^，,。？?]{0,4}(?:有|是)(?:哪些|哪几)")
_STANDARD = re.compile(r"标准|指标|条件")
# A score or rate asked how it is reckoned (考核分值是怎么算的): a figure.
_SCORE_RE = re.compile(r"(?:分值|分数|得分|比例|比率|系数|权重)[^，,。？?]{0,3}(?:怎么|如何|咋)(?:算|计算|定|确定|打)")
# Which of two options (否决的是评优还是提拔): the quote must name one of them. The second option, ending the
# question, may be a verb with its object (报县水利局: up to six characters).
_CHOICE_RE = re.compile(r"(?P<a>[\u4e00-\u9fff]{1,4}?)还是(?P<b>[\u4e00-\u9fff]{1,6}?)[呢啊吗嘛呀]?[?？]?$")
# Function words (pronouns, adverbs, particles …, by jieba's tag) name no option: 直接停 → 停.
_FUNCTION_TAGS = frozenset("r d p c u ul uj y e o m q mq t f ad".split())
# What sanction (会受到什么处分, 怎么处罚): the quote must name one.
_SANCTION_RE = re.compile(r"(?:什么|啥|哪些|何种)(?:样的)?(?:处分|处罚|惩罚|惩处|处理)"
                          r"|(?:什么|啥|哪些|何种)(?:样的)?[\u4e00-\u9fff]{0,3}(?:惩戒|处分|处罚|惩罚|惩处)|(?:怎么|怎样|如何)(?:处分|处罚|惩罚|惩处|罚)")
_SANCTION_FILL = re.compile(r"处分|处罚|惩|追责|问责|追究|撤职|免职|罚款|查处|严肃处理|依法处置|停产整顿|否决")
# When, asked plainly (什么时候, 啥时候, 何时): no slot of the speech's questions (什么时候开展检查 is answered by
# 节前, by a season); of a named law, a sentence giving a day answers it (`when_slot`)
_WHEN_RE = re.compile(r"什么时候|啥时候|何时|什么时间|哪个时候")


def placeholder_who(intent_clause: str, situation: str) -> Slot | None:
    """A name, for a question whose situation names a person by a placeholder (X同志) and whose asking
    clause asks who that is (具体是哪位领导): the speech gives only the placeholder."""
    if _PLACEHOLDER_PERSON.search(situation.replace(" ", "")) and _ASKS_WHO.search(intent_clause.replace(" ", "")):
        return Slot(NAME)
    return None


def when_slot(text: str) -> Slot | None:
    """A day, for a question asking when (什么时候开始施行的) that names no other specific."""
    return Slot(DATE, "day") if _WHEN_RE.search(text) else None


# By when (在什么时间之前, 截止到哪天, 最迟什么时候): the quote must give a time.
_DEADLINE_RE = re.compile(r"(?:什么时间|什么时候|哪天|何时)(?:之前|以前|前|为止)|截止|最迟|最晚|期限是")
_DEADLINE_FILL = re.compile(r"[0-9〇零一二三四五六七八九十]+(?:年|月|日|号)|节前|节后|年底|年初|年前|月底|季度|之前|以前|前完成|期限|截止|第一时间|立即|当天"
                            rf"|{_NUMERAL}+个?(?:{_TIME_UNITS})(?:以)?内")  # (六十秒内, 三个工作日内: the time it must be done in)
# The parts inside a named thing (责任书里有哪些考核指标, 清单中包括哪些内容): an enumeration of its parts.
# (not inside the speech itself: 讲话里有什么要求 asks what it requires, not for a list of its parts)
_INSIDE_RE = re.compile(r"(?<!讲话)(?<!文件)(?<!原文)(?<!会议)(?:里|中|内)(?:面|头)?(?:都|具体)?(?:有|包括|包含|列了|写了|规定了)(?:哪些|什么)")


# Money paid or received (Cilin Dj07 pay: 工资, 补贴; Dj08 charges and payments: 费用, 奖金, 罚款; He09 compensation:
# 赔偿, 理赔; He12 reimbursement: 报销), named in the asking clause: what is asked of it (how much, how it is
# reckoned, whether it is paid) is answered by an amount or a passage on money paid (laws have them; the
# speech names neither).
_PAYMENT_CLASSES = ("Dj07", "Dj08", "He09", "He12")


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return Lexicon()


def names_payment(clause: str) -> bool:
    """Whether a word of the clause (cut with the general dictionary: 加班补贴 → 加班 补贴) is money paid."""
    lexicon = _lexicon()
    return any(len(w) >= 2 and any(c.startswith(_PAYMENT_CLASSES) for p in _parts(lexicon, w) for c in lexicon.categories(p))
               for run in _CJK_RUN.findall(clause) for w in lexicon.cut(run))


def _parts(lexicon: Lexicon, word: str) -> tuple[str, ...]:
    """What a word names: itself, or, when Cilin does not list it, the two words Cilin lists that it is made
    of (jieba's 赔偿标准 → 赔偿, 标准: the compound speaks of what its modifier names too, not only of its head,
    which `Lexicon.categories` reads), or its last character, the head of a compound of three or more
    whose first characters are a word (保险费 → 保险 + 费)."""
    if len(word) < 3 or lexicon.info(word).codes:
        return (word,)
    for k in range(2, len(word) - 1):
        head, tail = word[:k], word[k:]
        if lexicon.info(head).codes and lexicon.info(tail).codes:
            return head, tail
    modifier = lexicon.info(word[:-1])
    if modifier.codes and not modifier.tag.startswith("m"):
        return word, word[-1]  # (not an ordinal's: 第二款 is no money)
    return (word,)


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def about_money(slot: Slot, intent_clause: str) -> bool:
    """The specific is asked of a payment the asking clause names (保费是按年交还是按月交, 赔偿什么时候到账):
    the quote must speak of money as well as fill the slot (a month named elsewhere is no answer)."""
    return slot.kind not in (MONEY, PAYER) and names_payment(intent_clause)


def speaks_of_money(text: str, cut: Callable[[str], list[str]]) -> bool:
    """An amount (…元), a payment (Cilin's money classes) or a word of funding (费用, 经费, 资金, 补贴 …)."""
    t = text.replace(" ", "")
    return _numeral_with("元|万元|块", cut(t)) or names_payment(t) or bool(_PAYER_FILL.search(t))


# Papers a person is to hand in (要交哪些材料, 需要带什么证明): forms, files and certificates (Cilin Dk17A 材料/资料,
# Dk18 表格, Bp19B 证明/证件/执照) after a verb of handing in that is asked of the asker (要/需要/得…), not
# what was handed in (交了什么材料: the speech says 责任书). Only a passage naming such papers gives them.
_HAND_IN_RE = re.compile(r"(?:要|需要|得|该|应该|应当|必须)(?:先)?(?:提交|递交|上交|交|准备|提供|附上?|带上?)(?:哪些|什么|啥|哪几[份样种个])")
_PAPER_CLASSES = ("Dk17A", "Dk18", "Bp19B")


def names_papers(text: str) -> bool:
    """Whether a word of the text (cut with the general dictionary) is a form, file or certificate."""
    lexicon = _lexicon()
    return any(len(w) >= 2 and any(c.startswith(_PAPER_CLASSES) for c in lexicon.categories(w))
               for run in _CJK_RUN.findall(text) for w in lexicon.cut(run))
_QUESTION_WORDS = re.compile(r"什么|啥|怎|如何|哪|谁|吗|么|呢|几|多少|多久|是否|能否|可否|有没有|要不要|是不是|能不能|会不会"
                             r"|([\u4e00-\u9fff])不\1")


@dataclass(frozen=True)
class Slot:
    kind: str
    unit: str = ""  # a number's unit asked (级, 小时; "" any); a duration's "vague" (多久); a date's day/year;
    # an enumeration's count of parts ("" when the question gives none: at least two)
    named: str = ""  # an enumeration's named set (四个意识): its parts are listed next to its name
    chars: bool = False  # an enumeration counted in characters (“十六字”方针: four parts of four)
    ahead: bool = False  # a duration asked ahead of something (提前多久): given as 十五日前, 届满前一个月, 提前3日
    often: bool = False  # how often (多久…一次, 几年一次): given as 每年1次, 每半年, 三年一次, not as 2个工作日内


@lru_cache(maxsize=256)
def asked_slot(intent_clause: str) -> Slot | None:
    """The specific the asking clause wants, or None (most questions). A question asks it of the same
    clause three or four times (parse, analyse, the slot checks), so the last few clauses' are kept."""
    if _LATIN.search(intent_clause) and not _CJK.search(intent_clause):
        return english_slot(intent_clause.lower())
    t = intent_clause.replace(" ", "")
    if _PAYER_RE.search(t):
        return Slot(PAYER)
    if _MONEY_RE.search(t):
        return Slot(MONEY)
    if _SANCTION_RE.search(t):
        return Slot(SANCTION)
    if _ITEMS_RE.search(t):
        return Slot(CRITERIA, "items")
    if _SCORE_RE.search(t):
        return Slot(NUMBER)
    m = _CRITERIA_RE.search(t)
    if m:
        # 提了什么标准, 离不开什么条件: a standard or condition asked without what it classes (no 认定,
        # 列入, 会被…) is what must be done or had, which a requirement states (`_REQUIRED`)
        if _CLASSING.search(t):
            return Slot(CRITERIA)
        # 保费按什么标准交, 赔偿标准是什么: the standard of a payment is how much is paid, which only a
        # passage on money gives (a requirement is no answer)
        return Slot(MONEY, "payment") if names_payment(t) else Slot(CRITERIA, "required")
    if _DEADLINE_RE.search(t):
        # a deadline asked as a calendar date (最晚几月几号前) is a date: 节前 or 之前 gives no day
        day = _DATE_RE.search(t)
        return Slot(DATE, "year" if "年" in day.group() else "day") if day else Slot(DEADLINE)
    m = _CHOICE_RE.search(t)
    if m:
        # the first option starts after the copula or particle before it (否决的是评优 → 评优)
        first = re.split(r"[是算的得地为]", t[max(m.start("a") - 4, 0): m.end("a")])[-1]
        return Slot(CHOICE, named=(first or m.group("a")) + "|" + m.group("b"))
    if _LEGAL_RE.search(t):
        return Slot(LEGAL)
    if _CONTACT_RE.search(t) and not (_YES_NO.search(t) and not _WH_WORD.search(t)) and not _CONTACT_RULES.search(t):
        return Slot(CONTACT)  # (not 是不是要有人值班接电话: a yes-or-no question asks no number)
    if _DESTINATION_RE.search(t):
        return Slot(CONTACT, "where")
    m = _DATE_RE.search(t)
    if m:
        return Slot(DATE, "year" if "年" in m.group() else "day")
    if _CLOCK_RE.search(t):
        return Slot(DATE, "clock")
    if _NAME_RE.search(t) or _PLACEHOLDER_WHO.search(t):
        return Slot(NAME)
    if _PLACE_RE.search(t) and not _TEXT_PLACE.search(t):
        return Slot(PLACE)
    m = _DURATION_RE.search(t)
    if m:
        unit = next((u for u in _TIME_UNITS.split("|") if u in m.group()), "")
        # 多久 asks when (第一时间 answers it) unless it asks how often (多久…一次): then a figure
        often = bool(re.search(r"[一每]次", t[m.end():]))
        # …or how long at most or at least (最长能封多久, 最少多长时间): a limit, which a length gives, not 立即
        vague = not unit and not often and not _EXTREME.search(t[max(0, m.start() - 6):m.start()])
        return Slot(DURATION, "vague" if vague else unit, ahead=t[: m.start()].endswith("提前"), often=often)
    if _PROCEDURE_RE.search(t):
        return Slot(PROCEDURE)
    m = _ENUM_RE.search(t)
    if m is None and _INSIDE_RE.search(t):
        return Slot(ENUMERATION)
    if m is None:
        counted_set = _MEMBER_SET.search(t)
        members = _MEMBERS_RE.search(t, counted_set.end()) if counted_set else None
        if members is not None:
            return _enumeration(t, counted_set, None)
    if m:
        return _enumeration(t, _SET_COUNT.search(t[: m.start()]), m)
    m = _COUNT_RE.search(t)
    if m and (m.group().startswith("多少") or not _OTHER_ASK.search(_clause_at(t, m.start()))
              and not _asked_later(t, m)):
        unit = m.group("u") or m.group("v") or m.group("w") or _measure_after(t, m.end()) or _ratio_after(t, m.end())
        if not unit and names_payment(_clause_at(t, m.start())):
            return Slot(MONEY)  # 年薪是多少, 工资多少: how much money is paid (an amount), not a count of things
        return Slot(NUMBER, unit)
    if names_payment(t):
        return Slot(MONEY, "payment")
    m = _HAND_IN_RE.search(t)
    if m and names_papers(t[m.end():]):
        return Slot(PAPERS)
    return _keyword_slot(t)


# Cilin's measure words: Dn08 of things (个, 栋), Dn09 of actions (次, 遍), Dn10 of weights and measures (分, 吨, 亩).
_MEASURE_CLASSES = ("Dn08", "Dn09", "Dn10")


def _measure_after(t: str, at: int) -> str:
    """The measure word right after 多少 when the listed units do not name it (扣多少分, 多少亩): the unit
    asked, as 几 takes any classifier. "" when the next character is no measure word (多少事故)."""
    if at >= len(t) or not _CJK.match(t[at]):
        return ""
    if len(_lexicon().cut(t[at: at + 2])[0]) > 1:
        return ""  # the character begins a word of its own (多少事故, 多少分钟): no measure word
    codes = _lexicon().categories(t[at])
    return t[at] if any(c.startswith(_MEASURE_CLASSES) for c in codes) else ""


def _ratio_after(t: str, at: int) -> str:
    """"ratio" when the word right after 多少 is a proportion (Cilin Dn07: 比例, 百分比, 比率, 税率): 按多少比例收
    asks a share, which a numeral alone (十五日内) does not give."""
    if at >= len(t) or not _CJK.match(t[at]):
        return ""
    word = _lexicon().cut(t[at: at + 4])[0]
    return "ratio" if len(word) > 1 and any(c.startswith("Dn07") for c in _lexicon().categories(word)) else ""


# A share given: 百分之五, 5%, 三分之一, 七成.
_RATIO_FILL = re.compile(r"百分之|千分之|分之[一二三四五六七八九十]|[0-9.]+\s*[%％‰]|[一二三四五六七八九十]成")


# A question typed as keywords (X同志 名字, 特别重大事故 死亡人数) asks by its last word what it wants of the
# words before: a person's name (Cilin Dd15B: 名字, 姓名) or a count (Dn03A: 人数, 数量, 金额).
_KEYWORD_SLOTS = (("Dd15B", NAME), ("Dn03A", NUMBER))


def _keyword_slot(t: str) -> Slot | None:
    """The slot of a question with no question word, asked by the attribute noun it ends with."""
    if _QUESTION_WORDS.search(t):
        return None
    runs = _CJK_RUN.findall(t)
    if not runs:
        return None
    last = _lexicon().cut(runs[-1])[-1]
    if len(last) < 2:
        return None
    codes = _lexicon().categories(last)
    return next((Slot(kind) for prefix, kind in _KEYWORD_SLOTS if any(c.startswith(prefix) for c in codes)), None)


def _asked_later(t: str, m: re.Match) -> bool:
    """几 inside a clause that goes on past it (去年几轮大检查当中,…; 还有几处没改完,…), with the asking done in
    a later clause: a determiner. 几 ending its clause (分为几级,每一级的标准是啥) is asked."""
    start, end = _clause_bounds(t, m.start())
    rest = re.sub(r"[呢啊吧呀嘛么]+$", "", t[m.end():end])
    # 组织了几轮检查,分别是哪些部门: counted after a verb, its noun ending the clause: asked too
    before = t[start: m.start()]
    if not rest or len(rest) <= 4 and not _GOES_ON.search(rest) and re.search(r"[了过有是]$", before):
        return False
    return bool(_OTHER_ASK.search(t[end:]))


_GOES_ON = re.compile(r"当中|之中|中|里|时|期间|以来|没|不|的")


# The same specifics asked in English (the quote they are checked against is the speech's Chinese).
_LATIN = re.compile(r"[A-Za-z]{3}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EN_SLOTS = (
    (MONEY, re.compile(r"\bhow much\b.*\b(?:fine|fined|penalty|cost|money|yuan|pay)\b|\b(?:what|which) (?:is|was|are) the "
                       r"(?:fine|penalty amount)|\bthe fine for\b|\bfine amount\b|\bhow large (?:is|was) the fine")),
    (DATE, re.compile(r"\b(?:what|when) is the deadline\b|\bthe deadline (?:for|to|of)\b|\bby when\b|\bwhat date\b|\bwhich day\b|\bon what day\b|\bwhen (?:was|is|did) (?:the|this) (?:meeting|conference)")),
    # who a placeholder is (the speech has only X同志, X县长): who is Comrade X, who was county head X
    (NAME, re.compile(r"\bwho (?:is|was|exactly is)\b.*\b(?:comrade|county head|director|secretary|mayor|head) x\b"
                      r"|\bwho (?:is|was) x\b|\b(?:full|real|actual) name\b|\bwhat is (?:the|his|her) name\b|\bwho exactly is\b")),
    # what takes a thing out of a category again (get removed from the blacklist): a condition, as 怎么移出
    (CRITERIA, re.compile(r"\b(?:get|be|being|getting) (?:removed|taken off|delisted|struck off)\b|\bget off (?:the|a|this)\b")),
    (LEGAL, re.compile(r"\bwhich article\b|\barticle number\b|\bwhich (?:law|regulation|clause)\b|\blegal basis\b")),
    (CONTACT, re.compile(r"\bphone number\b|\bhotline\b|\bwebsite\b|\bemail address\b|\bcontact (?:number|details)\b")),
    (PLACE, re.compile(r"\bwhere (?:did|does|was|is) (?:it|the accident|that accident) (?:happen|take place|occur)"
                       r"|\bin which (?:province|city|town|village|county)\b")),
    (NUMBER, re.compile(r"\bhow many (?:people|persons|workers|lives)\b.*\b(?:die|died|killed|injured|lost)\b"
                        r"|\bdeath toll\b|\bhow many (?:deaths|casualties)\b"
                        # how many of anything but a length of time (how many mines are there: a count, as 多少)
                        r"|\bhow many (?!hours?\b|days?\b|minutes?\b|weeks?\b|months?\b|years?\b|times?\b)")),
)


_EN_CLOCK = re.compile(r"\bwhat time\b|\bat what hour\b")


def english_slot(text: str) -> Slot | None:
    """The specific an English question asks for: a fine's amount, a date, a person's name, a law's
    article, a contact — the kinds the speech rarely gives (its names are placeholders)."""
    if _EN_CLOCK.search(text):
        return Slot(DATE, "clock")
    return next((Slot(kind) for kind, pattern in _EN_SLOTS if pattern.search(text)), None)


def _clause_bounds(t: str, at: int) -> tuple[int, int]:
    """Where the clause of `t` (between punctuation marks) holding position `at` starts and ends."""
    start = max((m.end() for m in re.finditer(r"[，,。？?；;！!]", t[:at])), default=0)
    end = re.search(r"[，,。？?；;！!]", t[at:])
    return start, (at + end.start() if end else len(t))


def _clause_at(t: str, at: int) -> str:
    """The clause of `t` (between punctuation marks) holding position `at`."""
    start, end = _clause_bounds(t, at)
    return t[start:end]


def named_set(intent_clause: str) -> Slot | None:
    """The set a question names by its count and common word, when it asks its members (`asked_slot`'s
    enumeration) or quotes its name and asks how it is said (“三个最”是怎么说的, “两张清单”啥意思). The
    second is no slot a quote must fill (“三个一律” is said 一律…, 一律…, 决不准…): it only recognises the
    sentence listing the set (`Matcher._lists_named_set`)."""
    slot = asked_slot(intent_clause)
    if slot is not None:
        return slot if slot.kind == ENUMERATION else None
    t = intent_clause.replace(" ", "")
    quoted = _QUOTED_SET.search(t)
    counted = _MEMBER_SET.search(t, quoted.start()) if quoted else None
    if counted is None or not _SAID_HOW.search(t, quoted.end()):
        return None
    return _enumeration(t, counted, None)


def _enumeration(t: str, named: re.Match | None, m: re.Match | None) -> Slot:
    """An enumeration slot: how many parts (哪四个, “四个意识”; else two), counted in characters when
    the set is named by its characters (“十六字”, 哪十六个字), and the set's name."""
    n = m.group("n") if m else None
    counted = n is not None and n != "几"
    if not counted:
        n = named.group("n") if named else ""
    quoted = re.search(r"[“\"「『]([^”\"」』]{2,12})[”\"」』]", t)
    name = quoted.group(1) if quoted else (t[named.start(): named.end() + 2] if named else "")
    # 哪四个意识: the words after the count name the set
    if counted and not name:
        name = re.sub(r"[^\u4e00-\u9fff].*", "", t[m.end(): m.end() + 2])
    chars = bool(re.match(r"[两二三四五六七八九十]+个?字", name) or (m and t[m.end(): m.end() + 1] == "字")
                 or bool(n) and re.search(r"(?<![第几])[两二三四五六七八九十]+个?字", t))  # “…”那十六个字
    return Slot(ENUMERATION, str(_cn_count(n)) if n else "", name, chars)


def _cn_count(n: str) -> int:
    """三 → 3, 十六 → 16, 二十 → 20 (at least 2: a set has parts)."""
    digits = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if "十" in n:
        tens, _, ones = n.partition("十")
        value = digits.get(tens, 1) * 10 + digits.get(ones, 0)
    else:
        value = digits.get(n, 2) if len(n) == 1 else 2
    return max(2, value)


_NUMERAL_RUN = re.compile(r"[0-9〇零一二两三四五六七八九十百千万]+(?:多|余)?")


def _numeral_with(units: str, words: list[str], article: bool = True) -> bool:
    """A word of the text that starts with a numeral followed by one of the units (四点, 两张清单,
    24小时值班), or a numeral word followed by a word starting with one (2023 年). Numerals inside words
    (进一步, 二十大, 第一时间) are not figures, unless a number of two or more numerals ends the word with
    the unit (起三十日: a segmentation that glued the figure to the word before); with `article` False,
    neither is 一 alone before a classifier (一种, 一次: an indefinite article more often than a count)."""
    unit_re = re.compile(rf"(?:{units})")
    glued = re.compile(rf"(?:[0-9]+|[〇零一二两三四五六七八九十百千]{{2,}})(?:{units})$")
    for i, w in enumerate(words):
        m = _NUMERAL_RUN.match(w)
        if not m:
            if glued.search(w):
                return True
            continue
        if m.group() == "一" and (not article or re.match(r"[些批点下]", w[m.end():] or "x")):
            continue  # 一些, 一批: vague, not a count
        after, at = (w[m.end():], i + 1) if w[m.end():] else ((words[i + 1], i + 2) if i + 1 < len(words) else ("", i + 1))
        if after == "个":  # 三个 工作 日, 15 个 工作日内 (laws count 三个工作日; jieba cuts 三个 off, and 工作日 in two)
            after = "".join(words[at: at + 2])
        if unit_re.match(after):
            return True
    return False


# A time unit asked is given in any of its written forms: 多少天 by 7日内 (laws count days in 日), 几个月 by 三月.
_SAME_UNIT = {"天": "天|日|工作日", "日": "日|天|工作日", "工作日": "工作日|日|天", "周": "周|星期", "星期": "星期|周",
              "个月": "个月|月", "月": "个月|月"}
_CLOCK_FILL = re.compile(r"\d{1,2}[:：]\d{2}|[0-9〇零一二两三四五六七八九十]+点(?:钟|前|后|半|到|至|以前|以后|之前|之后)")
_DATE_FILL = re.compile(r"[0-9〇零一二三四五六七八九十]+(?:年|月|日|号)")
_DAY_FILL = re.compile(r"[0-9〇零一二三四五六七八九十]+(?:月|日|号)")
_SOON = re.compile(r"第一时间|立即|立刻|马上|当天|当日")  # answers a vague 多久 (not a how-often 多久…一次)
# A time ahead of something (提前多久): a figure with a time unit before 前, or after it (届满前一个月, 提前3日).
_AHEAD = re.compile(rf"{_NUMERAL}+个?(?:{_TIME_UNITS})(?:以)?前|前{_NUMERAL}+个?(?:{_TIME_UNITS})")
# How often, as laws say it (每半年进行一次, 每个季度至少召开一次, 每年至少…报告一次): answers 多久…一次.
_ONCE_IN = re.compile(rf"{_NUMERAL}+个?(?:{_TIME_UNITS})(?:至少|最少)?(?:[一1]|{_NUMERAL}+)次")  # 三年一次, 两年至少1次
_EVERY = re.compile(rf"每(?:个)?(?:半|{_NUMERAL}+个?)?(?:{_TIME_UNITS}|季度?|学期)")
_CONTACT_FILL = re.compile(r"\d{5,}|www\.|https?://|\.(?:cn|com|gov|org)\b|@")
# Where to go is given by a contact or by a destination phrase: 向…部门申请 / 举报, 到…窗口办理 (laws say so),
# or by the office that receives or grants what is asked (公路管理机构应当自受理申请之日起…, 经…部门批准).
_OFFICE = r"(?:部门|机关|机构|局|委员会|政府|办公室|中心|窗口|网站|平台|单位)"
_DESTINATION_FILL = re.compile(
    rf"(?:向|到|在)[^，,。；;]{{0,20}}{_OFFICE}[^，,。；;]{{0,6}}?"
    r"(?:申请|举报|投诉|报告|申报|登记|备案|办理|提出|领取|缴纳|报名|考试|预约)"
    rf"|{_OFFICE}[^，,。；;]{{0,8}}?(?:受理|批准|审批|许可|核发)|经[^，,。；;]{{0,20}}{_OFFICE}[^，,。；;]{{0,4}}?(?:批准|同意|许可|审批)")
_LEGAL_FILL = re.compile(r"《[^》]*》|第[0-9一二三四五六七八九十百]+条")
# A procedure is given by its steps, not by its name (复工复产工作程序 names one and gives no step).
_PROCEDURE_FILL = re.compile(r"首先|然后|其次|第一步|一是.*二是|先.{1,12}再|(?:^|[,;。:])[0-9一二三四五六七八九十]+[、.]")
# A procedure named and then walked through: 落实复工复产工作程序,督促企业制定工作方案,落实好保障措施,同时组织…
_PROCEDURE_NAME = re.compile(r"程序|流程|步骤|手续")


def _names_then_steps(text: str) -> bool:
    """The text names a procedure and at least two more clauses follow it in the same sentence: its steps."""
    m = _PROCEDURE_NAME.search(text)
    if not m:
        return False
    rest = re.split(r"[。!?！？]", text[m.end():], maxsplit=1)[0]
    return len([c for c in _CLAUSE.split(rest) if len(c) >= 4]) >= 2


_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
_PLACE_TAGS = frozenset({"ns"})


def fills(slot: Slot, text: str, cut: Callable[[str], list[str]], tags: Callable[[list[str]], set[str]]) -> bool:
    """Whether the quoted text can fill the slot. `cut` segments it into words; `tags(words)` gives
    jieba's part-of-speech tags of them (names and places are told by tag, not by a list)."""
    t = text.replace(" ", "")
    words = cut(t)
    if slot.kind == MONEY:
        # a payment asked of (有没有补贴, 怎么报销) is answered by a passage on money paid, as laws speak of it
        return _numeral_with("元|万元|块", words) or slot.unit == "payment" and names_payment(t)
    if slot.kind == DATE and slot.unit == "clock":
        return bool(_CLOCK_FILL.search(t))
    if slot.kind == DATE:
        return bool((_DAY_FILL if slot.unit == "day" else _DATE_FILL).search(t))
    if slot.kind == DURATION:
        if slot.ahead:
            return bool(_AHEAD.search(t))
        if slot.often:
            return bool(_EVERY.search(t) or _ONCE_IN.search(t))
        if slot.unit == "vague" and _SOON.search(t):
            return True
        if not slot.unit and _EVERY.search(t):
            return True
        return _numeral_with(_TIME_UNITS if slot.unit in ("", "vague") else _SAME_UNIT.get(slot.unit, slot.unit), words)
    if slot.kind == NUMBER:
        if slot.unit == "ratio":
            return bool(_RATIO_FILL.search(t))
        if slot.unit and slot.unit not in ("个", "万"):
            return _numeral_with(slot.unit, words)
        return _numeral_with(_COUNT_UNITS, words, article=False)
    if slot.kind == LEGAL:
        return bool(_LEGAL_FILL.search(t))
    if slot.kind == CONTACT:
        return bool(_CONTACT_FILL.search(t)) or slot.unit == "where" and bool(_DESTINATION_FILL.search(t))
    if slot.kind == NAME:
        return bool(tags(words) & _PERSON_TAGS)
    if slot.kind == PLACE:
        return bool(tags(words) & _PLACE_TAGS)
    if slot.kind == PROCEDURE:
        return bool(_PROCEDURE_FILL.search(t)) or _names_then_steps(t)
    if slot.kind == PAYER:
        return bool(_PAYER_FILL.search(t))
    if slot.kind == CRITERIA and slot.unit == "items":
        # the standard's items: listed where the quote names a standard (not only 达到…标准)
        at = _STANDARD.search(t)
        return at is not None and list_items(_around(t, at.group())) >= 2
    if slot.kind == CRITERIA:
        return bool(_CRITERIA_FILL.search(t) or slot.unit == "required" and _REQUIRED.search(t))
    if slot.kind == SANCTION:
        return bool(_SANCTION_FILL.search(t))
    if slot.kind == DEADLINE:
        return bool(_DEADLINE_FILL.search(t))
    if slot.kind == PAPERS:
        return names_papers(t)
    if slot.kind == CHOICE:
        # an option is named when a content word of it is in the quote (直接停 → 停: 一律停产整顿)
        # (a word both options share is the question's frame, not an option: 网上公布还是报纸公布 → 公布)
        a, _, b = slot.named.partition("|")
        wa, wb = cut(a), cut(b)
        options = [w for w in wa + wb if not (w in wa and w in wb) and not tags([w]) <= _FUNCTION_TAGS]
        return any(w in t for w in options)
    if slot.kind == ENUMERATION:
        if slot.chars:
            return enumerates(slot, t)
        return list_items(_around(t, slot.named)) >= int(slot.unit or 2)
    return True


_ITEM_MARK = re.compile(r"([一二三四五六七八九十])[是要]|第([一二三四五六七八九十])[,,、是]")
_CLAUSE = re.compile(r"[,,;;::。!?!?]")


# A clause naming the set by pointing back at what precedes it (这些都是…, 以上…, 上述…).
_POINTS_BACK = re.compile(r"(?:这些|以上|上述|这几|这[两二三四五六七八九十]+[个项条方面])")


def _around(text: str, name: str) -> str:
    """Where a named set's parts would be listed: the clause naming it and the clauses either side of it
    (权力、责任“两张清单”; 增强“四个意识”,站在讲政治、顾大局的高度), or all the clauses before it when
    it points back at them (…,道路交通情况复杂,这些都是重点领域). The whole text when it does not name it."""
    at = text.find(name) if name else -1
    if at < 0:
        return text
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text)]
    i = max(k for k, b in enumerate(bounds) if b <= at)
    if _POINTS_BACK.match(text, bounds[i]):
        return text[: bounds[i]]  # …,道路交通情况复杂,这些都是我县安全工作的重点领域: the parts come before
    return text[bounds[max(i - 1, 0)]: bounds[min(i + 2, len(bounds) - 1)]]


def list_items(text: str) -> int:
    """How many parts a text lists: 一是…二是 (or 一要…二要), the longest run of 、-joined items inside
    one clause, and the longest run of parallel clauses (consecutive clauses that start or end alike:
    从最担忧的领域着想,从最基础的工作着手 …; 不到位不放过、不彻底不放过)."""
    marks = {m.group(1) or m.group(2) for m in _ITEM_MARK.finditer(text)}
    best = len(marks) if len(marks) >= 2 else 1
    clauses = [c for c in _CLAUSE.split(text) if c]
    for c in clauses:
        best = max(best, len(c.split("、")))
    parts = [p for c in clauses for p in c.split("、") if len(p) >= 3]
    for key in (lambda p: p[:2], lambda p: p[-2:]):
        run = 1
        for a, b in zip(parts, parts[1:], strict=False):
            run = run + 1 if key(a) == key(b) else 1
            best = max(best, run)
    return best


def set_core(slot: Slot) -> str:
    """What each part of a named set has in common by its name: 三个最 → 最, “三个责任” → 责任; "" when the
    name says nothing but the count (十六字, 四不放过 keeps 不放过)."""
    m = re.match(r"[两二三四五六七八九十]+(?:个|大|项|条|种|类)?", slot.named)
    core = slot.named[m.end():] if m else ""
    return "" if slot.chars or len(core) > 4 else core


def parallel_runs(text: str) -> list[list[str]]:
    """Runs of parallel parts in a text: the 、-joined items of a clause, and consecutive clauses that
    start or end alike (从最担忧的领域着想,从最基础的工作着手,从最薄弱的环节着力)."""
    clauses = [c for c in _CLAUSE.split(text) if c]
    runs = [[p.strip("“”\"") for p in c.split("、")] for c in clauses if "、" in c]
    # the quoted part of a clause is the list when the clause quotes one (按照“党政同责、一岗双责…”要求)
    runs += [q.split("、") for q in re.findall(r"“([^”]*、[^”]*)”", text)]
    parts = [p for c in clauses for p in c.split("、") if len(p) >= 3]
    for key in (lambda p: p[:2], lambda p: p[-2:]):
        run = [parts[0]] if parts else []
        for a, b in zip(parts, parts[1:], strict=False):
            if key(a) == key(b):
                run.append(b)
            else:
                if len(run) >= 2:
                    runs.append(run)
                run = [b]
        if len(run) >= 2:
            runs.append(run)
    return runs


def enumerates(slot: Slot, text: str, headings: tuple[str, ...] = ()) -> bool:
    """Whether a text lists exactly the set the question names: as many parallel parts as it counts
    (each holding the set's common word, when the name has one: 三个最 → 从最…,从最…,从最…), or, for a
    set named by its characters, parts that add up to that many characters (“十六字”: 党政同责、一岗双责、
    齐抓共管、失职追责). `headings` are a point's sub-point headings, one part each."""
    if not slot.unit:
        return False  # 哪几个: no count to recognise the set by (two-part lists are everywhere)
    n = int(slot.unit)
    core = set_core(slot)
    runs = [list(headings)] if headings else parallel_runs(text.replace(" ", ""))
    for run in runs:
        items = [re.sub(r"[^\u4e00-\u9fff]", "", p) for p in run]
        items = [p for p in items if p]
        if slot.chars:
            if len(items) >= 2 and sum(map(len, items)) == n:
                return True
        elif len(items) == n and (not core or all(core in p for p in items)):
            return True
    return False
