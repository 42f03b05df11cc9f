"""What a question asks, read from its form: which clause carries the intent, and what kind of answer fits.

People describe who they are and what happened before they ask (我是村委会主任，村里的采砂场年后想开工，
要走什么手续). The clause that holds the question word (什么, 怎么, 吗, 哪 …) carries the *intent*; the
clauses before it describe the asker's *situation*. Situation words still help find the passage (开工,
年后), but a word the speech does not know there (村委会主任, 采砂场) is not evidence that the question
is about something else: `bot.qa.signals` counts unknown words by the clause they stand in.

The *form* of a question says which sentence of a matching passage answers it:

* definition (X是指什么, 什么是X, X是什么意思): a sentence that spells X out, not one that merely uses X;
* reason (为什么, 为何, 原因): a sentence that gives a reason (因为, 由于, 决定, 说明, 保障 …);
* negation or condition (如果不…, 哪些情况不准…, 不能/不得): a sentence that forbids or conditions
  (严禁, 一律, 不准, 决不, 方可 …);
* image (用了什么成语/比喻/俗语): a sentence with an idiom (jieba's dictionary tags idioms ``i``);
* quote continuation (“X”后面/下一句是什么): the sentence that holds X;
* specifics (多少钱, 第几条, 哪一天, 叫什么名字): a figure, date, article or name, which the
  speech rarely gives: the answer must contain digits or the asked unit, else it is not covered;
* compound (A和B各有什么要求, A与B分别…): one sub-question per part, one quote per part.

Each form is a rule over text the code already derives (sentences, their words); the fitted model
(`bot.qa.signals`) decides how much a fitting form counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.qa import lazyre as re

# A point of a speech named by its number (第二点, 第三部分, 第一点意见); group 1 is the number. Not 第三条 /
# 第五章, which number other things too (`bot.qa.index` leaves these out of a question's topic words,
# `bot.qa.matcher` scopes the answer to the point).
POINT_NUMBER = r"第([一二三四五六七八九十]+|\d+)(?:点|部分|个部分|大点|点意见|大部分)"
# (几 asks unless it is an approximate number: 十几年, 好几轮, 几十个, 几乎)
_QUESTION_MARKERS = re.compile(
    r"什么|啥|怎么|怎样|如何|哪|谁|吗|么|呢|(?<![十好这那百千万])几(?![十百千万乎])|多少|多久|是否|能否|可否|有没有|要不要|是不是|能不能|会不会|可不可以|为何|为啥"
    r"|([\u4e00-\u9fff])不\1"  # A不A asks too: 管不管, 算不算, 准不准
    r"|\b(?:what|how|why|which|who|when|where|is|are|does|do|can|should|must)\b"
)
_CLAUSE_SPLIT = re.compile(r"[,，;；。!！?？:：\n]+")
# A clause that only asks whether the text says it (讲话里有没有说, 县长提没提, 文件里有没有规定): no question of
# its own, it asks the clause before it.
_WHETHER_SAID = re.compile(r"^(?:那|这)?(?:讲话|县长|领导|文件|原文|上面|会上)?(?:里|中|上)?(?:头|面|边)?(?:对此|对这个)?"
                           r"(?:有没有|是否|有无|([说讲提写列])没\1)(?:说|讲|提|写|列|规定|明确|要求)?(?:到|过|出来|出)?"
                           r"(?:这个|这些|相关|这方面的?)?(?:规定|说法|要求|内容)?[吗呢啊呀]?$")

DEFINITION = "definition"
REASON = "reason"
NEGATION = "negation"
IMAGE = "image"
QUOTE = "quote"
SPECIFIC = "specific"
GOAL = "goal"

_QUOTED_TERM = re.compile(r"[“\"'「『]([^”\"'」』]{1,12})[”\"'」』]")
# Words around a term that are no part of it: who said it (县长说的, 讲话里的) and how exactly it is asked (具体, 到底)
_TERM_EDGES = re.compile(r"^(?:县长|讲话|文件|领导|他)(?:里|中|上)?(?:所?说|讲|提|提到)?的|(?:具体|到底|究竟|主要)$")
_DEFINITION_RE = re.compile(
    r"(?:什么是|何为|何谓)(?P<a>.+)|(?P<b>.+?)(?:是指|指的是|指什么|是什么意思|啥意思|什么意思|的意思|的含义|含义是|的内涵|具体指|包括哪些|包含哪些|都有哪些|分别是什么|是哪几|是哪些)"
)
_SAID_IN = re.compile(r"(?:里|中|上)?(?:所说|说|所讲|讲|提到|写|规定|所称)的|所称")
# 按讲话的意思, 照县长的意思: "according to the speech", not a term asked the meaning of.
_ABOUT_SPEECH = re.compile(r"(?:按|按照|照|依|根据)?(?:这个|这篇)?(?:讲话|县长|领导|上面|文件)(?:里|中)?")
_REASON_RE = re.compile(r"为什么(?!样)|为何|为啥|凭什么|原因|缘故|理由|怎么会|\bwhy\b")  # (定性为什么样的: 为 + 什么样)
_NEGATION_RE = re.compile(r"如果不|要是不|不这样|不做|不按|不落实|不整改|不合格|不达标|达不到|不准|不得|不能|不许|禁止|严禁|没有做到|否则|会怎样|会怎么样|后果"
                          # whether something is allowed (允许吗, 行不行, 这样对吗): what the speech forbids or
                          # permits answers it
                          r"|允许|可以吗|行不行|(?:^|(?<=[^\u4e00-\u9fff])|(?<=[样么能也还都]))行吗|准不准|让不让|对吗|对不对|合规"
                          r"|符合[^，,。？?]{0,8}吗"
                          # the same asked in English
                          r"|\b(?:don'?t|doesn'?t|do not|does not|did not|didn'?t|fails?|failed|refuses?|refused|not allowed"
                          r"|allowed|permitted|forbidden|prohibited|banned|what happens|consequences?)\b")
_IMAGE_RE = re.compile(r"成语|比喻|俗语|谚语|形容|打比方|比作|用了什么词|哪个词|四字|口号|顺口溜|那句话|一句话|名言"
                       r"|\b(?:idioms?|metaphors?|sayings?|slogans?|proverbs?|catchphrases?)\b")
_QUOTE_RE = re.compile(r"[“\"'「『](?P<q>[^”\"'」』]{2,})[”\"'」』].*(?:后面|下一句|接着|之后|下句|后一句|紧接|然后)")
_SPECIFIC_RE = re.compile(
    r"多少钱|多少元|罚多少|罚款多少|金额|数额|第几条|哪一条|哪条法|条款|法条|几号|哪一天|哪天|几月|日期|什么时候开的|"
    r"哪一年开|叫什么名字|名字是|姓什么|是谁|哪位|电话|地址|网址|多少人|几个人|具体数字|多少家|多少起|比例是"
)
# …B这两块,讲话各提了什么: the words between B and 各 that point back at both, or name the speech, are neither part.
_COMPOUND_RE = re.compile(r"^(?P<a>.{2,12}?)(?:和|与|及|以及|跟|、)(?P<b>.{2,12}?)"
                          r"(?:[这那]?[两二](?:块|个方面|方面|项|者|个|类|部分|件事))?[,，]?(?:讲话|县长)?(?:里|中)?"
                          r"(?P<tail>各|分别|各自|都|两方面|两个方面)(?P<rest>.*)$")

REASON_MARKERS = re.compile(r"因为|由于|所以|决定的|说明|告诉我们|保障|重要性|之所以|既是|也是|是由|才能|才称得上|前提|关键|核心|武器"
                            # what makes a thing matter: a loss, a risk (教训惨痛, 伤亡最为严重, 容易忽视)
                            r"|惨痛|伤亡|死亡|容易|忽视")
NEGATION_MARKERS = re.compile(r"严禁|一律|不准|决不|不得|不能|不放过|方可|仍达不到|禁止|否决|追责|依法处置|停产整顿")
# what a target is asked (目标是什么, 要控制到啥程度, target, goal) is given by a sentence saying what is to be
# achieved (努力减少…, 确保…, 保持…稳定向好)
_GOAL_RE = re.compile(r"^(?!.*(?:多少|几|增速|百分|\bhow many\b|\bhow much\b)).*(?:目标|控制到|控制在|达到什么|达到啥"
                      r"|\b(?:target|targets|goal|goals|aim|aims)\b)")  # (a figure asked is a figure's slot)
GOAL_MARKERS = re.compile(r"努力|力争|确保|实现|保持|减少|遏制|好转|向好")
# (本条例所称X，是指…: how a law defines its terms)
DEFINITION_MARKERS = re.compile(r"就是|是指|一是|二是|即|“|所称")


@dataclass(frozen=True)
class Form:
    kinds: frozenset[str]
    term: str = ""  # the X of a definition, or the quoted phrase of a continuation
    intent: str = ""  # the clause that asks
    situation: str = ""  # the clauses before it


# A clause that is a question word and one verb character (怎么报, 如何交): when the clause before says a word
# beginning with that character (报销), the verb stands for it and asks of that clause (费用能不能报销，怎么报).
_BARE_ASK = re.compile(r"(?:那|又|该|要|得|应该)?(?:怎么|咋|如何|怎样)(?:去|来)?(?P<v>[\u4e00-\u9fff])[呢啊呀嘛]?")


def _elliptic(clause: str, before: str) -> bool:
    m = _BARE_ASK.fullmatch(clause)
    return m is not None and re.search(m.group("v") + r"[\u4e00-\u9fff]", before) is not None


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c.strip()]


def asks(clause: str) -> bool:
    """The clause asks something (a question word, 吗, A不A …)."""
    return _QUESTION_MARKERS.search(clause) is not None


def split_intent(raw: str) -> tuple[str, str]:
    """(intent clause, situation text) of a question as typed (punctuation still in place)."""
    parts = clauses(raw)
    if len(parts) <= 1:
        return (parts[0] if parts else ""), ""
    asking = [i for i, c in enumerate(parts) if _QUESTION_MARKERS.search(c)]
    i = asking[-1] if asking else len(parts) - 1
    if i > 0 and (_WHETHER_SAID.match(parts[i]) or _elliptic(parts[i], parts[i - 1])):
        i -= 1  # 工地塔吊多久检测一次？讲话里有没有说: the clause before is what is asked
    # A clause that asks and the clauses after it are the intent; a first clause that asks
    # (安全检查有什么要求，我们村要做吗) keeps the topic in the intent too.
    if asking and asking[0] == 0:
        return "，".join(parts), ""
    return "，".join(parts[i:]), "，".join(parts[:i])


@lru_cache(maxsize=256)
def read_form(raw: str) -> Form:
    """What form of answer a question asks for (`Form`; frozen: the last few questions' are kept)."""
    intent, situation = split_intent(raw)
    text = intent or raw
    kinds: set[str] = set()
    term = ""
    m = _DEFINITION_RE.search(text)
    if m and not _ABOUT_SPEECH.fullmatch((m.group("a") or m.group("b") or "").strip(" “”\"'，,的")):
        kinds.add(DEFINITION)
        term = (m.group("a") or m.group("b") or "").strip(" “”\"'，,的")
        # 县长说的“底线”具体是指…: the quoted phrase is the term, not the words around it; else, 第二条里说的建筑活动,
        # 条例中所称的燃气器具都: what follows where it is said, without who said it and how exactly (具体, 到底)
        quoted = _QUOTED_TERM.search(m.group("a") or m.group("b") or "")
        if quoted:
            term = quoted.group(1)
        else:
            term = re.sub(r"(?:都|具体)+$", "", _SAID_IN.split(term)[-1]).strip(" “”\"'，,的") or term
            term = _TERM_EDGES.sub("", term) or term
    if _REASON_RE.search(text):
        kinds.add(REASON)
    if _NEGATION_RE.search(text):
        kinds.add(NEGATION)
    if _GOAL_RE.search(text):
        kinds.add(GOAL)
    if _IMAGE_RE.search(text):
        kinds.add(IMAGE)
    m = _QUOTE_RE.search(raw)
    if m:
        kinds.add(QUOTE)
        term = m.group("q")
    if _SPECIFIC_RE.search(text):
        kinds.add(SPECIFIC)
    return Form(frozenset(kinds), term, intent, situation)


# A degree asked (做到啥程度, 搞到什么地步, 弄到啥份上, 到哪一步): the question's form, as 程度 is; and the yardstick
# after it (…才算过关, 才算完事, 才算合格) says only that the degree is enough, not what it is about (`Index._parse`
# leaves both out of the question's words; 到啥程度才能开工 keeps 开工: a condition of something else).
DEGREE_ASKED = re.compile(r"到(?:什么|啥|哪)(?:种|个)?(?:程度|地步|份儿?上|一步|样子?)"
                          r"(?:才(?:能|可以)?(?:算|叫)(?:是|得上)?[^，,。;；？?！!]*)?")
FORM_WORDS = ("原因", "缘故", "理由", "意思", "含义", "内涵", "程度", "成语", "比喻", "俗语", "谚语", "口号", "顺口溜",
              "名言", "后果", "说法", "表态", "态度", "看法", "观点", "办法", "措施", "效果", "目的")
_FORM_WORDS = re.compile("|".join(FORM_WORDS))


def form_words(text: str) -> set[str]:
    """Words that say what kind of answer is wanted (原因, 意思, 程度, 说法, 办法 …), not what it is about:
    the form of the question, which names no topic. A question must not be judged out of scope because
    the speech does not use them (it gives reasons without saying 原因)."""
    return set(_FORM_WORDS.findall(text))


def compound_parts(normalized: str) -> tuple[str, str] | None:
    """A和B各有什么要求 → (A有什么要求, B有什么要求); None when the question is not compound."""
    m = _COMPOUND_RE.match(normalized.replace(" ", ""))
    if not m:
        return None
    rest = m.group("rest")
    return m.group("a") + rest, m.group("b") + rest


def form_fits(form: Form, text: str, idioms: int) -> float:
    """How well a candidate's text fits the question's form: 1 fits, 0 neutral or no form."""
    if not form.kinds:
        return 0.0
    score = 0.0
    if DEFINITION in form.kinds and form.term and form.term in text and DEFINITION_MARKERS.search(text):
        score = 1.0
    if REASON in form.kinds and any(m.group() not in form.intent for m in REASON_MARKERS.finditer(text)):
        score = 1.0  # (a word the question itself says, 吸取教训's 教训, is what it asks about, not a reason)
    if NEGATION in form.kinds and NEGATION_MARKERS.search(text):
        score = 1.0
    if GOAL in form.kinds and GOAL_MARKERS.search(text):
        score = 1.0
    if IMAGE in form.kinds and idioms:
        score = 1.0
    if QUOTE in form.kinds and form.term and form.term in text:
        score = 1.0
    return score
