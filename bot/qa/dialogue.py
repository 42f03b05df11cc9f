"""Conversations: one message read against the previous turn.

`respond(message, context, matcher, now)` → `Turn`. The context is a VALUE (`Context`, frozen) that
the front end keeps per user and chat and passes back with the next message; the matcher keeps no
state. A context older than `ttl` seconds is ignored.

In this order, a message is:

1. a **pick**: a bare number (2, ２) or 第二个 after a numbered list (the suggestions of a clarify /
   no_answer, or the drill-down targets of a structure answer) takes that item;
2. **small talk** (`bot.qa.smalltalk`): never matched, never an unanswered question;
3. read against a live context, when it cannot stand alone:
   * ``more``      具体说说, 还有呢, 详细点, 能再具体一点吗, 就这些吗 → right after a question's quote: a
     whole passage quoted again with a note that it is all (`Turn.note`) and the next passage offered;
     one sentence (or, for 具体说说, any part) quoted in its passage with the sentences around it;
     else the rest of the passage (then of the sub-point) the last answer stood in, quoted exactly;
     after a question that found nothing or got a clarify, that question's topic asked with 有什么要求,
     else the clarify's best suggestion;
   * ``next`` / ``previous``  下一条, 接着说, 后面一条呢 / 上一条 → the next (previous) passage, sub-point or
     point, at the level the last answer stood at (a point entered shows its heading line); after a
     question for the Nth item of an enumeration (“三管三必须”第一条), the sentence with item N+1;
   * ``ordinal``   第二要呢, 那第三点呢, 第二条是啥 → counted in the list the last answer stood in: after a
     sentence inside a numbered sub-point, 第N点 is the sibling sub-point (`_counted_list`), after the
     outline or a point the speech's point; 第N个方面 a marked passage; 第N条 an enumeration's item;
   * ``ordinal`` of a list (`_listed`) 第一个咋抓的, 最后那个咋落实, 头一个呢, 第二条线呢 → after a quote that lists
     things (`listed_items`: an enumeration, or the topic words it names in a row), the Nth (last) thing:
     asked of, it is the question's topic, answered where the speech speaks of it rather than by the
     listing sentence again; asked of nothing, it is 那X呢 (第二条线呢 → 那底线呢). 第三个是啥 counts a list
     only when the last question asked for one (哪几个, 哪两个, 有哪些), else the speech's parts as above;
     after a question for a list by its noun that found nothing (应急值守执行几个制度), the phrases ending in that
     noun where its topic is answered (`_named_list`);
   * ``elliptic``  那X呢, X呢, X怎么样 → the last question's intent with X as its topic
     (非煤矿山复工有什么要求 → 那建筑工地呢 → 建筑工地有什么要求);
   * ``topicless`` a question naming no topic (谁来查, 要注意什么) → when its question words ask for a
     kind of thing (`asked_kind`: a time 什么时候, an agent 谁, what then 咋办, what to watch 注意什么),
     the sentence of the last answer's passage that `carries` it (节后 / 期间; 县政府安委会要; 一律 / 追责;
     a condition that happened, 要是…了呢, asks what then; a bare 为什么 / 凭什么 that the topic would answer
     with the requirement itself again (its sentence gives no reason) is the sentence before it that does;
     严禁), preferring the question's own words, then the last answer's own sentence; else asked again
     with the last answer's topic words, preferring an answer in or near the last answer's passage;
   * also: 第二个具体咋落实 / 第三点开头咋说的 after a point's parts opens that part (`_ordinal_asked`);
     那要咋做 after a fact is the passage's next sentence stating a duty (`_what_to_do`); 上一条 among
     requirements stated one a sentence is the one beside (`_among_parallel`); a list question that found
     nothing but names a point's heading stands at that point (`_place_of_listed_point`);
   * round 7: 为啥这么安排 / 这个为了啥 after a duty whose sentence states its purpose (…确保…, …形成…格局) is
     that sentence (`_purpose`); 再往后 / 上一句 count from the sentence that answered (`_asked_sentence`), and at
     a passage's end read on into the unread rest of a long sentence whose opening answered (`_unread_rest`);
     最后那个 / 头一个 + a question at a point is its last / first part (`_edge_as_ordinal`); an item named as
     well as counted (头一个红线意识咋理解) is asked by its name, also without its list's noun
     (`_without_list_noun`); 那X呢 drops a place word (那边) and prefers a stated duty after a question for
     requirements (`_duty_first`); 那 + a new subject + its own question is asked alone (`_contrast`);
     具体点，咋守 is a request for detail (`_detail_then_how`); 第三点具体讲啥 shows the point's own opening
     between its heading and its parts (`_with_opening`);
   * round 8: a step said with words around it (这条讲完，…; 它的上一句; 紧跟着; 来着) is the bare step; 块 counts
     parts as 个 does; 要是…不/没…呢 in the last passage's words asks what then there; a bare why with a short
     predicate (为啥罚这么重) quotes the reasons said right before the duty; 那X呢，Q asks Q of X (by the noun X ends
     in when the speech lacks X); what one means to do (打算咋整) after a fact is the next duty; 在里头… asks the
     last passage about what it names;
   * dialogue9: 换成X呢，Q / 要是X呢，Q read as 那X呢，Q (`_swapped_subject`), its requirements a stated duty;
     要达到啥效果 / 起到什么作用 ask a purpose (`_purpose`); cases listed as …的,要… are items (`items_of`) and the Nth
     case is its sentence; 那具体怎么做 after an answer to why is the duty after the reasons (`_what_to_do`);
     针对哪些企业 after a quote naming 高危行业企业 is that sentence (`_which_of_it`);
   * dialogue10: 第N条 / 第N种 after 哪两条 / 哪几种 counts that list, and an item stated in a sentence of its own
     (一是…; 二是…) is that sentence; a list asked by its noun (哪几个制度) counts the phrases ending in it over the
     answer's passage (`_named_list`); 第一个具体咋弄 / 第三个展开说说 after the headings of a point's parts is the
     part's content; 那X呢 to a sibling after its part's opening duty is the sibling's opening duty
     (`_opening_duty_of_sibling`); X上呢 after a why naming no topic is that passage's sentence naming X
     (`_reason_in_respect`); a condition in words of another passage (万一出了险情呢) is asked there
     (`_condition_elsewhere`); a why answered by an earlier reason quotes the reasons in a row up to the duty
     (`_reasons_up_to`); 怎么守 answered by the same duty again is the next duty (`_how_instead`); 要注意什么 after
     a fact is a duty; reading on with a subject (接下来他又说了啥) or from 这句 (这句后头…) reads on. (The outline
     side, `bot.qa.outline`: a node pointed at by its heading's words and 这/那, its opening words, the parts of
     a point named by its heading or by the noun all its parts end in.)
   * dialogue13: 下一点 after a sentence shows the next point with what it says before its parts (`_with_opening`);
     接下来 after a short answer shown with the sentence after it skips that sentence when it says what was asked
     as much; the unread rest of a sentence whose opening answered is read on when it is most of the sentence (with
     the next sentence), never after a question for requirements; 具体说说X / 展开讲讲，X after a quote is more of
     its part, the unread sentence X points to (`_more_then_asked`); a bare 以 opens a clause of aim (目标是啥); 怎么落实
     after a sentence whose rest goes on about it is that sentence (`_how_in_its_rest`); 第三个要 counts parts; a set
     named by its count asked what it is is a list asked; an item without a topic word is asked by what tells it
     from the others (`_item_mark`); 第N项 after a part without parts asked for its list is its Nth requirement
     (`_duty_counted`); X又怎么说，Q sets a new subject and is asked as it stands (`_said_of_new_subject`);
     第一个详细讲讲 asks what the speech requires of that item;
   * dialogue14: 那X呢 where X qualifies a noun a sibling's heading names (县里各部门 → 二要落实部门监管责任) is that
     sibling, by the noun X ends in; there a sentence holding what the last question asked for (清单) beats the
     sibling's opening duty (`_holds_more_asked`); 原话是咋说的 / 原文呢 is more of the last quote, 原话后面还有啥 the rest
     after it (`_original_asked`); 具体咋守住底线 after a quote is the duty whose steps lead to the deed, not where
     it is named (`_HOW_ASKED`); 那今年咋整 / 那我们咋干 is what to do, a conclusion that says a duty (这说明…要下大功夫)
     included, and a duty in the question's words just before the quote; 下一点 from a part of the last point (no
     point follows, only the closing words) is the next part (`_no_point_beyond`); a point asked 是啥 (not its
     标题) and answered with what it says keeps no heading form, so 接着讲了啥 reads the next point's content;
     接着讲的哪块 / 前面说的是哪一点 steps; a list question that found nothing and names no list noun counts the
     list where its subject is answered (`_list_of_subject`: 隐患查改不到位的,分几种情况 → 最后一种呢; the one whose
     sentences hold the words it quotes, 哪几个“一律”), not the points offered; a part pointed at by a word of its heading (应急那条有几个要求) stands there, so 第三个要求 is its third
     requirement; 具体说说这话啥意思 (a pronoun for the last quote asked what it means) is that quote in detail
     (`_MEANING_OF_IT`); a point picked or counted in detail after the points (最后那个具体是啥, 第三个具体是啥) shows
     what it says before its parts (`_with_opening`); a bare 那咋办 after reasons (no condition stated) is what to do
     for them (`_BARE_WHAT_THEN`);
   * and whatever was read: a message asking for more (还有别的…, 除此之外…) never gets a quote this conversation
     already showed (`_not_again`);
4. otherwise a question that stands alone, and a new context.

The context keeps the **form** of the last question (`form_of`: heading, reason, definition, or "" for
content), and a follow-up that names a new target asks the same of it: 第一点意见的标题是什么 → 那第二点呢
is the second point's heading, 高线指的是什么 → 那底线呢 asks what 底线 means. A step names its level
(下一点, 下一个要, 下一个方面; 下一条 steps at the context's own), 下一句 / 接下来还说了啥 read on after the
last quoted sentence (接着说 too, after a quote), 下一句 / 前面一句 step one sentence in reading order, across the
ends of passages, sub-points and points (`_sentence_step`), a question about what a point or sub-point says
(企业主体责任讲了什么: `named_node`) stands at that node, so 接着说 / 下一条 go to the node after it, and
那X呢 where X names a sibling's heading (部门监管责任 → 那企业呢) is answered
inside that sibling.

Only the matcher's public API is used (`ask`, `kb`, `cfg`); answers built here (more, next, ordinals,
drill-down) are exact sentences of the speech with their title path, like the matcher's own.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from typing import Protocol

from bot.qa import lazyre as re
from bot.qa.knowledge import Document, KnowledgeBase
from bot.qa.outline import ELIDED, outline_question, point_question, point_text
from bot.qa.result import ANSWERED, CLARIFY, Answer, Result, Suggestion
from bot.qa.smalltalk import SmallTalk, classify
from bot.qa.source import CN_NUMERALS, Section, SubPoint, cn_number, cn_numeral
from bot.qa.text import is_english, normalise

log = logging.getLogger(__name__)

DEFAULT_TTL = 300.0  # seconds of silence after which a conversation starts afresh

# What a follow-up was read as (Turn.followup); "" for a message that stood alone.
PICK = "pick"
MORE = "more"
NEXT = "next"
PREVIOUS = "previous"
ORDINAL = "ordinal"
ELLIPTIC = "elliptic"
TOPICLESS = "topicless"
NODE = "node"  # open_node: a drill-down button

# Levels of the outline an answer stands at (Context.level).
OUTLINE, POINT, SUBPOINT, PASSAGE = "outline", "point", "subpoint", "passage"


class MatcherLike(Protocol):
    kb: KnowledgeBase

    def ask(self, question: str) -> Result: ...


@dataclass(frozen=True)
class Context:
    """Where a conversation stands after a turn: keep it, pass it with the next message."""

    question: str  # the last question as it stands alone (那建筑工地呢 → 建筑工地有什么要求)
    result: Result  # its result (suggestions to pick from by number live here)
    at: float  # when (the `now` passed to respond)
    topic: str = ""  # the topic words of `question` (建筑工地), which a 那X呢 replaces
    level: str = ""  # outline | point | subpoint | passage | "" (a fact, or nothing answered)
    node_id: str = ""  # global id of what the last answer showed: …/outline, …/p3, …/p3.2, …/p3.2.1
    point_id: str = ""  # global id of the point (section) it stands in: …/p3 ("" when none)
    subpoint_id: str = ""  # …/p3.2 ("" when none)
    passage_id: str = ""  # …/p3.2.2 ("" for outline and point answers)
    seen: tuple[str, ...] = ()  # global sentence ids quoted in this thread (so 还有呢 does not repeat)
    drill: tuple[tuple[str, str], ...] = ()  # (label, node id) offered under a structure answer
    form: str = ""  # what the last question asked of its target: heading | reason | definition | "" (content)
    item: int = 0  # the item of an enumeration the last question asked for (“三管三必须”第一条 → 1), else 0
    numbering: str = ""  # "subpoint": a 第N点 of this conversation counted the sub-points (一要…), not the points
    continued: bool = False  # the last answer was read on from an earlier one (还有呢, 下一条, 接着说), not a question's


@dataclass(frozen=True)
class Turn:
    """The reply to one message. Exactly one of `result` / `smalltalk` is set."""

    message: str  # as the user typed it
    context: Context | None  # keep this for the next message (None: nothing to keep)
    result: Result | None = None  # None for small talk
    smalltalk: SmallTalk | None = None  # greeting | thanks | farewell | who | ack
    followup: str = ""  # "" (stood alone) | pick | more | next | previous | ordinal | elliptic | topicless | node
    question: str = ""  # what was answered, as a question that stands alone ("" for small talk)
    # Drill-down targets under a structure answer (outline → points → sub-points → passages):
    # (button label, node id); pass the node id to `open_node`.
    drill: tuple[tuple[str, str], ...] = field(default=())
    # A line to show under the answer, as a key of `bot.texts` ("" for none): more_whole_passage says that
    # the quote is all the speech says there (还有呢 after a whole passage; `drill` offers the next one);
    # more_end_of_speech that nothing follows (还有呢 after the closing words).
    note: str = ""

    @property
    def record(self) -> bool:
        """Whether the front end should log the outcome (small talk never is)."""
        return self.result is not None


# ----- the words of follow-ups -----
_PREFIX = re.compile(r"^(?:那么|那|好的|好|嗯|哦|行|ok|请|麻烦|能不能|能否|可不可以|可以|你|给我|帮我|再|还是|然后)+")
_SUFFIX = re.compile(r"(?:好吗|行吗|可以吗|一下|一些|一点|吧|吗|呢|啊|呀|哈|嘛|下|看看|看)+$")
_MORE = {
    "具体说说", "具体讲讲", "具体说", "具体讲", "具体点", "具体些", "具体", "具体的", "具体内容", "具体怎么说", "具体怎么讲",
    "详细说说", "详细讲讲", "详细说", "详细讲", "详细点", "详细些", "详细", "详细的", "详细内容", "仔细说说", "仔细讲讲",
    "展开说说", "展开讲讲", "展开说", "展开讲", "展开", "多说点", "多讲点", "多说", "多讲", "说说", "讲讲", "再说说", "再讲讲",
    "还有", "还有吗", "还有什么", "还有别的", "还有别的吗", "还有其他", "还有其他的", "还有没有", "别的", "其他的", "继续",
    "继续说", "继续讲", "然后", "原文", "全文", "原话", "原文是什么", "原文怎么说", "原话是什么", "完整的", "完整", "全部",
    "说全", "讲全", "说完", "讲完", "怎么说的", "怎么讲的", "more", "tellmemore", "moredetails", "details", "goon",
}
_NEXT = {
    "下一条", "下一个", "下一点", "下一要", "下一部分", "下一段", "下一项", "下一方面", "下一节", "接着说", "接着讲", "接下来",
    "接下来说", "接下来讲", "往下说", "往下讲", "再往下", "后面", "后面的", "后面说了什么", "后面讲了什么", "下面", "下面的",
    "下面说了什么", "下面讲了什么", "next", "nextone",
}
_PREVIOUS = {"上一条", "上一个", "上一点", "上一要", "上一部分", "上一段", "上一项", "前一条", "前一个", "前面", "前面的",
             "返回", "回到上一条", "previous", "back"}
# 下一点, 接着说下一点, 再下一个要, 下一个方面, 下一句讲的啥: a step, and the unit it steps by.
_STEP_UNIT = r"个方面|方面|个要求|个要|要|小点|大点|点|部分|条|个|项|段|节|句话|句|块"
_STEP = re.compile(
    r"^(?:接着|继续|然后|再|接下来)*(?:说|讲|看)?(?:往)?(?:再)?(?P<dir>下|上|前|后)一?(?P<unit>" + _STEP_UNIT + r")?"
    r"(?:的)?(?:呢|吗|讲的啥|讲了啥|说了啥|讲的是什么|说的是什么|讲了什么|说了什么|讲什么|说什么|讲啥|说啥|是什么|是啥"
    r"|的内容|内容|怎么说的|怎么讲的|怎么说|怎么讲)?$"
)
_STEP_LEVEL = {"点": POINT, "大点": POINT, "部分": POINT, "要": SUBPOINT, "个要": SUBPOINT, "个要求": SUBPOINT,
               "小点": SUBPOINT, "方面": PASSAGE, "个方面": PASSAGE, "段": PASSAGE, "节": PASSAGE,
               "句": "sentence", "句话": "sentence"}
# 接下来还说了啥, 后面呢, 然后呢: read on from the last quoted sentence (at a passage: the sentences after it).
_READ_ON = re.compile(
    r"^(?:那|那么)?(?:接下来|接着|然后|后面|后边|后头|下面|之后|再往下|往下|再往后|往后|继续)+(?:他|她|县长|讲话)?"
    # 后面县长说他下面要讲啥: what the speaker says he will go on to say is what follows
    r"(?:(?:说|讲|提到)(?:他|她)?(?:下面|接下来|接着|然后|后面)?(?:要|打算|准备)?(?=讲|说))?(?:呢|还|又|再)?"
    r"(?:有|说|讲)?(?:了|的是|的)?"
    r"(?:啥|什么|些什么|哪些|的|的呢|呢|是什么|是啥)?(?:呢|吗)?$"
)
# 最后一段前面讲的啥, 这句之前说了什么, 前面还讲了啥: what the speech says just before the last quote.
_BEFORE_IT = re.compile(
    r"^(?:那|那么)?(?:这|那|最后|刚才|上面)?(?:一)?(?:段|句|句话|条|部分)?(?:的)?(?:前面|之前|前边|以前)(?:还)?"
    r"(?:讲|说)(?:的|了)?(?:些)?(?:啥|什么|是什么|是啥)(?:内容)?(?:呢|吗)?$"
)
# 还有别的原因吗, 还有什么要求, 还有其他的吗, 就这些吗: more of the same kind. (还有别的要求吗 was read as a
# question without a topic, asked with the last one's: that finds the last quote again.)
_MORE_OF = re.compile(
    r"^(?:那|那么)?还有(?:没有)?(?:别的|其他|其它|什么|啥|另外|更多)?(?:的)?(?:原因|理由|内容|要求|规定|措施|的)?"
    r"(?:吗|呢|没有|么|嘛|不|没)?$"
    r"|^(?:就这些|就这|只有这些|只有这|只说了这些|没了|没有了|完了)(?:吗|么|嘛|呢)?$"
)
# 能再具体一点吗, 说得详细些, 详细说明一下, 具体是怎么要求的, 完整的是什么: a request for detail, in any of
# its usual shapes (a polite opening, a verb before or after the adverb, a degree, a closing question).
_DETAIL_ASK = re.compile(
    r"^(?:那|那么|能|可以|能不能|可不可以|请|麻烦|你|再|给我|帮我)*(?:说|讲|解释|介绍|谈)?(?:得|的)?(?:再|更)?"
    r"(?:具体|详细|仔细|完整|展开|详尽)(?:一)?(?:点|些|的|地|一些)?"
    r"(?:说|讲|解释|介绍|说明|谈谈|说说|讲讲|聊聊)?(?:一下|下)?"
    r"(?:是什么|是啥|是怎么要求的|是怎么说的|是怎样的|怎么说|怎么讲|怎么要求的|的内容|内容)?(?:吗|呢|吧)?$"
)
_DETAIL = re.compile(r"具体|详细|仔细|展开|原文|原话|全文|完整")
# 原话是咋说的, 原文怎么写的, 这句原话呢: the words of the last quote as the speech says them (a request for more);
# 原话后面还有啥: what the original goes on to say after them.
_ORIGINAL = re.compile(r"^(?:那|那么)?(?:这|那)?(?:一)?(?:句|段|句话|条)?(?:的)?(?:原话|原文|原句|全文)(?:里|中|上)?")
_SAYS_IT = re.compile(r"^(?:是|又是)?(?:(?:怎么|咋|如何|怎样)(?:说|讲|写)(?:的)?|(?:说|讲|写)(?:的|了)?(?:是)?(?:什么|啥))?"
                      r"(?:是)?(?:什么|啥)?(?:呢|吗|啊)?$")


def _original_asked(light: str) -> str:
    """"more" for 原话是咋说的 / 原文呢 (the quote's own words), "after" for 原话后面还有啥 (what the original says
    after them), "" for anything else (原话里的底线指啥 asks a question of its own)."""
    m = _ORIGINAL.match(light)
    if not m:
        return ""
    rest = light[m.end():]
    if _SAYS_IT.match(rest):
        return "more"
    return "after" if _READ_ON.match(rest) or _MORE_OF.match(rest) else ""
# 这块还说了啥, 这里面还提了些什么, 这部分县长还讲了哪些: the last answer's place pointed at (or not), and what
# else is said there: more, whichever verb of saying (这块还讲了啥 was read as more only through `_not_again`).
_MORE_SAID = re.compile(
    r"^(?:这|那)?(?:一)?(?:块|块儿|里|里面|里头|部分|段|段话|方面|儿|边)?(?:里|中|当中)?(?:县长|讲话|他)?"
    r"(?:还|另外|又|还另外)(?:讲|说|提|谈)(?:了|到|过)?(?:些|一些)?(?:啥|什么|哪些|别的|其他的?)(?:内容|东西)?"
    r"(?:呢|吗|没|没有)?$"
)
# What a question asks of its target (Context.form), carried over to a target a follow-up names.
HEADING, REASON, DEFINITION = "heading", "reason", "definition"
_STRUCT_REF = re.compile(rf"第[{CN_NUMERALS}两\d]+(?:点|要|部分|大点|个要求|小点)|意见|这一?点|那一?点")
_HEADING_WORDS = re.compile(r"标题|题目|主题|叫什么|叫啥|名字|名称")
_HEADING_ASK = re.compile(r"(?:是什么|是啥|是哪个|是哪条|指什么)[?？]?$")
_CONTENT_WORDS = re.compile(r"讲|说|内容|要求|怎么")
_HOW = re.compile(r"咋|如何|怎样")
_REASON_WORDS = re.compile(r"为什么|为啥|为何|原因|理由|凭什么|怎么会")
_DEFINITION_WORDS = re.compile(r"指的是什么|指的是啥|指的什么|指的啥|指什么|指啥|是指|什么意思|啥意思|含义|意思是|怎么理解|是什么|是啥")
_ORD = rf"[{CN_NUMERALS}两]+|\d+"
_ORDINAL = re.compile(
    rf"^(?:其中|那么|那)*第?({_ORD})(个要求|项要求|条要求|大部分|大点|个方面|部分|小点|点|个要|要|条|个|项|段|方面|块)"
    r"(?:的)?(?:要求|内容)?(?:具体|主要|都)?(?:是|讲|说|写)?(?:的|了)?(?:是)?"
    r"(?:什么内容|啥内容|什么|啥|哪些|内容|怎么说的|怎么讲的|怎么要求的|怎么说|怎么讲|怎么要求)?$"
    rf"|^第({_ORD})$"
)
_PICK = re.compile(r"^(?:选|选择|要|第)?(\d{1,2})(?:个|条|项)?$")
_ELLIPTIC = re.compile(
    r"^(?:那么|那|还有|而|如果是|要是|换成|换作|对于|关于)*(?P<x>.+?)"
    r"(?P<tail>的呢|方面呢|呢|怎么样|怎样|咋样|如何|又如何|又怎么样|又怎样|又是怎样|那块呢|又怎么说|又咋说|又怎么讲|又是怎么说的)$"
)
_INTERROGATIVE = re.compile(r"什么|怎么|怎样|如何|谁|哪|几|多少|为什么|为何|咋|啥|是否|能否|吗|要不要|能不能|有没有|是不是")
_FRAME = re.compile(r"有什么|有哪些|有啥|什么|怎么|怎样|如何|哪些|哪|谁|几|多少|为什么|咋|啥|要不要|能不能|是不是|有没有|吗|要求|应该|需要")
# Words of the knowledge base that do not name a topic (an answer's place): generic words, verbs and
# times that any passage could be asked about (谁来检查, 不合格怎么办, 节后什么时候).
_WEAK = frozenset(
    "安全 安全生产 安全工作 生产安全 工作 要求 发现 发现了 查出 查到 检查出 排查出 查出来 达到 达标 达不到 不达标 没达标 "
    "达不到标准 还不达标 不合格 防范 预防 防止 避免 杜绝 监管 监督管理 管理 责任 职责 职能 任务 分工 担子 依法处置 依法处理 "
    "处罚 处理 通报 汇报 介绍了 春节 过年 过完年 年后 过了年 春节后 节后 新年 大年 检查 排查 离开 请假 回家 走开 事故 "
    "安全事故 出事 事故发生 领导 干部 负责人 负责同志 单位 上报 报送 报告 信息报告 在岗 到岗 离岗 伤亡 死亡 死人 人员伤亡 "
    "伤亡人数 防止 处置能力 关闭 达不到 开工 大意 应付 敷衍 摆设".split()
)


# Synonym groups of verbs and qualities (落实 ← 完成, 负总责 ← 谁负责): they say how, not about what.
_VERB_CANONICALS = frozenset(
    "落实 抓好 推动 遏制 完善 提高 夯实 好转 分散 减少 追责 重视 守住 严格 上报 懈怠 消除 储备 不合格 负总责 我县 全县 "
    "通报 防范 发现 达到 达不到 麻痹 伤亡 依法处置 监管 责任 春节 事故 安全生产 领导干部".split()
)


def _compact(text: str) -> str:
    return normalise(text).replace(" ", "")


def _strip(text: str) -> str:
    """The core of a short follow-up: 那具体说说呢 → 具体说说."""
    core = _SUFFIX.sub("", _PREFIX.sub("", text))
    return core or text


def _ordinal_match(compact: str) -> re.Match | None:
    """第二要呢 / 那第一点呢 / 第三个: the ordinal reference a short message consists of."""
    light = re.sub(r"(?:呢|吗|吧|啊|呀)+$", "", _PREFIX.sub("", compact))
    return _ORDINAL.match(light) or _ORDINAL.match(_strip(compact))


def _num(text: str) -> int:
    if text.isdigit():
        return int(text)
    return cn_number(text.replace("两", "二"))


def form_of(question: str) -> str:
    """What a question asks of its target: heading (第一点意见的标题是什么, 第二点是啥), reason (为什么…),
    definition (高线指的是什么), or "" (its content: 讲了什么, 有什么要求)."""
    q = _compact(question)
    if _HEADING_WORDS.search(q):
        return HEADING
    refs = list(_STRUCT_REF.finditer(q))
    if refs:
        rest = q[refs[-1].end():]
        return HEADING if _HEADING_ASK.search(rest) and not _CONTENT_WORDS.search(rest) else ""
    if _REASON_WORDS.search(q):
        return REASON
    if _DEFINITION_WORDS.search(q):
        return DEFINITION
    return ""


def _follow_form(compact: str, ctx: Context) -> str:
    """The form a follow-up asks in: its own when it says one (第二点的标题呢, 第二要讲了什么), else the last one's."""
    if _HEADING_WORDS.search(compact):
        return HEADING
    if _CONTENT_WORDS.search(re.sub(r"^(?:接着|继续)(?:说|讲)", "", compact)):
        return ""
    if ctx.form == HEADING and (_DETAIL.search(compact) or _HOW.search(compact)):
        return ""  # 第二个具体咋做 after the headings of the parts: what the part says, not its heading again
    return ctx.form


# ----- the topic lexicon of a knowledge base -----
_LEXICONS: dict[int, tuple[KnowledgeBase, tuple[str, ...]]] = {}


def topic_terms(kb: KnowledgeBase) -> tuple[str, ...]:
    """Words that name a topic of the speech (its terms, users' words for them, passage titles), longest first."""
    cached = _LEXICONS.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    words = {w for w, _, _ in kb.userdict}
    for variant, canonicals in kb.synonyms.items():
        named = [c for c in canonicals if c not in _VERB_CANONICALS]
        if named:
            words.add(variant)
            words.update(named)
    words.update(p.title.removesuffix("方面") for p in kb.passages.values() if p.title)
    terms = {_compact(w) for w in words}
    out = tuple(sorted((t for t in terms if len(t) >= 2 and t not in _WEAK), key=lambda t: (-len(t), t)))
    _LEXICONS[id(kb)] = (kb, out)
    return out


def _topic_spans(text: str, kb: KnowledgeBase) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of topic words in a compact text, left to right, longest first."""
    spans: list[tuple[int, int]] = []
    taken = [False] * len(text)
    for term in topic_terms(kb):
        start = text.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(taken[start:end]):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
            start = text.find(term, end)
    return sorted(spans)


def topics_of(text: str, kb: KnowledgeBase) -> list[str]:
    q = _compact(text)
    return [q[a:b] for a, b in _topic_spans(q, kb)]


def _last_weak_word(text: str) -> str:
    """The generic head word a topic phrase ends with (党政领导责任 → 责任), or ""."""
    return next((w for w in sorted(_WEAK, key=len, reverse=True) if text.endswith(w) and w != text), "")


def topic_run(question: str, kb: KnowledgeBase) -> str:
    """The part of a question that names its topic: from its first topic word to its last."""
    q = _compact(question)
    spans = _topic_spans(q, kb)
    return q[spans[0][0]: spans[-1][1]] if spans else ""


def rewrites(question: str, topic: str, kb: KnowledgeBase, old_topic: str = "") -> list[str]:
    """The question with its topic replaced, best guess first: (非煤矿山复工有什么要求, 建筑工地) →
    建筑工地有什么要求; (党政领导责任怎么落实, 部门) → 部门责任怎么落实, 部门怎么落实.
    `old_topic`: the topic the question is known to have (a 那X呢 before it named it)."""
    q = re.sub(r"^(?:那么|那)", "", _compact(question))
    old_topic = _compact(old_topic)
    spans = _topic_spans(q, kb)
    if old_topic and old_topic in q:
        start = q.index(old_topic)
        spans = [(start, start + len(old_topic))]
    if spans:
        before, run, after = q[: spans[0][0]], q[spans[0][0]: spans[-1][1]], q[spans[-1][1]:]
        generic = _last_weak_word(run)
        out = [before + topic + (generic if generic and generic not in topic else "") + after, before + topic + after]
    else:
        m = _FRAME.search(q)
        out = [topic + q[m.start():]] if m else []  # no known topic: it is what precedes the question words
    out.append(topic + "有什么要求")
    return list(dict.fromkeys(out))


# ----- the outline as nodes -----
def _doc_and_local(kb: KnowledgeBase, gid: str) -> tuple[Document, str]:
    """The document of a node and the node's id (ids are global: sections and sub-points carry them)."""
    return kb.document(gid), gid


def _section(doc: Document, local: str) -> Section | None:
    return next((s for s in doc.speech.sections if s.id == local), None)


def _subpoint(doc: Document, local: str) -> tuple[Section, SubPoint] | None:
    for s in doc.speech.sections:
        for sp in s.subpoints:
            if sp.id == local:
                return s, sp
    return None


def node_level(kb: KnowledgeBase, gid: str) -> str:
    """outline | point | subpoint | passage for a node id ("" when it is none). A section (point, intro,
    closing) wins over the passage of the same id, a sub-point over its lead passage."""
    try:
        doc, local = _doc_and_local(kb, gid)
    except KeyError:
        return ""
    if gid == doc.outline_id:
        return OUTLINE
    if _section(doc, local) is not None:
        return POINT
    if _subpoint(doc, local) is not None:
        return SUBPOINT
    return PASSAGE if gid in kb.passages else ""


def drill_targets(kb: KnowledgeBase, gid: str) -> tuple[tuple[str, str], ...]:
    """What a node opens into: the outline → its points, a point → its sub-points, a sub-point → its
    marked passages (非煤矿山方面 …). Passages and points without sub-points open into nothing."""
    level = node_level(kb, gid)
    if not level:
        return ()
    doc, local = _doc_and_local(kb, gid)
    if level == OUTLINE:
        return tuple((p.title, p.id) for p in doc.points)
    if level == POINT:
        section = _section(doc, local)
        return tuple((f"{sp.label} {sp.heading}", sp.id) for sp in section.subpoints)
    if level == SUBPOINT:
        _, sp = _subpoint(doc, local)
        marked = [kb.passages[pid] for pid in sp.passage_ids[1:]]
        return tuple((p.title, p.id) for p in marked) if len(marked) > 1 else ()
    return ()


def _limit(matcher: MatcherLike) -> int:
    cfg = getattr(matcher, "cfg", None)
    return int(getattr(cfg, "max_answer_chars", 360) or 360)


def _max_suggestions(matcher: MatcherLike) -> int:
    cfg = getattr(matcher, "cfg", None)
    return int(getattr(cfg, "max_suggestions", 3) or 3)


def quote(kb: KnowledgeBase, sentence_ids: list[str], limit: int, score: float = 1.0) -> Answer:
    """An exact quote of consecutive sentences of one passage (as many as fit in `limit`, at least one)."""
    first = sentence_ids[0]
    passage = kb.passage_of(first)
    text, original, kept = kb.quote_run(sentence_ids, limit, within=passage)
    return Answer(kept[0], text, kb.cite(kept[0], passage.path), score, kind="quote", original=original,
                  passage_id=passage.id, sentence_ids=kept)


def _related(kb: KnowledgeBase, answer: Answer, n: int) -> tuple[Suggestion, ...]:
    if not answer.sentence_ids:
        return ()
    out, used = [], set()
    for sid in answer.sentence_ids:
        for e in kb.entries_for(sid):
            if e.id not in used:
                used.add(e.id)
                out.append(Suggestion(e.question, e.id, 0.0))
    return tuple(out[:n])


def _passage_sentences(kb: KnowledgeBase, passage_gid: str) -> list[str]:
    return list(kb.passages[passage_gid].sentence_ids)


def _first_passage(kb: KnowledgeBase, gid: str) -> str:
    """The passage a node's reading starts with."""
    doc, local = _doc_and_local(kb, gid)
    level = node_level(kb, gid)
    if level == SUBPOINT:
        return _subpoint(doc, local)[1].passage_ids[0]
    if level == POINT:
        return _section(doc, local).passage_ids[0]
    return gid


@dataclass(frozen=True)
class _Place:
    level: str = ""
    node_id: str = ""
    point_id: str = ""
    subpoint_id: str = ""
    passage_id: str = ""


def _place_of_passage(kb: KnowledgeBase, passage_gid: str, level: str = PASSAGE, node: str = "") -> _Place:
    p = kb.passages[passage_gid]
    return _Place(level, node or passage_gid, p.section_id, p.subpoint_id or "", passage_gid)


def _place_of(kb: KnowledgeBase, answer: Answer | None) -> _Place:
    if answer is None:
        return _Place()
    if answer.kind == "quote" and answer.passage_id in kb.passages:
        return _place_of_passage(kb, answer.passage_id)
    level = node_level(kb, answer.id) if answer.kind == "outline" else ""
    if level in (POINT, OUTLINE):
        return _Place(level, answer.id, answer.id if level == POINT else "")
    if level == SUBPOINT:
        return _place_of_passage(kb, _first_passage(kb, answer.id), SUBPOINT, answer.id)
    return _Place()


def _shown(kb: KnowledgeBase, answer: Answer | None, place: _Place) -> tuple[str, ...]:
    """The sentences an answer showed: a quote's own; for an outline answer of a sub-point, or of a point
    without sub-points (its heading, then its opening sentences), those its text opens with."""
    if answer is None:
        return ()
    if answer.sentence_ids:
        return answer.sentence_ids
    if place.level not in (SUBPOINT, POINT) or answer.kind != "outline":
        return ()
    out, text = [], answer.text
    doc, local = _doc_and_local(kb, place.node_id)
    if place.level == SUBPOINT:
        passage_ids = _subpoint(doc, local)[1].passage_ids
    else:
        section = _section(doc, local)
        if section is None or section.subpoints or not section.passage_ids:
            return ()
        passage_ids = section.passage_ids
        first = _passage_sentences(kb, passage_ids[0])
        if first and not text.startswith(kb.sentences[first[0]].text) and "。" in text:
            text = text[text.index("。") + 1:]  # the heading line 一、…。
    ids = [sid for pid in passage_ids for sid in _passage_sentences(kb, pid)]
    for sid in ids:
        s = kb.sentences[sid].text
        if not text.startswith(s):
            break
        text = text[len(s):]
        out.append(sid)
    if ids and text.startswith(ELIDED) and text[len(ELIDED):] == kb.sentences[ids[-1]].text:
        out.append(ids[-1])  # …… and the point's closing sentence
    return tuple(out)


# ----- turns -----
def _context(question: str, result: Result, now: float, kb: KnowledgeBase, *, inherit: Context | None = None,
             seen: tuple[str, ...] | None = None, topic: str | None = None, form: str | None = None) -> Context:
    best = result.best if result.status == ANSWERED else None
    place = _place_of(kb, best)
    if topic is None:
        topic = topic_run(question, kb)
    if form is None:
        form = form_of(question)
    if best is None and inherit is not None:
        # A message that found nothing keeps the place, question and topic it was read against.
        place = _Place(inherit.level, inherit.node_id, inherit.point_id, inherit.subpoint_id, inherit.passage_id)
        seen = inherit.seen if seen is None else seen
        question, topic = inherit.question, inherit.topic
    shown = _shown(kb, best, place)
    if form == HEADING and best is not None and best.kind == "outline" \
            and len(shown) > (0 if place.level == POINT else 1) and not _HEADING_WORDS.search(_compact(question)):
        # 县长讲的第一点意见是啥 (not its 标题), answered by the point's heading line and what it goes on to say: the
        # answer read as its content, so 接着讲了啥 reads the next point the same way, not its heading alone
        form = ""
    if seen is None:
        seen = shown
    drill = drill_targets(kb, place.node_id) if best is not None and place.level != PASSAGE else ()
    return Context(question, result, now, topic, place.level, place.node_id, place.point_id, place.subpoint_id,
                   place.passage_id, tuple(dict.fromkeys(seen + shown)), drill, form)


def _turn(message: str, question: str, result: Result, now: float, kb: KnowledgeBase, followup: str = "",
          inherit: Context | None = None, seen: tuple[str, ...] | None = None, topic: str | None = None,
          form: str | None = None) -> Turn:
    ctx = _context(question, result, now, kb, inherit=inherit, seen=seen, topic=topic, form=form)
    return Turn(message, ctx, result, None, followup, question, ctx.drill)


def _built(message: str, answer: Answer, kb: KnowledgeBase, matcher: MatcherLike) -> Result:
    lang = "en" if is_english(message) else "zh"
    return Result(message, ANSWERED, (answer,), _related(kb, answer, _max_suggestions(matcher)), lang,
                  normalise(message))


def node_result(gid: str, matcher: MatcherLike, message: str = "", form: str = "") -> Result | None:
    """The answer for one node of the outline: the outline or a point as the matcher answers 第N点讲了什么
    (its heading line, then its sub-points or its opening sentences), a sub-point or passage as a quote
    from its start. In the heading form (the last
    question asked for a heading), a point without sub-points answers with its heading line, a sub-point or
    passage with its opening sentence (一要…。)."""
    kb = matcher.kb
    level = node_level(kb, gid)
    if not level:
        return None
    doc, local = _doc_and_local(kb, gid)
    if form == HEADING and level == POINT:
        section = _section(doc, local)
        if section.kind == "point" and not section.subpoints and section.heading:
            text = f"{cn_numeral(section.ordinal)}、{section.heading}。"
            answer = Answer(section.id, text, (section.title,), 1.0, kind="outline")
            return _built(message or section.title, answer, kb, matcher)
    if form == HEADING and level in (SUBPOINT, PASSAGE):
        answer = quote(kb, _passage_sentences(kb, _first_passage(kb, gid))[:1], _limit(matcher))
        return _built(message or _node_title(kb, gid), answer, kb, matcher)
    if level == OUTLINE:
        return matcher.ask(outline_question(doc, kb))
    if level == POINT:
        section = _section(doc, local)
        if section.kind == "point":  # as 第二点讲了什么 is answered: its heading line, then its sub-points or opening
            result = matcher.ask(point_question(section, doc, kb))
            if result.status == ANSWERED and result.best.id == section.id:
                return result
    answer = quote(kb, _passage_sentences(kb, _first_passage(kb, gid)), _limit(matcher))
    return _built(message or _node_title(kb, gid), answer, kb, matcher)


def _node_title(kb: KnowledgeBase, gid: str) -> str:
    doc, local = _doc_and_local(kb, gid)
    level = node_level(kb, gid)
    if level == OUTLINE:
        return outline_question(doc, kb)
    if level == POINT:
        return _section(doc, local).title
    if level == SUBPOINT:
        section, sp = _subpoint(doc, local)
        return f"{section.label}的{sp.label} {sp.heading}"
    return " › ".join(kb.passages[gid].path)


def open_node(gid: str, context: Context | None, matcher: MatcherLike, now: float, form: str = "") -> Turn:
    """A drill-down button: answer the node (…/outline, …/p3, …/p3.2, …/p3.2.1) and make it the context.
    `form`: the form the answer takes (HEADING: its heading only), kept in the context."""
    kb = matcher.kb
    result = node_result(gid, matcher, form=form)
    if result is None:
        result = matcher.ask("")
        return Turn("", context, result, None, NODE, "")
    question = _node_title(kb, gid)
    turn = _turn(question, question, result, now, kb, NODE, form=form)
    level = node_level(kb, gid)
    ctx = turn.context
    if ctx is not None and level in (POINT, SUBPOINT) and ctx.level == PASSAGE:
        # Opened as a node and answered with its first passage: the context stands at the node, so that
        # 还有呢 reads on through it and 下一条 goes to the next node of the same level.
        place = _place_of_passage(kb, ctx.passage_id, level, gid)
        drill = drill_targets(kb, gid)
        ctx = replace(ctx, level=place.level, node_id=place.node_id, point_id=place.point_id,
                      subpoint_id=place.subpoint_id, passage_id=place.passage_id, drill=drill)
        turn = Turn(turn.message, ctx, turn.result, None, NODE, question, drill)
    return turn


def live(context: Context | None, now: float, ttl: float = DEFAULT_TTL) -> Context | None:
    """The context if it is still fresh, else None."""
    if context is None or now - context.at > ttl or now < context.at - ttl:
        return None
    return context


def respond(message: str, context: Context | None, matcher: MatcherLike, now: float,
            ttl: float = DEFAULT_TTL) -> Turn:
    """One message of a conversation → its Turn (result or small talk, and the context to keep). Never raises:
    should reading it as a follow-up fail, the message is answered as a question of its own."""
    message = message if isinstance(message, str) else ""
    try:
        return _respond(message, context, matcher, now, ttl)
    except Exception:  # pragma: no cover - a bug must not take the bot down
        log.exception("dialogue failed on a message of %d characters", len(message))
        result = matcher.ask(message)
        return _turn(message, message, result, now, matcher.kb)


def _respond(message: str, context: Context | None, matcher: MatcherLike, now: float, ttl: float) -> Turn:
    kb = matcher.kb
    ctx = live(context, now, ttl)
    asked = _drop_small_talk_opening(message)
    if context is not None:
        asked = _swapped_subject(asked)
    compact = _compact(asked)
    core = _strip(compact)

    if ctx is not None and not ctx.level and ctx.result.status != ANSWERED:
        ctx = _place_of_listed_point(ctx, kb)
    if ctx is not None and not (ctx.level in (POINT, SUBPOINT) and ctx.result.status != ANSWERED
                                and _ordinal_match(compact)):
        picked = _pick(compact, ctx, matcher, now, message)
        if picked is not None:
            return picked
    kind = classify(message)
    if kind is not None:
        return Turn(message, ctx, None, kind)

    if ctx is not None and not ctx.level:
        ctx = _place_from_question(ctx, kb)
    if ctx is not None and compact:
        # An ordinal the context cannot resolve (第五点 of four) is the matcher's to answer (which points exist).
        handlers = (_more_or_next, _listed, _ordinal) if _ordinal_match(compact) else (
            _more_or_next, _more_then_asked, _ordinal, _listed, _ordinal_asked, _purpose, _in_it, _which_of_it,
            _elliptic, _topicless)
        for handler in handlers:
            turn = handler(message, compact, core, ctx, matcher, now)
            if turn is not None:
                return _not_again(turn, message, ctx, matcher, now)
    result = matcher.ask(asked)
    if ctx is not None:
        result = _nearer_in_passage(asked, result, ctx, matcher)
        result = _asked_after_more(asked, result, ctx, matcher)
    # A question that finds nothing keeps the place it was asked at (还有呢 after it still reads on).
    turn = _with_item(_at_named_node(_turn(message, asked, result, now, kb, inherit=ctx), kb), kb)
    turn = _at_pointed_passage(turn, matcher, now)
    return _not_again(turn, message, ctx, matcher, now) if ctx is not None else turn


def _nearer_in_passage(asked: str, result: Result, ctx: Context, matcher: MatcherLike) -> Result:
    """A question asked after an answer and answered in the same passage: of that passage's sentences sharing as
    many of its characters as the one found (…站在全局和政治的高度…; …站在讲政治、顾大局的高度…), the one nearest
    the last quote — the conversation is there (安全生产问题…也是重大的政治问题 → 那该站在啥高度去抓)."""
    kb = matcher.kb
    last = ctx.result.best if ctx.result.status == ANSWERED else None
    best = result.best if result.status == ANSWERED else None
    if (last is None or best is None or best.kind != "quote" or last.kind != "quote" or not best.sentence_ids
            or best.passage_id != last.passage_id or best.passage_id not in kb.passages or not last.sentence_ids):
        return result
    sentences = _passage_sentences(kb, best.passage_id)
    if best.sentence_ids[0] not in sentences or last.sentence_ids[0] not in sentences:
        return result
    chars = {c for c in _compact(asked) if c not in _FUNCTION_CHARS and "\u4e00" <= c <= "\u9fff"}

    def shared(sid: str) -> int:
        return len(chars & set(kb.sentences[sid].text))

    at = sentences.index(last.sentence_ids[-1])
    found = shared(best.sentence_ids[0])
    shown = set(ctx.seen) | set(last.sentence_ids)
    nearer = [sid for sid in sentences if sid not in shown and shared(sid) >= found
              and abs(sentences.index(sid) - at) < abs(sentences.index(best.sentence_ids[0]) - at)]
    if not found or not nearer:
        return result
    sid = min(nearer, key=lambda s: (-shared(s), abs(sentences.index(s) - at)))  # the most shared, then nearest
    answer = quote(kb, [sid], _limit(matcher), best.score)
    others = tuple(a for a in result.answers if a is not best and tuple(a.sentence_ids) != tuple(answer.sentence_ids))
    return replace(result, answers=(answer,) + others)


# 展开说说 咱县今年啥情况 / 还有呢，…: a request for more of the last answer that goes on with a question of its own
_MORE_THEN = re.compile(r"^(?P<more>[^\s,，。.;；:：!！?？]+)[\s,，。.;；:：!！?？]+(?P<rest>\S.*)$")


def _asked_after_more(asked: str, result: Result, ctx: Context, matcher: MatcherLike) -> Result:
    """展开说说 咱县今年啥情况 after a quote: the question goes on from the request for more it opens with, so it
    is asked of the last answer's passage: its unread sentence sharing the most of the question's characters (at
    least half of them, two or more), nearest after the last quote, answers instead of a sentence elsewhere."""
    kb = matcher.kb
    m = _MORE_THEN.match(normalise(asked).strip())
    last = ctx.result.best if ctx.result.status == ANSWERED else None
    if m is None or _strip(_compact(m.group("more"))) not in _MORE or last is None or last.kind != "quote" \
            or not last.sentence_ids or last.passage_id not in kb.passages:
        return result
    best = result.best if result.status == ANSWERED else None
    if best is not None and best.passage_id == last.passage_id:
        return result
    sentences = _passage_sentences(kb, last.passage_id)
    if last.sentence_ids[-1] not in sentences:
        return result
    chars = {c for c in _compact(m.group("rest")) if c not in _FUNCTION_CHARS and "\u4e00" <= c <= "\u9fff"}
    shown = set(ctx.seen) | set(last.sentence_ids)
    at = sentences.index(last.sentence_ids[-1])

    def shared(sid: str) -> int:
        return len(chars & set(kb.sentences[sid].text))

    unread = [sid for sid in sentences if sid not in shown and shared(sid) >= 2 and 2 * shared(sid) >= len(chars)]
    if not unread:
        return result
    sid = min(unread, key=lambda s: (-shared(s), sentences.index(s) < at, abs(sentences.index(s) - at)))
    answer = quote(kb, [sid], _limit(matcher), best.score if best is not None else 1.0)
    return replace(result, status=ANSWERED, answers=(answer,) + tuple(result.answers))


def _document_chars(kb: KnowledgeBase, gid: str) -> set[str]:
    """The characters a document uses anywhere (its headings and sentences)."""
    doc = kb.document(gid)
    chars: set[str] = set()
    for section in doc.speech.sections:
        chars.update(section.heading or "")
        for pid in [*section.passage_ids, *(p for sp in section.subpoints for p in sp.passage_ids)]:
            for sid in _passage_sentences(kb, pid):
                chars.update(kb.sentences[sid].text)
    return chars


def _more_and_rest(message: str) -> tuple[str, str] | None:
    """A request for more that goes on with words of its own: (the request, the words), or None. The request
    stands before a break (再多说点，跟咱县有啥关系; 还有别的要求不，对乡镇和部门?) or, asking for detail, runs
    straight into a question (具体说说各乡镇各部门要干啥). The words must ask something, unless the request does."""
    text = normalise(message).strip()
    m = _MORE_THEN.match(text)
    if m is not None:
        more, rest = m.group("more"), m.group("rest")
        light = _light(_compact(more))
        asks = bool(_MORE_OF.match(light))
        if not (_strip(_compact(more)) in _MORE or asks or _DETAIL_ASK.match(light) or _all_more(light)):
            return None
    else:
        light = re.sub(r"^(?:那么|那|请|麻烦|你|给我|帮我|再)+", "", _compact(text))
        glued = [p for p in _MORE if len(p) >= 3 and _DETAIL.search(p) and light.startswith(p)]
        if not glued:
            return None
        more = max(glued, key=len)
        rest, asks = light[len(more):], False
    rest = _PUNCT.sub("", rest)
    if len(rest) < 2 or not (asks or _INTERROGATIVE.search(rest)) or _ordinal_match(_compact(rest)):
        return None
    return more, rest


def _more_then_asked(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike,
                     now: float) -> Turn | None:
    """具体说说各乡镇各部门要干啥 / 展开讲讲，和咱县有啥关系 after a quote: more of what the last answer stood in,
    and the words say which — the unread sentence of its passage (else of its sub-point) that holds the most of
    the characters of the words the speech knows (咱县 → 县: 咱 is no character of the speech; 关系, unknown, names
    nothing), at least half of them and two, or all of one, and more than the last quote holds, nearest after the
    last quote. None when no sentence there does: the words are then asked as a question (`_asked_after_more` still
    looks in the passage)."""
    kb = matcher.kb
    split = _more_and_rest(message)
    last = ctx.result.best if ctx.result.status == ANSWERED else None
    if split is not None and last is not None and _MEANING_OF_IT.match(_PUNCT.sub("", split[1])):
        return _more(message, ctx, matcher, now, detail=True)  # 具体说说这话啥意思: the last quote, in detail
    parse = getattr(getattr(matcher, "index", None), "parse", None)
    if split is None or last is None or last.kind != "quote" or not last.sentence_ids or parse is None \
            or last.passage_id not in kb.passages:
        return None
    if _what_to_do(_compact(split[1]), ctx, kb, _limit(matcher)) is not None:
        return None  # 还有呢，今年打算咋整 after a fact: the duty it leads to (`_topicless`)
    used = _document_chars(kb, last.passage_id)
    words = [c.surface for c in parse(split[1]).concepts if c.known and not c.situation]
    chars = {c for w in words for c in w if c in used and c not in _FUNCTION_CHARS}
    if not chars:
        return None
    shown = set(ctx.seen) | set(last.sentence_ids)
    how = bool(_HOW_ASKED.search(split[1]))
    _, around = kb.context_of(last.passage_id)  # the passages of its sub-point (or point)
    passages = [last.passage_id, *(p for p in around if p != last.passage_id)]
    for pid in passages:
        sentences = _passage_sentences(kb, pid)
        at = sentences.index(last.sentence_ids[-1]) if last.sentence_ids[-1] in sentences else -1

        def shared(sid: str) -> int:
            return len(chars & set(kb.sentences[sid].text))

        quoted = max((shared(sid) for sid in last.sentence_ids if sid in kb.sentences), default=0)
        fit = [sid for sid in sentences if sid not in shown and 2 * shared(sid) >= len(chars) and shared(sid) > quoted
               and (shared(sid) >= 2 or shared(sid) == len(chars))]
        if fit:
            top = max(shared(x) for x in fit)
            if how:
                # 具体咋守住底线: how a deed is done is said where it is required with the steps that lead to it (要…,
                # …,…,切实守住…底线), not where it is only named (二是…守住“底线”) or insisted on (必须坚决守住)
                duties = [x for x in fit if shared(x) == top and _STATES_DUTY.search(kb.sentences[x].text)]
                fit = [max(duties, key=lambda x: len(_CLAUSE_CUT.split(kb.sentences[x].text)))] if duties else fit
            sid = min(fit, key=lambda x: (-shared(x), sentences.index(x) < at, abs(sentences.index(x) - at)))
            run = [sid]
            if _CONCLUDES.match(kb.sentences[sid].text) and sentences.index(sid) + 1 < len(sentences):
                run.append(sentences[sentences.index(sid) + 1])  # 这说明…要下大功夫 names the intent; the deed follows
            result = _built(message, quote(kb, run, _limit(matcher)), kb, matcher)
            turn = _turn(message, ctx.question + split[1], result, now, kb, MORE, seen=ctx.seen, topic=ctx.topic,
                         form=ctx.form)
            return _continued(turn)
    return None


# 这话啥意思, 这句指的是什么, 它怎么理解: what the last quote means, naming nothing else.
_MEANING_OF_IT = re.compile(r"^(?:那|那么)?(?:这|那|它)(?:句|句话|话|段|段话|个|条)?(?:到底|究竟|具体)?"
                            r"(?:(?:是)?(?:啥|什么)意思|(?:指的是|指|是指)(?:啥|什么)|(?:该|要)?(?:怎么|咋|如何)理解)"
                            r"(?:呢|啊|呀)?$")


# 咋守住, 怎么落实, 如何做到: how a deed is done (not 怎么样 / 怎么回事 / 怎么说).
_HOW_ASKED = re.compile(r"(?:咋|怎么|如何|怎样)(?!样|么样|回事|说|讲|理解|看)[\u4e00-\u9fff]")


# 还有别的原因没, 除此之外呢…, 再多说点…, 这块还讲了些啥: whatever else the message asks, it asks for more
_ASKS_MORE = re.compile(r"还有|别的|其他|其它|另外|除此之外|除了|再多|多说|多讲|展开|还讲了|还说了|还提了")


def _not_again(turn: Turn, message: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn:
    """A message asking for more is never answered with what this conversation has already quoted: when the
    reading found a sentence shown before, the unread sentences around it (`_more`) answer instead."""
    result = turn.result
    if result is None or result.status != ANSWERED or not _ASKS_MORE.search(message) or turn.followup in (NEXT, PREVIOUS):
        return turn  # (reading on may well quote the rest of the sentence it stopped in)
    shown = set(ctx.seen)
    ids = result.answers[0].sentence_ids
    if not ids or not set(ids) <= shown:
        return turn
    more = _more(message, ctx, matcher, now)
    if more is None or more.result is None or more.result.status != ANSWERED:
        return turn
    again = more.result.answers[0].sentence_ids
    return more if again and not set(again) <= shown else turn


# 企业主体责任讲了什么, 讲政治讲大局那一点讲了啥: what a heading's node says (not a fact inside it).
_ABOUT_NODE = re.compile(
    r"^(?:那么|那|县长|讲话|讲话里|讲话中)?(?P<x>.+?)(?:这|那)?一?(?:点|部分|块|要|个要求|方面)?(?:意见)?(?:里|中)?(?:主要|都|具体)?"
    r"(?:(?:讲|说)(?:了|的)?(?:些)?(?:什么|啥|是什么|是啥)(?:内容)?|(?:是)?(?:怎么|咋|如何)(?:讲|说)(?:的)?)[?？。]*$"
)
_PUNCT = re.compile(r"[\s，,、。；;：:“”\"'‘’！!？?（）()]")


def named_node(question: str, kb: KnowledgeBase) -> str:
    """The one point or sub-point whose heading a "what does X say" question names by its words (企业主体责任
    讲了什么 → 三要落实企业主体责任; 重拳出击抓治理整顿这点讲了啥 → 第三点), or "": X's characters all (but
    one in five) stand in that heading and in no other as much."""
    m = _ABOUT_NODE.match(_compact(question))
    if not m:
        return ""
    x = _PUNCT.sub("", m.group("x"))
    if len(x) < 4 or _ordinal_match(x) or re.search(rf"第[{CN_NUMERALS}两\d]", x):
        return ""
    scored = []
    for doc in kb.documents:
        for section in doc.speech.sections:
            nodes = ([(section.id, section.heading)] if section.kind == "point" else []) + \
                [(sp.id, sp.heading) for sp in section.subpoints]
            for gid, heading in nodes:
                h = _PUNCT.sub("", _compact(heading or ""))
                if h:
                    scored.append((sum(c in h for c in x) / len(x), gid))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < 0.8 or len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return ""
    return scored[0][1]


def _at_named_node(turn: Turn, kb: KnowledgeBase) -> Turn:
    """A question about what a point or sub-point says stands at that node (接着说 / 下一条 then go to the node
    after it), when its answer stands inside the node or is the list of points."""
    ctx = turn.context
    gid = named_node(turn.question, kb) if ctx is not None and turn.result is not None else ""
    if not gid or ctx.result.status != ANSWERED:
        return turn
    level = node_level(kb, gid)
    inside = ctx.point_id == gid if level == POINT else ctx.subpoint_id == gid
    if not inside and ctx.level != OUTLINE or ctx.level == level and ctx.node_id == gid:
        return turn
    place = _place_of_passage(kb, _first_passage(kb, gid), level, gid) if not inside else \
        _Place(level, gid, ctx.point_id, ctx.subpoint_id, ctx.passage_id)
    new = replace(ctx, level=place.level, node_id=place.node_id, point_id=place.point_id,
                  subpoint_id=place.subpoint_id, passage_id=place.passage_id)
    return Turn(turn.message, new, turn.result, None, turn.followup, turn.question, turn.drill)


def _at_pointed_passage(turn: Turn, matcher: MatcherLike, now: float) -> Turn:
    """专项整治里非煤矿山那段讲了啥: a marked passage pointed at by its title's words (X那段, X这块, X那方面) is
    what the question asks about: when the answer stands outside it (a sentence of the sub-point's opening that
    names it among others), that passage is quoted from its start instead, and the conversation stands there
    (接下来讲的啥 then reads the passage after it)."""
    kb = matcher.kb
    ctx = turn.context
    if ctx is None or turn.result is None or turn.result.status != ANSWERED or turn.followup:
        return turn
    m = _POINTED.search(_PUNCT.sub("", _compact(turn.question)))
    if m is None:
        return turn
    x = m.group("x")
    named = [pid for pid, p in kb.passages.items() if p.title and len(t := _compact(p.title.removesuffix("方面"))) >= 2
             and (t in x or len(x) >= 2 and x in t)]
    if len(named) != 1 or turn.result.best.passage_id == named[0]:
        return turn
    result = node_result(named[0], matcher, turn.message)
    if result is None or result.status != ANSWERED:
        return turn
    return _turn(turn.message, turn.question, result, now, kb, inherit=ctx)


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters `a` and `b` share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


_POINTED = re.compile(r"(?P<x>[\u4e00-\u9fff]{2,6}?)(?:这|那)一?(?:条|块|点|部分|方面|段)")


def _place_of_listed_point(ctx: Context, kb: KnowledgeBase) -> Context:
    """A question for a list that found nothing (抓治理整顿要干哪几件事) but names, by four characters or more of
    its heading and of no other, one point that has parts stands at that point: 第三条 after it is its third
    part (`_ordinal`), not the third of the suggestions offered instead."""
    q = _PUNCT.sub("", _compact(ctx.question))
    if not _ASKS_LIST.search(q):
        return ctx
    # 应急那条提了几个要求: a word pointed at as a part (X那条, X这块, X那一点) names it by two characters of its heading
    pointed = _POINTED.search(q)
    named, least = (pointed.group("x"), 2) if pointed else (q, 4)
    scored = []
    for doc in kb.documents:
        for section in doc.speech.sections:
            if section.kind == "point" and section.subpoints:
                scored.append((_common_run(named, _PUNCT.sub("", _compact(section.heading or ""))), section.id))
                # (a part named so, 加强安全防范和应急值守有哪几项要求: its requirements are the list, `_duty_counted`)
                scored += [(_common_run(named, _PUNCT.sub("", _compact(sp.heading or ""))), sp.id)
                           for sp in section.subpoints]
    scored.sort(reverse=True)
    if not scored or scored[0][0] < least or len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return ctx
    gid = scored[0][1]
    place = _place_of_passage(kb, _first_passage(kb, gid), node_level(kb, gid), gid)
    return replace(ctx, level=place.level, node_id=place.node_id, point_id=place.point_id,
                   subpoint_id=place.subpoint_id, passage_id=place.passage_id)


def _place_from_question(ctx: Context, kb: KnowledgeBase) -> Context:
    """A question that found no answer but names one marked passage (讲话说非煤矿山方面要注意什么 → 非煤矿山方面)
    stands there: 下一个方面 / 还有呢 after it read from that passage."""
    q = _compact(ctx.question)
    named = [pid for pid, p in kb.passages.items()
             if p.title and len(p.title.removesuffix("方面")) >= 2 and _compact(p.title.removesuffix("方面")) in q]
    if len(named) != 1:
        return ctx
    place = _place_of_passage(kb, named[0])
    return replace(ctx, level=place.level, node_id=place.node_id, point_id=place.point_id,
                   subpoint_id=place.subpoint_id, passage_id=place.passage_id)


_OPENING = re.compile(r"^\s*([^，,。.！!？?、~～\s]{1,8})[，,。.！!？?、~～\s]+(.+)$", re.S)
_OPENING_NA = re.compile(r"^(?:好的|好|嗯+|收到|明白了?|知道了|谢谢|ok|行|对)(?=那)", re.I)


def _drop_small_talk_opening(message: str) -> str:
    """好的，那隐患排查怎么搞 → 那隐患排查怎么搞: an acknowledgement or greeting opening a question is not part of it."""
    m = _OPENING.match(message)
    if m and classify(m.group(1)) is not None and classify(m.group(2)) is None:
        return m.group(2).strip()
    stripped = _OPENING_NA.sub("", message.strip())
    return stripped or message


# 换成建筑工程呢，要注意啥 / 要是企业呢，建啥清单: a word that swaps the subject, the new subject closed by 呢, and a
# question asked of it — said as 那建筑工程呢，要注意啥 would be.
_SWAP = re.compile(r"^(?:那么|那)?(?:换成|换作|换到|改成|如果是|要是|若是|至于)(?P<x>[^呢，,。？?]{2,8})呢(?P<rest>[，,].+)$")


def _swapped_subject(asked: str) -> str:
    m = _SWAP.match(asked.strip())
    if not m or _INTERROGATIVE.search(m.group("x")) or not _INTERROGATIVE.search(m.group("rest")):
        return asked
    return f"那{m.group('x')}呢{m.group('rest')}"


# ----- the kinds of follow-up -----
def _choices(ctx: Context) -> list[tuple[str, str]]:
    """The numbered list the last answer offered: (question, "") suggestions, or (label, node id) drill targets."""
    if ctx.result.status != ANSWERED and ctx.result.suggestions:
        return [(s.question, "") for s in ctx.result.suggestions]
    return list(ctx.drill)


def _pick(compact: str, ctx: Context, matcher: MatcherLike, now: float, message: str) -> Turn | None:
    m = _PICK.match(compact)
    n = int(m.group(1)) if m else 0
    if not m:
        o = _ordinal_match(compact)
        if o and (o.group(2) in ("个", "条", "项", None) or o.group(3)):
            n = _num(o.group(1) or o.group(3))
    choices = _choices(ctx)
    edge = _LISTED.match(_light(compact)) if not n else None
    if edge and not edge.group("n") and not _INTERROGATIVE.search(edge.group("rest")) and len(edge.group("rest")) <= 1:
        n = len(choices) if edge.group("last") else 1  # 最后一个 / 头一个呢: the last (first) one offered
    if not n or not 1 <= n <= len(choices):
        return None
    said = edge or _LISTED.match(_light(compact))
    if said and said.group("unit") == _list_unit(ctx.question) and ctx.result.status != ANSWERED \
            and _named_list(ctx, matcher) is not None:
        return None  # 分几种情况处理 → 最后一种呢: counted in the kinds asked for (`_listed`), not in what was offered
    label, gid = choices[n - 1]
    if gid:
        turn = open_node(gid, ctx, matcher, now)
        if _DETAIL.search(compact) and node_level(matcher.kb, gid) == POINT:
            turn = _with_opening(turn, gid, matcher.kb, matcher)  # 第三个具体是啥: with what the point itself says
        return Turn(message, turn.context, turn.result, None, PICK, turn.question, turn.drill)
    result = matcher.ask(label)
    return _turn(message, label, result, now, matcher.kb, PICK)


def _light(compact: str) -> str:
    """A short follow-up without its opening particles and closing punctuation: 那下一点呢？ → 下一点呢."""
    return re.sub(r"[?？!！。.,，~～]+$", "", re.sub(r"^(?:那么|那|好的|好|嗯|哦|行|ok|请|麻烦|你|给我|帮我)+", "",
                                                    compact)) or compact


# The words around a step that do not change where it goes: a clause that closes the last quote or only
# says "go on" (这条讲完，…; 接着呢，…), the pronoun of the last quote (它上一句), 跟着 (紧跟着下一句, 后面跟着讲的),
# a closing 来着; and the last quote named as what a step is taken from (这段之前那一段 / 结尾前面那句 → 上一段).
_STEP_LEAD = re.compile(
    r"^(?:(?:这|那)?(?:一)?(?:条|段|句|句话|点|部分|个)?(?:讲|说|看|听)完(?:了)?|(?:接着|然后|接下来|继续)(?:呢|吧))[,，]*(?=.)")
_STEP_FROM = re.compile(
    r"^(?:它|这|那|这个|这句|这句话|这条|这段|这部分|这一段|结尾|最后|末尾|开头)?(?:的)?(?:之|以)?(?P<dir>前|后)(?:面|边)?(?:的)?(?:那|这)?"
    r"(?=一?(?:" + _STEP_UNIT + r"))")
_STEP_TAIL = re.compile(r"(?:是)?(?:讲|说)(?:的)?(?:是)?(?:啥|什么)(?:的)?(?:来着)?$|来着$")


def _step_words(light: str) -> str:
    """A step said with words around it, as the bare step: 这条讲完，再往后一部分讲的是啥 → 再往后一部分讲的是啥,
    紧跟着下一句讲了啥 → 下一句讲了啥, 它上一句讲的啥来着 → 上一句讲的啥, 结尾之前那一段是讲啥的 → 上一段讲的啥."""
    light = _STEP_LEAD.sub("", light)
    # 这句后头接着讲的啥 / 这段后面呢: read on from the last quote, which 这句 points back at
    light = re.sub(r"^(?:它|这|这句|这句话|这条|这段)(?:的)?(?=后头|后面|后边|之后)", "", light)
    light = re.sub(r"^紧?(?:跟着|接着)(?=[下上后前]一?)|(?<=[面边着])跟着|^(?:它|这|这个|这句|这句话|这条|这段)(?:的)?(?=[上下]一?(?:"
                   + _STEP_UNIT + r"))", "", light)
    # 接着讲的哪块 / 前面说的是哪一点: which part comes next (before) is the step to it
    light = re.sub(r"^(?:接着|然后|接下来|再往下|往下|后面|后边|下面)(?:又)?(?:讲|说)?(?:的|了)?(?:是)?哪(?:一)?(?=(?:"
                   + _STEP_UNIT + r")(?:呢|啊)?$)", "下", light)
    light = re.sub(r"^(?:前面|前边|之前|上面)(?:又)?(?:讲|说)(?:的|了)?(?:是)?哪(?:一)?(?=(?:"
                   + _STEP_UNIT + r")(?:呢|啊)?$)", "上", light)
    m = _STEP_FROM.match(light)
    if m:
        light = ("上" if m.group("dir") == "前" else "下") + light[m.end():]
    if light != _STEP_TAIL.sub("", light):
        light = _STEP_TAIL.sub("", light) + "讲的啥"
    return light


def _more_or_next(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike,
                  now: float) -> Turn | None:
    light = re.sub(r"^还有(?=[下上]一)|(?<=[下后前上])[面边](?=一)", "", _light(compact))  # 还有下一条吗, 后面一条
    light = _step_words(light)
    light = re.sub(r"^(?:接下来|接着|再往下|往下)(?:的)?(?=一(?:" + _STEP_UNIT + r"))", "下", light)  # 接下来一条呢
    step = _STEP.match(light)
    if ctx.item and step and step.group("unit") in (None, "条", "个", "项") and step.group("dir") in "下上":
        turn = _item_turn(message, ctx, matcher, now, ctx.item + (1 if step.group("dir") == "下" else -1), NEXT)
        if turn is not None:
            return turn
    if step and (step.group("unit") or step.group("dir") in "下上"):
        direction = +1 if step.group("dir") in "下后" else -1
        unit = step.group("unit") or ""
        if unit in ("条", "项") and _among_parallel(ctx, matcher.kb, direction):
            return _sentence_step(message, ctx, matcher, now, direction)
        if _STEP_LEVEL.get(unit) == "sentence":
            return _sentence_step(message, ctx, matcher, now, direction)
        level = _STEP_LEVEL.get(unit, "")
        if unit == "点" and (_counted_list(unit, ctx, matcher.kb) == SUBPOINT
                             or _no_point_beyond(ctx, matcher.kb, direction)):
            level = SUBPOINT  # 党政领导责任怎么落实 → 下一点: 二要, as 第二点 would be (`_counted_list`)
        form = _follow_form(compact, ctx)
        turn = _step_by(message, ctx, matcher, now, direction, level, NEXT if direction > 0 else PREVIOUS, form)
        if turn is not None and turn.context is not None and level == POINT and ctx.level == PASSAGE \
                and form != HEADING and node_level(matcher.kb, turn.context.node_id) == POINT:
            # 第二点最后要求达到什么程度 → 下一点呢: read from a sentence, the next point is read as it begins —
            # its heading, what it says itself (多年的经验教训告诉我们,…), then its parts
            turn = _with_opening(turn, turn.context.node_id, matcher.kb, matcher)
        return turn
    original = _original_asked(light)
    if original:  # the quote's own words, or what they go on to say: more of what the last answer stood in
        return _more(message, ctx, matcher, now, detail=original == "more")
    if _READ_ON.match(light):
        return _read_on(message, ctx, matcher, now)
    if _BEFORE_IT.match(light) and ctx.result.status == ANSWERED:
        return _sentence_step(message, ctx, matcher, now, -1)
    if _detail_then_how(light, matcher.kb):
        if ctx.form == REASON and _what_to_do(compact, ctx, matcher.kb, _limit(matcher)) is not None:
            return None  # 为什么今年要格外重视 → 那具体怎么做: what to do for those reasons (`_topicless`), not more of them
        return _more(message, ctx, matcher, now, detail=True)
    if core in _MORE or compact in _MORE or _MORE_OF.match(light) or _DETAIL_ASK.match(light) or _all_more(light) \
            or _MORE_SAID.match(light):
        if ctx.result.status != ANSWERED and not ctx.level and _DETAIL.search(light):
            return _more_of_nothing(message, ctx, matcher, now)
        return _more(message, ctx, matcher, now, detail=bool(_DETAIL.search(light)))
    if core in _NEXT or compact in _NEXT:
        return _step(message, ctx, matcher, now, +1, NEXT, ctx.form)
    if core in _PREVIOUS or compact in _PREVIOUS:
        return _step(message, ctx, matcher, now, -1, PREVIOUS, ctx.form)
    return None


_HOW_OF_IT = re.compile(r"^(?:那|那么)?(?:要|该|得|应该|应当)?(?:咋|怎么|如何|怎样)[\u4e00-\u9fff]{1,3}?(?:呢|吗|啊)?$")


def _detail_then_how(light: str, kb: KnowledgeBase) -> bool:
    """具体点，咋守？ / 详细说说怎么做: a request for detail, then how, of the last answer, naming nothing else —
    the detail asked for is how (the quote in its passage, as 具体点 alone)."""
    if not _DETAIL.search(light) or len(light) > 14:
        return False
    parts = [p for p in re.split(r"[,，、;；]", light) if p]
    splits = [(parts[0], parts[1])] if len(parts) == 2 else \
        [(light[:i], light[i:]) for i in range(2, len(light) - 1)] if len(parts) == 1 else []
    return any((_DETAIL_ASK.match(head) or head in _MORE) and _DETAIL.search(head) and _HOW_OF_IT.match(tail)
               and not topics_of(tail, kb) for head, tail in splits)


def _all_more(light: str) -> bool:
    """详细点，还有别的吗 / 具体说说还有呢: a message made of two or more ways of asking for more (its compact
    form has no punctuation left: it is cut into pieces that each ask for more)."""
    def is_more(piece: str) -> bool:
        return piece in _MORE or _strip(piece) in _MORE or bool(_MORE_OF.match(piece)) or bool(_original_asked(piece))

    n = len(light)
    if n > 20:
        return False
    cuts = {0: 0}  # end of a prefix made of more-pieces → how many pieces
    for end in range(1, n + 1):
        for start, count in list(cuts.items()):
            if start < end and end not in cuts and is_more(light[start:end]):
                cuts[end] = count + 1
    return cuts.get(n, 0) > 1


def _more_of_nothing(message: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    """详细点 / 具体说说 after a question that got no answer or a clarify (应急这块有什么要求): the person still
    wants that topic. Its requirements (the topic with 有什么要求), else the best question the clarify offered."""
    kb = matcher.kb
    topic = topic_run(ctx.question, kb)
    if topic:
        framed = topic + "有什么要求"
        result = matcher.ask(framed)
        if result.status == ANSWERED:
            return _turn(message, framed, result, now, kb, MORE)
    if ctx.result.status == CLARIFY and ctx.result.suggestions:
        label = ctx.result.suggestions[0].question
        result = matcher.ask(label)
        if result.status == ANSWERED:
            return _turn(message, label, result, now, kb, MORE)
    return None


def _scope_passages(kb: KnowledgeBase, ctx: Context) -> list[str]:
    """The passages a 还有呢 may continue into: the sub-point's, else the point's."""
    if ctx.level == POINT:
        section = _section(kb.document(ctx.node_id), ctx.node_id)
        return list(section.passage_ids) + [pid for sp in section.subpoints for pid in sp.passage_ids]
    if not ctx.passage_id:
        return []
    _, passage_ids = kb.context_of(ctx.passage_id)
    return list(passage_ids)


def _topic_passage(kb: KnowledgeBase, ctx: Context, passages: list[str], seen: set[str]) -> str:
    """Of `passages`, the one where the context's topic words stand in most unread sentences ("" when none):
    建筑施工安全为啥要专门强调 → 展开讲讲 reads the construction passage, not the sub-point's opening."""
    words = topics_of(ctx.topic, kb) if ctx.topic else []
    if not words:
        return ""
    best, most = "", 0
    for pid in passages:
        n = sum(any(w in _compact(kb.sentences[s].text) for w in words)
                for s in _passage_sentences(kb, pid) if s not in seen)
        if n > most:
            best, most = pid, n
    return best


def _content_ids(kb: KnowledgeBase, ctx: Context) -> list[str]:
    """The sentences of the node a structure answer showed, without its heading sentence (一要…。)."""
    doc, local = _doc_and_local(kb, ctx.node_id)
    if ctx.level == SUBPOINT:
        ids = [s for pid in _subpoint(doc, local)[1].passage_ids for s in _passage_sentences(kb, pid)]
        return ids[1:] if len(ids) > 1 else ids
    section = _section(doc, local)
    return [s for pid in section.passage_ids for s in _passage_sentences(kb, pid)] if section else []


def _more(message: str, ctx: Context, matcher: MatcherLike, now: float, detail: bool = False) -> Turn | None:
    """还有呢 / 具体说说: the unread sentences of what the last answer stood in, in the speech's order: the rest
    of its passage, the passage of the sub-point its topic stands in, what came before, then the other passages.
    `detail` (具体说说) after a structure answer that showed all of its node quotes the node's content."""
    kb = matcher.kb
    if ctx.level == OUTLINE:
        return _step(message, ctx, matcher, now, +1, MORE, ctx.form)
    scope = _scope_passages(kb, ctx)
    if not scope:
        return None
    seen = set(ctx.seen)
    first_look = _first_look(ctx, kb)
    if first_look is not None:
        turn = _more_of_a_first_answer(message, ctx, matcher, now, first_look, scope, detail)
        if turn is not None:
            return turn
    order: list[str] = []
    if ctx.passage_id:
        own = _passage_sentences(kb, ctx.passage_id)
        shown_at = [i for i, s in enumerate(own) if s in seen]
        last = max(shown_at) if shown_at else -1
        at = scope.index(ctx.passage_id) if ctx.passage_id in scope else -1
        after, before = (scope[at + 1:], scope[:at]) if at >= 0 else (scope, [])
        # The passage of the scope the topic stands in, unless the rest of this one speaks of it.
        topical = "" if _topic_passage(kb, ctx, [ctx.passage_id], seen) else \
            _topic_passage(kb, ctx, [p for p in scope if p != ctx.passage_id], seen)
        order += own[last + 1:]  # what follows in this passage
        if topical:
            order += _passage_sentences(kb, topical)
        order += own[: last + 1]  # then what came before it
        rest_scope = after + before
    else:
        rest_scope = scope
    for pid in rest_scope:
        order += _passage_sentences(kb, pid)
    todo = [s for s in dict.fromkeys(order) if s not in seen]
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if not todo and detail and ctx.level in (SUBPOINT, POINT) and best is not None and best.kind == "outline":
        todo = _content_ids(kb, ctx)  # all of it shown under its heading: its content, quoted
        seen = set()
    if not todo:  # all of it read: on to what follows the sub-point (or point)
        if ctx.level == PASSAGE:
            ctx = replace(ctx, node_id=scope[-1], passage_id=scope[-1])
        turn = _step(message, ctx, matcher, now, +1, MORE, ctx.form)
        if turn is None and ctx.passage_id:  # nothing follows: the speech has ended; say so with its last words
            last = _passage_sentences(kb, ctx.passage_id)
            result = _built(message, quote(kb, last[-1:], _limit(matcher)), kb, matcher)
            turn = _turn(message, ctx.question, result, now, kb, MORE, seen=ctx.seen, topic=ctx.topic, form=ctx.form)
            turn = replace(_continued(turn), note="more_end_of_speech")
        return turn
    first_passage = kb.passage_of(todo[0])
    same = [s for s in todo if kb.passage_of(s) is first_passage]
    # Consecutive sentences of one passage, in the speech's order.
    own = _passage_sentences(kb, first_passage.id)
    start = own.index(same[0])
    # Asked in detail after a point's outline that left sentences out before its closing one (……): what was left
    # out and the closing sentence after it, the end of the point in its words (守住底线，怎么守 → 再详细点).
    content = _content_ids(kb, ctx) if ctx.level == POINT else []
    closing = content[-1] if detail and content and best is not None and best.kind == "outline" \
        and ELIDED in best.text else ""
    run = []
    for s in own[start:]:
        if s in seen and s != closing:
            break
        run.append(s)
    answer = quote(kb, run, _limit(matcher))
    result = _built(message, answer, kb, matcher)
    turn = _turn(message, ctx.question, result, now, kb, MORE, seen=ctx.seen, topic=ctx.topic, form=ctx.form)
    return _continued(_keep_level(turn, ctx, kb))


def _continued(turn: Turn) -> Turn:
    """A turn that read on from an earlier answer: the next 还有呢 no longer looks at it for the first time."""
    if turn.context is None:
        return turn
    return replace(turn, context=replace(turn.context, continued=True))


def _first_look(ctx: Context, kb: KnowledgeBase) -> Answer | None:
    """The quote the last answer showed, when 还有呢 / 具体说说 is the first follow-up to it (the person has
    seen that quote and nothing else of its passage yet); else None."""
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if ctx.continued or ctx.level != PASSAGE or best is None or best.kind != "quote" or not best.sentence_ids:
        return None
    if best.passage_id != ctx.passage_id or best.passage_id not in kb.passages:
        return None
    return best if set(ctx.seen) == set(best.sentence_ids) else None


def _more_of_a_first_answer(message: str, ctx: Context, matcher: MatcherLike, now: float, best: Answer,
                            scope: list[str], detail: bool) -> Turn | None:
    """还有呢 / 具体说说 right after a quote. What a person expects depends on what the quote was:

    * the whole of its passage (a one-sentence 方面, a point's two opening sentences): there is nothing
      more on it; the passage is quoted again, whole, with the next passage offered (a button) — not a
      jump to another passage the person did not ask about;
    * a part of its passage, and the question's topic is read on in another passage of the sub-point
      (建筑施工安全为啥要专门强调 → the 建筑安全方面 passage): None, `_more` reads there;
    * a part, asked for in detail (具体说说, 详细点): the passage around it — the quoted sentences in their
      place with the sentences before and after them (the whole passage when it fits), since "in detail"
      is the quote in its context, not only what follows it;
    * a part, with 还有呢: None (`_more` quotes what follows)."""
    kb = matcher.kb
    own = _passage_sentences(kb, best.passage_id)
    shown = [s for s in own if s in set(best.sentence_ids)]
    limit = _limit(matcher)
    if len(shown) == len(own):
        answer = quote(kb, own, limit)
        result = _built(message, answer, kb, matcher)
        turn = _turn(message, ctx.question, result, now, kb, MORE, seen=ctx.seen, topic=ctx.topic, form=ctx.form)
        following = _following_node(kb, best.passage_id)
        drill = ((_node_title(kb, following).split(" › ")[-1], following),) if following else ()
        new = replace(turn.context, continued=True, drill=drill)
        return replace(turn, context=new, drill=drill, note="more_whole_passage")
    seen = set(ctx.seen)
    if _topic_passage(kb, ctx, [ctx.passage_id], seen) == "" and \
            _topic_passage(kb, ctx, [p for p in scope if p != ctx.passage_id], seen):
        return None
    if not detail and len(shown) > 1:
        return None  # several sentences seen: 还有呢 wants what they did not show (`_more`)
    run = _window(kb, own, own.index(shown[0]), own.index(shown[-1]), limit, after_first=not detail)
    answer = quote(kb, run, limit)
    result = _built(message, answer, kb, matcher)
    turn = _turn(message, ctx.question, result, now, kb, MORE, seen=ctx.seen, topic=ctx.topic, form=ctx.form)
    return _continued(turn)


def _window(kb: KnowledgeBase, own: list[str], first: int, last: int, limit: int, after_first: bool = False) -> list[str]:
    """Consecutive sentences of a passage around own[first..last], as many as fit in `limit` characters:
    a sentence after, then one before, in turn (`after_first`: all that fit after, then before); the
    whole passage when it fits."""
    size = lambda i: len(kb.sentences[own[i]].text)  # noqa: E731
    total = sum(size(i) for i in range(first, last + 1))
    lo, hi = first, last
    grew = True
    while grew:
        grew = False
        if hi + 1 < len(own) and total + size(hi + 1) <= limit:
            hi += 1
            total += size(hi)
            grew = True
            if after_first:
                continue
        if lo > 0 and total + size(lo - 1) <= limit:
            lo -= 1
            total += size(lo)
            grew = True
    return own[lo: hi + 1]


def _following_node(kb: KnowledgeBase, passage_gid: str) -> str:
    """The passage that follows one in the speech ("" after the last)."""
    doc = kb.document(passage_gid)
    ids = [g for g in kb.passages if kb.document(g) is doc]
    i = ids.index(passage_gid) + 1
    return ids[i] if i < len(ids) else ""


_CLAUSE_CUT = re.compile(r"[,，;；:：]")


def _content_chars(text: str) -> set[str]:
    return {c for c in _PUNCT.sub("", _compact(text)) if c not in _FUNCTION_CHARS}


def _asked_sentence(best: Answer, question: str, kb: KnowledgeBase) -> str:
    """The sentence of a quote that answered the question: the short one its id names when the sentences
    after it were shown for context (`_shown_with`; the last when it ends with a colon); else the one that shares clearly the most of the
    question's words (停产整顿完了还不达标的企业咋弄 → 停产整顿后仍达不到要求的…, the last of three); else ""."""
    if _shown_with(best, kb):
        # a sentence that opens a list (…就是“两条线”:) is answered by the sentences it introduces
        return best.sentence_ids[-1] if kb.sentences[best.id].text.endswith((":", "：")) else best.id
    if len(best.sentence_ids) < 2:
        return best.sentence_ids[0] if best.sentence_ids else ""
    chars = _content_chars(question)
    scored = sorted(((len(chars & set(kb.sentences[s].text)), s) for s in best.sentence_ids), reverse=True)
    return scored[0][1] if scored[0][0] >= 3 and scored[0][0] - scored[1][0] >= 2 else ""


def _unread_rest(sid: str, question: str, kb: KnowledgeBase, bulk: bool = False) -> bool:
    """Whether the question was answered by the opening clauses of a long sentence and the clauses after
    them say more (各乡镇向县政府交了啥 → 各乡镇向县政府递交了…责任书, | 请大家按照会议部署,紧盯目标责任…), sharing
    fewer of its words than the clause that answered: what follows the answer, in the asker's eyes, begins
    inside that sentence. `bulk`: the rest is also two thirds of the sentence or more (X同志通报了什么 →
    刚才,X同志通报了…情况, | X同志深入分析了…,对…作了全面细致的安排部署,…): the answer was its opening only."""
    clauses = [c for c in _CLAUSE_CUT.split(kb.sentences[sid].text) if c]
    if len(clauses) < 2 or len(kb.passage_of(sid).sentence_ids) < 2:
        return False  # a passage of one sentence (a 方面 said in one breath) is answered whole
    chars = _content_chars(question)
    shared = [len(chars & set(c)) for c in clauses]
    k = max(range(len(clauses)), key=lambda i: (shared[i], i))  # the last clause that shares the most
    if shared[k] < 2:
        return False
    rest = sum(len(c) for c in clauses[k + 1:])
    return rest >= 12 and (not bulk or 3 * rest >= 2 * sum(map(len, clauses)))


def _read_on(message: str, ctx: Context, matcher: MatcherLike, now: float, one: bool = False) -> Turn | None:
    """接下来还说了啥 / 后面呢 / 下一句: after a quote, the sentences that follow its last one (`one`: the next
    sentence, two when it is short); at its passage's end, or after a structure answer, the next node."""
    kb = matcher.kb
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if ctx.level != PASSAGE or best is None or not best.sentence_ids or best.passage_id not in kb.passages:
        return _step(message, ctx, matcher, now, +1, NEXT, ctx.form)
    own = _passage_sentences(kb, best.passage_id)
    last = best.sentence_ids[-1]
    following = own[own.index(last) + 1:] if last in own else []
    asked = _asked_sentence(best, ctx.question, kb)
    # At the end of what its passage says (nothing follows but a short lead-in, 下面,我再强调四点意见:), the
    # unread rest of a sentence whose opening answered is what follows it; inside a passage, the next sentence is.
    ending = all(len(kb.sentences[f].text) < 30 for f in following)
    # (a question for requirements, 对施工单位有啥要求, is answered by all the duties its sentence lists)
    rest = asked == last and not _ASKS_DUTY.search(_compact(ctx.question)) \
        and _unread_rest(asked, ctx.question, kb, bulk=not ending)
    if asked in own and asked != last:
        following = own[own.index(asked) + 1:]  # what follows the sentence that answered, shown with it or not
        chars = _content_chars(ctx.question)
        if _shown_with(best, kb) and set(following) <= set(best.sentence_ids) and all(
                len(chars & set(kb.sentences[f].text)) >= len(chars & set(kb.sentences[asked].text)) for f in following):
            # …unless all of it came with a short answer and says what was asked as much (按什么原则 → …最有力的
            # 武器。我们必须按照…的原则…。): then it was read too, and the speech goes on after it
            following = []
    elif rest:
        following = [last, *following]  # the rest of the sentence whose opening answered, then what follows
    if not following:
        return _step(message, ctx, matcher, now, +1, NEXT, ctx.form)
    if one or rest and not ending:
        # (the rest of a sentence whose opening answered comes with the next sentence: either is "what follows")
        following = following[:2] if len(kb.sentences[following[0]].text) < 30 or rest else following[:1]
    answer = quote(kb, following, _limit(matcher))
    result = _built(message, answer, kb, matcher)
    return _continued(_turn(message, ctx.question, result, now, kb, NEXT, seen=ctx.seen, topic=ctx.topic,
                            form=ctx.form))


def _reading_order(kb: KnowledgeBase, gid: str) -> list[str]:
    """The sentences of a document in the order the speech is read (passages in order, their sentences)."""
    doc = kb.document(gid)
    return [s for g in kb.passages if kb.document(g) is doc for s in kb.passages[g].sentence_ids]


def _sentence_step(message: str, ctx: Context, matcher: MatcherLike, now: float, direction: int) -> Turn | None:
    """下一句 / 后面一句 / 前面一句: the sentence after the last quoted one (before the first), in the order the
    speech is read — across the end of a passage, a sub-point or a point (the closing words' 前面一句 is the last
    sentence of the last point). After a structure answer, 下一句 steps to the next node as 下一条 does."""
    kb = matcher.kb
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if best is None or best.kind != "quote" or not best.sentence_ids or best.passage_id not in kb.passages:
        return _read_on(message, ctx, matcher, now, one=True) if direction > 0 else None
    order = _reading_order(kb, best.passage_id)
    shown = _shown_with(best, kb)
    if direction > 0 and shown and best.sentence_ids[-1] in order:
        # 抓好安全生产,落实责任始终是最有力的武器。(+ the sentence after it, shown with it) → 下一句: the sentence
        # after the one that answered, with the next unread one, so neither reading of 下一句 is missed
        i = order.index(best.sentence_ids[-1]) + 1
        ids = [*shown, *order[i:i + 1]]
        if i < len(order) and len(kb.sentences[order[i]].text) < 30 and i + 1 < len(order):
            ids.append(order[i + 1])  # a heading sentence (三要…。) comes with the one after it
        answer = quote(kb, ids, _limit(matcher))
        if len(answer.text) <= _limit(matcher):
            result = _built(message, answer, kb, matcher)
            return _continued(_turn(message, ctx.question, result, now, kb, NEXT, seen=ctx.seen, topic=ctx.topic,
                                    form=ctx.form))
    if direction > 0:
        own = _passage_sentences(kb, best.passage_id)
        if best.sentence_ids[-1] in own[:-1]:
            return _read_on(message, ctx, matcher, now, one=True)
    edge = best.sentence_ids[-1] if direction > 0 else best.sentence_ids[0]
    asked = _asked_sentence(best, ctx.question, kb) if direction < 0 else ""
    if asked and asked != edge and asked not in _shown_with(best, kb):
        edge = asked  # 上一句 of the sentence that answered, when the quote showed sentences before it too
    i = order.index(edge) + direction if edge in order else -1
    if direction > 0 and edge in order and i == len(order):  # 后面一句 after the closing words: it has ended
        result = _built(message, quote(kb, [edge], _limit(matcher)), kb, matcher)
        turn = _turn(message, ctx.question, result, now, kb, NEXT, seen=ctx.seen, topic=ctx.topic, form=ctx.form)
        return replace(_continued(turn), note="more_end_of_speech")
    if not 0 <= i < len(order):
        return None
    ids = [order[i]]
    nxt = _passage_sentences(kb, kb.sentences[order[i]].passage_id)
    if direction > 0 and len(kb.sentences[order[i]].text) < 30 and nxt.index(order[i]) + 1 < len(nxt):
        ids.append(nxt[nxt.index(order[i]) + 1])  # a heading sentence (三要…。) comes with the one after it
    answer = quote(kb, ids, _limit(matcher))
    result = _built(message, answer, kb, matcher)
    return _continued(_turn(message, ctx.question, result, now, kb, NEXT if direction > 0 else PREVIOUS,
                            seen=ctx.seen, topic=ctx.topic, form=ctx.form))


# A requirement sentence: 要…, 必须…, 严禁… (with 同时 / 此外 before it).
_REQUIREMENT = re.compile(r"^(?:同时|此外|另外)?[,，]?(?:要|必须|务必|严禁|坚决|切实)")


def _among_parallel(ctx: Context, kb: KnowledgeBase, direction: int) -> bool:
    """The last answer quoted one requirement of a passage that states its requirements one a sentence (要…。
    要…。), and the sentence the step goes to is another of them: 上一条 / 下一条 is that sentence, not the
    passage before (after) it."""
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if best is None or best.kind != "quote" or len(best.sentence_ids) != 1 or best.passage_id not in kb.passages:
        return False
    own = _passage_sentences(kb, best.passage_id)
    sid = best.sentence_ids[0]
    if sid not in own:
        return False
    i = own.index(sid) + direction
    return 0 <= i < len(own) and all(_REQUIREMENT.match(kb.sentences[x].text) for x in (sid, own[i]))


def _shown_with(best: Answer, kb: KnowledgeBase) -> list[str]:
    """The sentences a quote showed after the short sentence that answered (its id) to give it context."""
    ids = list(best.sentence_ids)
    if best.id not in ids or best.id == ids[-1] or best.id not in kb.sentences:
        return []
    if len(kb.sentences[best.id].text) >= 30:
        return []
    return ids[ids.index(best.id) + 1:]


def _keep_level(turn: Turn, ctx: Context, kb: KnowledgeBase) -> Turn:
    """还有呢 reads on inside what was being read: the level and node stay those of the context (a sub-point,
    a point), the passage moves on."""
    new = turn.context
    if new is None or ctx.level not in (SUBPOINT, POINT):
        return turn
    new = replace(new, level=ctx.level, node_id=ctx.node_id, drill=())
    return Turn(turn.message, new, turn.result, None, turn.followup, turn.question, ())


def _no_point_beyond(ctx: Context, kb: KnowledgeBase, direction: int) -> bool:
    """第四点二要说的是啥 → 下一点: standing in a sub-point of the last point (the first, for 上一点), there is no
    point beyond, only the closing words; people say 点 for the sub-points too, and the sub-point beyond is there."""
    if not ctx.subpoint_id or ctx.level not in (SUBPOINT, PASSAGE) or node_level(kb, ctx.subpoint_id) != SUBPOINT:
        return False
    doc = kb.document(ctx.subpoint_id)
    section, sp = _subpoint(doc, ctx.subpoint_id)
    points = [s.id for s in doc.speech.sections if s.kind == "point"]
    siblings = [p.id for p in section.subpoints]
    if section.id not in points:
        return False
    i, j = points.index(section.id) + direction, siblings.index(sp.id) + direction
    return not 0 <= i < len(points) and 0 <= j < len(siblings)


def _step_by(message: str, ctx: Context, matcher: MatcherLike, now: float, direction: int, level: str,
             followup: str, form: str) -> Turn | None:
    """下一点 / 下一个要 / 下一个方面: a step at the level its word names (the context's own when it names none,
    下一条 / 下一个), from where the context stands at that level."""
    at = {POINT: ctx.point_id, SUBPOINT: ctx.subpoint_id, PASSAGE: ctx.passage_id}.get(level, "")
    if level == POINT and ctx.level == OUTLINE:
        at = ""
    if at and level != ctx.level:
        ctx = replace(ctx, level=level, node_id=at)
    return _step(message, ctx, matcher, now, direction, followup, form)


def _step(message: str, ctx: Context, matcher: MatcherLike, now: float, direction: int, followup: str,
          form: str = "") -> Turn | None:
    """The next (previous) node at the context's level: passage, sub-point or point."""
    kb = matcher.kb
    target = ""
    if ctx.level == OUTLINE:
        doc = kb.document(ctx.node_id)
        target = doc.points[0].id if direction > 0 and doc.points else ""
    elif ctx.level == POINT:
        doc, local = _doc_and_local(kb, ctx.node_id)
        ids = [s.id for s in doc.speech.sections]
        i = ids.index(local) + direction
        target = ids[i] if 0 <= i < len(ids) else ""
    elif ctx.level == SUBPOINT:
        doc, local = _doc_and_local(kb, ctx.node_id)
        section, _ = _subpoint(doc, local)
        ids = [sp.id for sp in section.subpoints]
        i = ids.index(local) + direction
        if 0 <= i < len(ids):
            target = ids[i]
        else:  # past the last sub-point: the next point
            sections = [s.id for s in doc.speech.sections]
            j = sections.index(section.id) + direction
            target = sections[j] if 0 <= j < len(sections) else ""
    elif ctx.level == PASSAGE and ctx.passage_id:
        doc = kb.document(ctx.passage_id)
        ids = [g for g in kb.passages if kb.document(g) is doc]
        i = ids.index(_named_aspect(ctx, kb) or ctx.passage_id) + direction
        if 0 <= i < len(ids):
            answer = quote(kb, _passage_sentences(kb, ids[i])[: 1 if form == HEADING else None], _limit(matcher))
            answer = _with_point_heading(kb, answer, ctx.passage_id, matcher)
            result = _built(message, answer, kb, matcher)
            turn = _turn(message, _node_title(kb, ids[i]), result, now, kb, followup, form=form)
            if answer.kind == "outline":  # it stands at the passage it quotes: 下一条 then goes to 一要…
                place = _place_of_passage(kb, ids[i])
                new = replace(turn.context, level=PASSAGE, node_id=place.node_id, point_id=place.point_id,
                              subpoint_id=place.subpoint_id, passage_id=place.passage_id, drill=())
                turn = replace(turn, context=new, drill=())
            return _continued(turn)
        return None
    if not target:
        return None
    turn = open_node(target, ctx, matcher, now, form)
    return _continued(Turn(message, turn.context, turn.result, None, followup, turn.question, turn.drill))


def _with_point_heading(kb: KnowledgeBase, answer: Answer, came_from: str, matcher: MatcherLike) -> Answer:
    """A step that crosses into another point (下一条 after the last sentence of 三要…) lands on the point's
    opening sentences: they come with the point's heading line (四、负责任、勇担当…。), as 第四点讲了什么 is
    answered, so the reader sees that a new point begins. Other answers are returned as they are."""
    passage = kb.passages[answer.passage_id]
    if passage.subpoint_id or kb.passages[came_from].section_id == passage.section_id:
        return answer
    doc = kb.document(answer.passage_id)
    section = _section(doc, passage.section_id)
    if section is None or section.kind != "point" or not section.heading or list(section.passage_ids[:1]) != [passage.id]:
        return answer
    line = f"{cn_numeral(section.ordinal)}、{section.heading}。"
    ids, text = list(answer.sentence_ids), answer.text
    while ids and len(line) + len(text) > _limit(matcher) and len(ids) > 1:
        text = text[: len(text) - len(kb.sentences[ids.pop()].text)]
    return Answer(section.id, line + text, answer.source, answer.score, kind="outline", passage_id=passage.id,
                  sentence_ids=tuple(ids))


def _named_aspect(ctx: Context, kb: KnowledgeBase) -> str:
    """The marked passage (非煤矿山方面) of the context's sub-point that the last question named, when the
    answer came from the sub-point's lead passage (讲话在重点领域里先强调的非煤矿山怎么说 → the lead's
    sentence that names both aspects): the question was about that aspect, so 下一个方面 steps from it."""
    if not ctx.subpoint_id or node_level(kb, ctx.subpoint_id) != SUBPOINT:
        return ""
    passage_ids = _subpoint(kb.document(ctx.subpoint_id), ctx.subpoint_id)[1].passage_ids
    if ctx.passage_id != passage_ids[0]:
        return ""
    q = _compact(ctx.question)
    named = [pid for pid in passage_ids[1:] if kb.passages[pid].title
             and len(kb.passages[pid].title.removesuffix("方面")) >= 2
             and _compact(kb.passages[pid].title.removesuffix("方面")) in q]
    return named[0] if len(named) == 1 else ""


def _ordinal(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    m = _ordinal_match(compact)
    if not m:
        return None
    n = _num(m.group(1) or m.group(3))
    unit = m.group(2) or ""
    kb = matcher.kb
    anchor = ctx.node_id or ctx.passage_id
    if not anchor:
        return None
    doc = kb.document(anchor)
    points = {p.ordinal: p for p in doc.points}
    current = _section(doc, ctx.point_id) if ctx.point_id else None
    subpoints = {sp.ordinal: sp for sp in current.subpoints} if current is not None else {}
    if ctx.item and unit in ("条", "个", "项", ""):
        turn = _item_turn(message, ctx, matcher, now, n, ORDINAL)
        if turn is not None:
            return turn
    if unit in ("个", "项", "条", "", "个要求", "项要求", "条要求") and not ctx.numbering:
        turn = _duty_counted(message, n, ctx, matcher, now)
        if turn is not None:
            return turn
    counts = _counted_list(unit, ctx, kb)
    numbering = ""
    if counts == ASPECT:
        aspects = _aspects(kb, ctx)
        target_id = aspects[n - 1] if 1 <= n <= len(aspects) else ""
        if not target_id:
            return None
        turn = open_node(target_id, ctx, matcher, now, _follow_form(compact, ctx))
        return Turn(message, turn.context, turn.result, None, ORDINAL, turn.question, turn.drill)
    if counts == SUBPOINT and n in subpoints:
        target, numbering = subpoints[n], SUBPOINT
    elif unit in ("点", "部分", "大点", "大部分"):
        target = points.get(n)
    elif unit in ("要", "个要", "小点", "个要求", "项要求", "条要求") or (current is not None and current.subpoints and ctx.level != OUTLINE):
        if current is None or not current.subpoints:
            return None
        target = subpoints.get(n)
    else:
        target = points.get(n)
    if target is None:
        return None
    turn = open_node(target.id, ctx, matcher, now, _follow_form(compact, ctx))
    if _DETAIL.search(compact) and node_level(kb, target.id) == POINT:
        turn = _with_opening(turn, target.id, kb, matcher)
    new = replace(turn.context, numbering=numbering) if turn.context is not None else None
    return Turn(message, new, turn.result, None, ORDINAL, turn.question, turn.drill)


def _duty_counted(message: str, n: int, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    """第二个 / 第三项 after a question for the list of a part that has no parts of its own (加强安全防范和应急值守
    有哪几项要求, answered by that part or by nothing): the part states its requirements one a sentence (要…。要…。
    要…。), so the Nth is its Nth such sentence, not its Nth sibling part. None otherwise."""
    kb = matcher.kb
    if ctx.level != SUBPOINT or not ctx.node_id or not _ASKS_LIST.search(_compact(ctx.question)):
        return None
    doc, local = _doc_and_local(kb, ctx.node_id)
    found = _subpoint(doc, local)
    if found is None or len(found[1].passage_ids) != 1:
        return None  # a part said in marked passages (非煤矿山方面, 建筑安全方面) counts those (`_ordinal`)
    duties = [sid for sid in _passage_sentences(kb, found[1].passage_ids[0])
              if _REQUIREMENT.match(kb.sentences[sid].text)]
    if len(duties) < 2 or not 1 <= n <= len(duties):
        return None
    result = _built(message, quote(kb, [duties[n - 1]], _limit(matcher)), kb, matcher)
    return _turn(message, ctx.question, result, now, kb, ORDINAL, inherit=ctx)


def _with_opening(turn: Turn, gid: str, kb: KnowledgeBase, matcher: MatcherLike) -> Turn:
    """第三点具体讲啥: a point answered by its heading line and its parts (三、…。其中:一要…;二要…) is asked in
    detail, so what the point itself says before its parts (多年的经验教训告诉我们,…必须重拳出击,严格整顿。)
    comes between them, when all of it fits."""
    best = turn.result.best if turn.result is not None and turn.result.status == ANSWERED else None
    section = _section(kb.document(gid), gid)
    if best is not None and best.kind == "outline" and section is not None and not section.subpoints \
            and ELIDED in best.text and turn.context is not None:
        # a point without parts, asked in detail: its own words from its opening on, not the outline's summary
        # that skips to its closing sentence
        result = replace(turn.result, answers=(replace(best, text=point_text(section, kb, _limit(matcher), False)),))
        place = _Place(turn.context.level, turn.context.node_id, turn.context.point_id)
        return replace(turn, result=result, context=replace(turn.context, result=result,
                                                            seen=_shown(kb, result.best, place)))
    if best is None or best.kind != "outline" or section is None or not section.subpoints or "。其中:" not in best.text:
        return turn
    opening = "".join(kb.sentences[sid].text for pid in section.passage_ids for sid in _passage_sentences(kb, pid))
    head, parts = best.text.split("。其中:", 1)
    text = f"{head}。{opening}其中:{parts}"
    if not opening or len(text) > _limit(matcher):
        return turn
    result = replace(turn.result, answers=(replace(best, text=text),) + turn.result.answers[1:])
    context = replace(turn.context, result=result) if turn.context is not None else None
    return replace(turn, result=result, context=context)


# 第二个具体咋落实, 第三点开头咋说的: an ordinal, then a question of it that names nothing else.
_ORDINAL_ASKED = re.compile(
    rf"^(?:其中|那么|那)*(?P<head>第(?:{_ORD})(?:个|点|要|部分|大点|条|项|块))(?:的)?(?P<tail>[^，,。]{{1,10}}?)[?？。]*$")
_OPENING_ASK = re.compile(r"开头|开篇|第一句|头一句|起头|一开始")
# 最后那个具体讲啥, 头一个咋落实: the first or last part, counted as 第N个 would be.
_EDGE_ASKED = re.compile(
    r"^(?:其中|那么|那)*(?:(?P<last>最后|最末|末尾)|(?P<first>头|最前面|最开始))(?:那|这)?一?(?:个|点|要|部分|条|项|块)"
    r"(?:的)?(?P<tail>[^，,。]{1,10}?)[?？。]*$")


def _edge_as_ordinal(compact: str, ctx: Context, kb: KnowledgeBase) -> str:
    """最后那个具体讲啥 at a point with parts (or at the outline): the same question with 第N个 for the edge
    (第三个具体讲啥 after a point of three parts); "" when it is no such question."""
    m = _EDGE_ASKED.match(compact)
    anchor = ctx.node_id or ctx.passage_id
    if not m or ctx.level not in (POINT, OUTLINE) or not anchor:
        return ""
    doc = kb.document(anchor)
    if ctx.level == POINT:
        section = _section(doc, ctx.point_id) if ctx.point_id else None
        count = len(section.subpoints) if section is not None else 0
    else:
        count = len(doc.points)
    if count < 2:
        return ""
    return f"第{count if m.group('last') else 1}个{m.group('tail')}"


def _ordinal_asked(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike,
                   now: float) -> Turn | None:
    """第二个具体咋落实 after the list of a point's parts (or the points): the Nth part, as 第二个 alone would
    open it; 开头咋说的 asks its opening sentence (a heading sentence, 二要…。, with the one after it)."""
    kb = matcher.kb
    compact = _edge_as_ordinal(compact, ctx, kb) or compact
    m = _ORDINAL_ASKED.match(compact)
    if not m or ctx.level not in (POINT, OUTLINE):
        return None
    tail = m.group("tail")
    detail = _DETAIL.search(tail) or _strip(tail) in _MORE  # 第三个展开说说: asked in detail, not in a question
    if not (_INTERROGATIVE.search(tail) or detail) or topics_of(tail, kb) or asked_kind(tail) \
            or _REASON_WORDS.search(tail):
        return None
    head = m.group("head")
    turn = _ordinal(message, head, head, replace(ctx, form=_follow_form(compact, ctx)), matcher, now)
    if turn is None or turn.result is None or turn.result.status != ANSWERED or turn.context is None:
        return None
    if detail and node_level(kb, turn.context.node_id) == POINT:
        # 最后那个具体是啥 after the points: that point in detail, what it says itself before its parts included
        turn = _with_opening(turn, turn.context.node_id, kb, matcher)
    if not _OPENING_ASK.search(tail):
        return turn
    sentences = _passage_sentences(kb, _first_passage(kb, turn.context.node_id))
    if not sentences:
        return turn
    ids = sentences[:2] if len(kb.sentences[sentences[0]].text) < 30 and len(sentences) > 1 else sentences[:1]
    result = _built(message, quote(kb, ids, _limit(matcher)), kb, matcher)
    return replace(turn, result=result, context=replace(turn.context, result=result, seen=tuple(ids)))


# ----- the items of an enumeration inside a quote (“三管三必须”第一条 → 下一条 / 第三条) -----
_ITEM_ASK = re.compile(rf"第({_ORD})(?:条|个|项|句)")
_ITEM_CUT = re.compile(r"[,，;；:：。!！?？“”\"]")


_CASE_THEN = re.compile(r"(?:就|则|都)?(?:要|应|应当|必须|一律|决不|绝不|不准|不得|严禁|由|责令|处|给予|依法|予以|可以|方可)")


def items_of(text: str) -> list[str]:
    """The longest list a quote enumerates, in order: 、-joined parts of a clause (党政同责、一岗双责…), or
    consecutive clauses that end alike (管行业必须管安全,管业务必须管安全,管生产经营必须管安全) or start alike
    (从最担忧的领域着想,从最基础的工作着手…; 一是…二是…). [] when it lists nothing (fewer than two parts)."""
    runs = lists_of(text)
    return max(runs, key=len, default=[]) if any(len(r) >= 2 for r in runs) else []


def lists_of(text: str) -> list[list[str]]:
    """Every list a text enumerates (`items_of` takes the longest), in the order they are found."""
    clauses = [c for c in _ITEM_CUT.split(text) if c]
    numbered = [c for c in clauses if re.match(rf"[{CN_NUMERALS}][是要]", c)]
    if len(numbered) >= 2 and [cn_number(c[0]) for c in numbered] == list(range(1, len(numbered) + 1)):
        return [numbered]  # 一是…;二是…: the speaker's own numbering
    runs = [c.split("、") for c in clauses if "、" in c]
    # 对不开展隐患查改的,要一律依法处置;查改发现存在重大隐患的,要一律停产整顿;…: the cases a text lists, each a
    # clause ending in 的 followed by what is done then
    cases = [c for c, then in zip(clauses, clauses[1:], strict=False)
             if len(c) >= 4 and c.endswith("的") and _CASE_THEN.match(then)]
    if len(cases) >= 2:
        runs.append(cases)
    for key in (lambda c: c[-3:], lambda c: c[:2], lambda c: c[1:2] if c[:1] in CN_NUMERALS else c):
        run: list[str] = []
        for c in clauses:
            if run and len(c) >= 4 and key(c) == key(run[-1]):
                run.append(c)
            else:
                if len(run) >= 2:
                    runs.append(run)
                run = [c] if len(c) >= 4 else []
        if len(run) >= 2:
            runs.append(run)
    return [r for r in runs if len(r) >= 2]


def _with_item(turn: Turn, kb: KnowledgeBase) -> Turn:
    """A question asking for the Nth item of something the speech enumerates (“三管三必须”第一条讲话里怎么说),
    answered with a quote that lists at least N items, keeps N: 下一条 / 第三条 then count in that list."""
    ctx = turn.context
    m = _ITEM_ASK.search(_compact(turn.question)) if ctx is not None and turn.result is not None else None
    best = ctx.result.best if m and ctx.result.status == ANSWERED else None
    if best is None or best.kind != "quote" or ctx.level != PASSAGE:
        return turn
    n = _num(m.group(1))
    if not 1 <= n <= len(items_of(best.text)):
        return turn
    return replace(turn, context=replace(ctx, item=n))


def _item_turn(message: str, ctx: Context, matcher: MatcherLike, now: float, n: int, followup: str) -> Turn | None:
    """The Nth item of the list the last question asked in: the sentence of the last quote that holds it
    (quoted whole: answers are the speech's sentences). None when the list has no Nth item."""
    kb = matcher.kb
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if best is None or not best.sentence_ids:
        return None
    items = items_of(best.text)
    if not 1 <= n <= len(items):
        return None
    holding = [s for s in best.sentence_ids if items[n - 1] in kb.sentences[s].text] or list(best.sentence_ids)
    answer = quote(kb, holding[:1], _limit(matcher))
    result = Result(message, ANSWERED, (answer,), ctx.result.suggestions, ctx.result.language, normalise(message))
    turn = _turn(message, ctx.question, result, now, kb, followup, seen=ctx.seen, topic=ctx.topic, form=ctx.form)
    # The context keeps the quote that lists the items, so that the next 下一条 counts in the same list.
    return replace(turn, context=replace(turn.context, item=n, result=replace(result, answers=(best,))))


# 第一个咋抓的, 最后那个咋落实, 第二条线呢: an item of what the last answer listed, and what is asked of it.
_LISTED = re.compile(
    rf"^(?:其中|那么|那|还有)*(?:第(?P<n>{_ORD})|(?P<last>最后|最末|末尾|后)|(?P<head>头|最前面|最开始|前))(?:那|这)?一?(?P<unit>个|项|种|条|样|类)"
    r"(?P<rest>.{0,12}?)[?？。!！]*$"
)


# (…or a set named by its count and asked what it is: 那三个必须管安全是啥, “两个不放过”指什么)
_ASKS_LIST = re.compile(rf"哪[几{CN_NUMERALS}两俩仨]|哪些|几[个项种类条样]|都有(?:什么|啥|哪)|分别"
                        r"|(?<![第几\d])[两二三四五六七八九十]个[^，,。？?]{1,8}?(?:是啥|是什么|指什么|指啥|指的是什么|指的是啥)")
_LIST_UNIT = re.compile(rf"(?:哪[几{CN_NUMERALS}两]|几)(?P<unit>条|种|类|样)")


def _list_unit(question: str) -> str:
    """The word a question for a list counts its items in (两条线是哪两条 → 条, 分哪几种 → 种), or ""."""
    m = _LIST_UNIT.search(_compact(question))
    return m.group("unit") if m else "-"


# 要执行哪几个制度, 有哪些措施: the noun a question for a list names its items by.
_LIST_NOUN = re.compile(rf"(?:哪[几{CN_NUMERALS}两]?|几)(?:个|项|种|类|条|样|些)?(?P<noun>[\u4e00-\u9fff]{{1,2}})$")


def _named_list(ctx: Context, matcher: MatcherLike, found: Answer | None = None) -> tuple[Answer, list[str]] | None:
    """The list a question asked for by its noun (应急值守要执行哪几个制度): the phrases ending in that noun
    (…24小时值班制度, …事故专报制度), in order, in the passage of its answer (`found`), or, when it found none,
    the passage its topic words are answered from; a question that found nothing and names no such noun (分几种
    情况处理, 哪几个“一律”) asks for a list where its subject is answered (`_list_of_subject`). None when no list
    is found — or, with an answer, when its quote names as many as its passage does."""
    m = _LIST_NOUN.search(re.sub(r"[?？。!！]+$|(?:呢|吗|啊)+$", "", _compact(ctx.question)))
    if not m or not ctx.topic or m.group("noun") in ctx.topic:
        return _list_of_subject(ctx, matcher) if found is None else None
    noun = m.group("noun")
    where = found or matcher.ask(ctx.topic).best
    if where is None or where.kind != "quote" or where.passage_id not in matcher.kb.passages:
        return None
    kb = matcher.kb

    def named_in(text: str) -> list[str]:
        chunks = [c for c in re.split(r"[,，、;；。:：和及与]", text) if c.endswith(noun) and len(c) > len(noun) + 1]
        return list(dict.fromkeys(chunks))

    items = named_in("".join(kb.sentences[s].text for s in _passage_sentences(kb, where.passage_id)))
    if found is not None and len(named_in(found.text)) >= len(items):
        return None
    if len(items) < 2:  # no phrases end in it (哪几个“一律”): the list where its subject is answered
        return _list_of_subject(ctx, matcher) if found is None else None
    return where, items


# What a list question puts before its count (隐患查改不到位的,分几种情况处理 → 隐患查改不到位的): its subject.
_BEFORE_COUNT = re.compile(r"(?:一共|总共|共|都|分|有|要|包括|是|分为|分成)+$")


def _list_of_subject(ctx: Context, matcher: MatcherLike) -> tuple[Answer, list[str]] | None:
    """隐患查改不到位的,分几种情况处理, answered by nothing: the list is where its subject (the words before its
    count) is answered, or one of its topic words — inside the part the question named when it stands at one
    (`_place_of_listed_point`) — and of what that passage enumerates (cases …的,要…; 、-parts; clauses alike), the
    list whose sentences hold the words the question quotes (哪几个“一律”), the first passage with such a list, then
    sharing the most of the subject's characters. Returned with the quote of the sentences that hold it. None when
    nothing is found, or the part counts its own parts or requirements (`_ordinal`, `_duty_counted`)."""
    kb = matcher.kb
    if ctx.level in (OUTLINE, POINT):
        return None
    q = _PUNCT.sub("", _compact(ctx.question))
    asked = _ASKS_LIST.search(q)
    subject = _BEFORE_COUNT.sub("", q[: asked.start()]) if asked else ""
    if len(subject) < 2:
        return None
    chars = {c for c in subject if c not in _FUNCTION_CHARS}
    quoted = [_compact(w) for w in re.findall(r"[“\"‘']([^”\"’']{1,8})[”\"’']", ctx.question)]
    if ctx.level == SUBPOINT:
        sub = _subpoint(kb.document(ctx.node_id), ctx.node_id) if node_level(kb, ctx.node_id) == SUBPOINT else None
        if sub is None or sum(bool(_REQUIREMENT.match(kb.sentences[sid].text))
                              for pid in sub[1].passage_ids for sid in _passage_sentences(kb, pid)) >= 2:
            return None
        places = list(sub[1].passage_ids)
    else:
        places = []
        for words in dict.fromkeys([subject, *topics_of(subject, kb)]):
            where = matcher.ask(words)
            best = where.best if where.status == ANSWERED else None
            if best is not None and best.kind == "quote" and best.passage_id in kb.passages:
                places.append(best.passage_id)

    def shared(items: list[str]) -> int:
        return len(chars & set("".join(items)))

    found: list[tuple[int, int, list[str], list[str]]] = []
    for pid in dict.fromkeys(places):
        sids = _passage_sentences(kb, pid)

        def holding(items: list[str], sids: list[str] = sids) -> list[str]:
            return [sid for sid in sids if any(i in kb.sentences[sid].text for i in items)]

        def holds(items: list[str]) -> int:
            said = _compact("".join(kb.sentences[sid].text for sid in holding(items)))
            return sum(w in said for w in quoted)

        runs = [r for r in lists_of("".join(kb.sentences[sid].text for sid in sids)) if shared(r) >= 2]
        if runs:
            items = max(runs, key=lambda r: (holds(r), shared(r), len(r)))
            found.append((holds(items), -len(found), items, holding(items)))
            if not quoted or found[-1][0]:
                break
    if not found:
        return None
    _, _, items, held = max(found, key=lambda f: (f[0], f[1]))
    if not held:
        return None
    sids = _passage_sentences(kb, kb.passage_of(held[0]).id)
    listing = quote(kb, sids[sids.index(held[0]): sids.index(held[-1]) + 1], _limit(matcher))
    return listing, items


def listed_items(text: str, kb: KnowledgeBase, topic: str = "") -> list[str]:
    """What a quote lists, in order: its enumeration (`items_of`: 、-parts, parallel clauses, 一是…二是…), or,
    when that has fewer than three items, the topic words it names in a row (非煤矿山…人员密集场所…消防安全…
    道路交通, 这些都是重点领域) when they are more. The words of the question's own `topic` (重点领域) name the list, not an item: the items are the topic
    words on the side of it that has more of them."""
    enumerated = items_of(text)
    ending = os.path.commonprefix([i[::-1] for i in enumerated])[::-1] if len(enumerated) >= 2 else ""
    while len(ending) >= 2 and enumerated[-1] in text:
        # 既是经济问题、社会问题、民生问题,也是重大的政治问题: the clause after the list ends as its items do
        following = _ITEM_CUT.split(text[text.index(enumerated[-1]) + len(enumerated[-1]):].lstrip(",，、;；"))[0]
        if not following.endswith(ending) or following == enumerated[-1] or len(following) > 12:
            break
        enumerated = enumerated + [following]
    q = _compact(text)
    own = set(topics_of(topic, kb)) if topic else set()
    spans = [(a, b) for a, b in _topic_spans(q, kb)]
    heads = [a for a, b in spans if q[a:b] in own]
    named = [(a, q[a:b]) for a, b in spans if q[a:b] not in own]
    if heads:
        before = [w for a, w in named if a < heads[0]]
        after = [w for a, w in named if a > heads[-1]]
        named_words = before if len(before) >= len(after) else after
    else:
        named_words = [w for _, w in named]
    named_words = list(dict.fromkeys(named_words))
    return named_words if len(enumerated) < 3 and len(named_words) > len(enumerated) else enumerated


def _listed(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    """第一个咋抓的 / 最后那个咋落实 / 第二条线呢 after an answer that lists things: the item is counted in that
    list (`listed_items`); asked of (咋抓的), it is the question's topic, answered where the speech speaks of
    it rather than by the listing sentence again; asked of nothing (呢, a noun of the list: 线呢), the
    sentence of the last quote that holds it."""
    m = _LISTED.match(_light(compact))
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    counted = _ordinal_match(compact)
    named = _named_list(ctx, matcher) if m and best is None and not counted else None
    if m and best is not None and best.kind == "quote" and ctx.level == PASSAGE and not ctx.item \
            and _ASKS_LIST.search(_compact(ctx.question)):
        named = _named_list(ctx, matcher, best)  # 哪几个制度, answered by a sentence naming one of them
    if named is None and (not m or best is None or best.kind != "quote" or not best.sentence_ids
                          or ctx.level != PASSAGE or ctx.item):
        return None  # after a point or sub-point, 第二个 counts its parts (`_ordinal`); after 第一条, its list
    kb = matcher.kb
    rest = re.sub(r"(?:呢|吗|吧|啊|呀)+$", "", m.group("rest"))
    asked_list = _ASKS_LIST.search(_compact(ctx.question))
    if counted and ((counted.group(2) or "") not in ("个", "项", _list_unit(ctx.question)) or ctx.numbering
                    or not asked_list):
        # 第二条是什么, 第二个方面 count the speech's own parts (`_ordinal`), as 第二点 does; so does 第三个是啥
        # unless the last question asked for a list (哪几个, 哪两个, 有哪些), and 第二条 unless it asked for a
        # list counted in 条 itself (两条线是哪两条)
        return None
    if named is not None:
        best, items = named
    else:
        items = listed_items(best.text, kb, ctx.topic)
    if named is None and rest and len(rest) <= 2 and not _INTERROGATIVE.search(rest):
        # 第二条线呢: the list is of the things the quote names with that word (追求高线…守好底线)
        # (a word counting them is no item: 两条线 of “两条线”:一是…“高线”…二是…“底线”… → 高线, 底线)
        counting = re.compile(rf"[{CN_NUMERALS}两\d]+{re.escape(m.group('unit'))}?{re.escape(rest)}")
        ending = [w for w in dict.fromkeys(topics_of(best.text, kb))
                  if w.endswith(rest) and w != rest and not counting.fullmatch(w)]
        items = ending if len(ending) >= 2 else items
    if len(items) < 2:
        return None
    n = len(items) if m.group("last") else 1 if m.group("head") else _num(m.group("n"))
    if not 1 <= n <= len(items):
        return None
    item = items[n - 1]
    if item.endswith("的") and not topics_of(rest, kb):
        # 第二种情况咋办 / 最后一种呢: a case is answered by the sentence that states it and what is done then
        holding = [s for s in best.sentence_ids if item in kb.sentences[s].text] or \
            [s for s in _passage_sentences(kb, best.passage_id) if item in kb.sentences[s].text]
        if holding:
            answer = quote(kb, holding[:1], _limit(matcher))
            return _turn(message, ctx.question, _built(message, answer, kb, matcher), now, kb, ORDINAL, inherit=ctx)
    stems: list[str] = []
    said = re.match(r"(?:的|是|即|就是|也就是)?(.+)", rest)
    named = [w for w in topics_of(said.group(1), kb) if w in _compact(best.text)] if said and rest else []
    if named and said.group(1).startswith(named[0]) and _INTERROGATIVE.search(said.group(1)[len(named[0]):]):
        # 头一个红线意识咋理解: the item is named as well as counted; the name is the item, the rest is asked
        item, rest = named[0], said.group(1)[len(named[0]):]
        stem = _without_list_noun(item, best.text)
        stems = [stem + rest] if stem else []
    words = [w for w in topics_of(item, kb) if w not in set(topics_of(ctx.topic, kb))]
    subject = "".join(words) or item
    if rest and (_strip(rest) in _MORE or _DETAIL_ASK.match(rest)) and words:
        # 第二个具体说说: the item asked in detail, as what the speech requires of it
        return _about_item(message, [f"{subject}有什么要求", subject], subject, best, ctx, matcher, now, _compact(item))
    if not _INTERROGATIVE.search(rest) or topics_of(rest, kb):
        if len(rest) > 3 or topics_of(rest, kb):
            return None  # 第二个问题里的隐患排查…: a question of its own
        if words:  # 第二条线呢: the item's topic asked as the last question was (那底线呢 → 底线指的是什么)
            framed = [f"{subject}指的是什么"] if ctx.form == DEFINITION else []
            turn = _about_item(message, framed + rewrites(ctx.question, subject, kb, ctx.topic), subject, best,
                               ctx, matcher, now)
            if turn is not None:
                return turn
        holding = [s for s in best.sentence_ids if item in kb.sentences[s].text] or list(best.sentence_ids)
        answer = quote(kb, holding[:1], _limit(matcher))
        result = Result(message, ANSWERED, (answer,), ctx.result.suggestions, ctx.result.language, normalise(message))
        turn = _turn(message, ctx.question, result, now, kb, ORDINAL, seen=ctx.seen, topic=ctx.topic, form=ctx.form)
        return replace(turn, context=replace(turn.context, result=replace(result, answers=(best,))))
    return _about_item(message, [subject + rest, item + rest, *stems], subject, best, ctx, matcher, now,
                       _compact(item))


def _item_mark(item: str, text: str) -> str:
    """What tells a listed item from the others when it has no topic word of its own: the item without the noun
    the list shares, the connective opening it (也是, 既是) and what modifies it (重大的): 也是重大的政治问题 → 政治;
    "" when less than two characters are left."""
    stem = _without_list_noun(item, text)
    mark = re.sub(r"^(?:也|既|又|还|都)?是", "", stem.split("的")[-1])
    return mark if len(mark) >= 2 else ""


def _without_list_noun(item: str, text: str) -> str:
    """An item without the noun its list shares (红线意识 in 红线意识、责任意识和担当意识 → 红线): what tells it
    from the others, which the speech may speak of on its own. "" when no such noun ends it."""
    noun, said = item[-2:], _compact(text)
    # the noun is shared when it is said more often than the item (一岗双责 said twice is no list of 双责)
    return item[:-2] if len(item) >= 4 and said.count(noun) >= 2 and said.count(noun) > said.count(item) else ""


def _about_item(message: str, candidates: list[str], subject: str, listing: Answer, ctx: Context,
                matcher: MatcherLike, now: float, item: str = "") -> Turn | None:
    """A listed item asked about: the first candidate question answered by a quote other than the listing
    one; else the sentence of the listing passage that names the item (党政同责、一岗双责… → 班子成员要履行
    “一岗双责”); else the listing sentence again. None when no candidate is answered."""
    kb = matcher.kb
    last = tuple(listing.sentence_ids)
    chosen, question = None, ""
    for candidate in dict.fromkeys(candidates):
        result = matcher.ask(candidate)
        if result.status != ANSWERED:
            continue
        elsewhere = [a for a in result.answers if tuple(a.sentence_ids) != last]
        if not elsewhere and ctx.form == DEFINITION and tuple(result.best.sentence_ids) == last:
            # 两条线是啥 → 第二条线呢 (底线指的是什么): the listing quote answers what the item is when a sentence
            # of it states that item alone (二是…“底线”…): that sentence, not one elsewhere that merely names it
            narrowed = _narrowed_to(result, subject, message, kb, matcher)
            if tuple(narrowed.best.sentence_ids) != last:
                chosen, question = narrowed, candidate
                break
        if elsewhere and elsewhere[0] is not result.best:
            result = replace(result, answers=(elsewhere[0],) + tuple(a for a in result.answers
                                                                     if a is not elsewhere[0]))
        if chosen is None or elsewhere:
            chosen, question = result, candidate
        if elsewhere:
            break
    if chosen is None:
        return None
    if ctx.form == DEFINITION:
        chosen = _narrowed_to(chosen, subject, message, kb, matcher)
    elif not _DETAIL.search(message) and not _CONTENT_WORDS.search(message):
        # 后一条为啥不能破: a question of its own asked of an item is answered where the list is, near it
        chosen = _nearer_in_passage(question, chosen, ctx, matcher)
    if tuple(chosen.best.sentence_ids) == last and listing.passage_id in kb.passages:
        naming = [sid for sid in _passage_sentences(kb, listing.passage_id)
                  if sid not in last and subject in _compact(kb.sentences[sid].text)]
        # 也是重大的政治问题 asked of (咋理解): named by what tells it from the others (政治: the noun the items share,
        # 问题, and what opens it, 也是…的, left off), where the passage speaks of that
        mark = _item_mark(item, listing.text) if item and not naming else ""
        if mark:
            naming = [sid for sid in _passage_sentences(kb, listing.passage_id)
                      if sid not in last and mark in _compact(kb.sentences[sid].text)]
        # 一是…; 二是…: an item stated in a sentence of its own within the listing quote is that sentence
        holding = [sid for sid in last if item and item in _compact(kb.sentences[sid].text)]
        if naming:
            chosen = _built(message, quote(kb, naming[:1], _limit(matcher)), kb, matcher)
        elif len(last) > 1 and len(holding) == 1:
            chosen = _built(message, quote(kb, holding, _limit(matcher)), kb, matcher)
    return _turn(message, question, chosen, now, kb, ORDINAL, inherit=ctx, topic=subject)


ASPECT = "aspect"
_COUNTS_POINTS = re.compile(rf"第[{CN_NUMERALS}两\d]+(?:点|部分|大点|大部分)|[{CN_NUMERALS}两\d]+点意见")


def _counted_list(unit: str, ctx: Context, kb: KnowledgeBase) -> str:
    """Which list an ordinal follow-up counts in, decided by what the last answer was (the speech numbers
    its points 第一点…第四点 and, inside a point, its sub-points 一要…三要; people say 点 for both):

    * 第二个方面 after an answer inside a sub-point with marked passages (非煤矿山方面, 建筑安全方面): ASPECT;
    * 第二点 after a sentence inside a numbered sub-point (the answer stood in 一要…), when the last question
      did not count points itself (第三点第一要…): SUBPOINT, the siblings — as after an ordinal that
      already counted them (党政领导责任怎么落实 → 第二点呢 → 第三点呢);
    * else "" (the caller's rules: 点 the speech's points, 要 the sub-points, 条/个 by the level)."""
    if unit in ("方面", "个方面"):
        return ASPECT if _aspects(kb, ctx) else ""
    if unit != "点" or not ctx.subpoint_id or ctx.level not in (PASSAGE, SUBPOINT):
        return ""
    if ctx.numbering == SUBPOINT:
        return SUBPOINT
    if ctx.level != PASSAGE or _COUNTS_POINTS.search(_compact(ctx.question)):
        return ""
    return SUBPOINT


def _aspects(kb: KnowledgeBase, ctx: Context) -> list[str]:
    """The marked passages (…方面) of the context's sub-point, in order ([] when it has fewer than two)."""
    if not ctx.subpoint_id or node_level(kb, ctx.subpoint_id) != SUBPOINT:
        return []
    marked = [pid for pid in _subpoint(kb.document(ctx.subpoint_id), ctx.subpoint_id)[1].passage_ids[1:]
              if kb.passages[pid].title]
    return marked if len(marked) > 1 else []


def _in_scope(answer: Answer | None, ctx: Context, kb: KnowledgeBase) -> bool:
    """The answer stands in the passage, sub-point or point the context is reading."""
    if answer is None or answer.passage_id not in kb.passages:
        return False
    if answer.passage_id == ctx.passage_id:
        return True
    passage = kb.passages[answer.passage_id]
    if ctx.subpoint_id:
        return passage.subpoint_id == ctx.subpoint_id
    return bool(ctx.point_id) and passage.section_id == ctx.point_id


# 那安全生产在里头算个啥分量, 领导干部在这当中要干啥: a question asked inside what the last answer said.
_IN_IT = re.compile(r"在(?:这|那)?(?:里头|里面|里边|当中|其中|中间)")


def _in_it(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    """A question asked in it (在里头, 在这当中) after a quote: the sentence of the quote's passage that shares most
    of its words, the quote's own sentences first, then the nearest — even when it uses a word the matcher does
    not know (分量), as 在里头 ties it to the last answer."""
    kb = matcher.kb
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if not _IN_IT.search(compact) or not _INTERROGATIVE.search(compact) or best is None or best.kind != "quote":
        return None
    if not best.sentence_ids or best.passage_id not in kb.passages:
        return None
    sentences = _passage_sentences(kb, best.passage_id)
    own = [i for i, sid in enumerate(sentences) if sid in set(best.sentence_ids)]
    if not own:
        return None
    chars = {c for c in _IN_IT.sub("", compact) if c not in _FUNCTION_CHARS and not _INTERROGATIVE.search(c)}

    def score(i: int) -> float:
        text = kb.sentences[sentences[i]].text
        near = 0.0 if i in own else min(abs(i - j) for j in own)
        return sum(c in text for c in chars) + (0.5 if i in own else 0.0) - 0.05 * near

    i = max(range(len(sentences)), key=score)
    if not any(c in kb.sentences[sentences[i]].text for c in chars):
        return None
    answer = quote(kb, sentences[i:i + 1], _limit(matcher))
    question = (_context_topic(ctx, kb) or ctx.question) + compact
    return _turn(message, question, _built(message, answer, kb, matcher), now, kb, TOPICLESS, inherit=ctx)


# 针对哪些企业, 是哪类企业, 指什么样的部门: which ones of a kind the last quote names, and nothing else asked.
_WHICH_OF = re.compile(r"^(?:那|那么)?(?:是|要|针对|对|指|包括|涉及|适用于?|主要)*(?:的是|是)?"
                       r"(?:哪些|哪类|哪一类|哪种|哪几类|哪几种|什么样的?|啥样的?)(?P<noun>[\u4e00-\u9fff]{2,4}?)(?:呢|啊|呀)?$")


def _which_of_it(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike,
                 now: float) -> Turn | None:
    """Which ones of a kind (针对哪些企业) after a quote that names that kind with what tells which (强化高危行业企业
    安全风险等级管理…): the sentence of the quote that says it. None when the quote names the kind nowhere with
    words before it (a question of its own)."""
    kb = matcher.kb
    m = _WHICH_OF.match(re.sub(r"[?？。!！]+$", "", compact))
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if not m or best is None or best.kind != "quote" or not best.sentence_ids:
        return None
    noun = m.group("noun")
    qualified = [sid for sid in best.sentence_ids
                 if re.search(rf"[\u4e00-\u9fff]{{2}}{re.escape(noun)}", _compact(kb.sentences[sid].text))]
    if not qualified:
        return None
    answer = quote(kb, qualified[:1], _limit(matcher))
    question = (_context_topic(ctx, kb) or ctx.question) + compact
    return _turn(message, question, _built(message, answer, kb, matcher), now, kb, TOPICLESS, inherit=ctx)


def _contrast(message: str, compact: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    """那监管部门要列啥清单呢 after 企业主体责任要求企业建啥清单: 那 sets a new subject against the last question's and
    the message asks its own question of it. When the words before its question word are new to the last
    question and the message alone is answered in another passage, that is the answer (the last topic is
    not put back in front of it)."""
    m = re.match(r"^(?:那么|那)(?P<q>.+?)(?:呢|啊|呀)?[?？。]*$", compact)
    if not m or ctx.result.status != ANSWERED or not ctx.passage_id:
        return None
    q = m.group("q")
    # 那县直部门呢，按啥原则担责: the subject closed by 呢, then the question asked of it.
    said = re.match(r"^(?P<x>[^呢，,]{2,8})呢[，,]?(?P<rest>.+)$", q)
    subject = said.group("x") if said and not _INTERROGATIVE.search(said.group("x")) else ""
    if subject:
        q = subject + said.group("rest")
    asked = _INTERROGATIVE.search(q)
    if not asked or asked.start() == 0 or classify(q):
        return None
    new = _content_chars(q[: asked.start()]) - set(_compact(ctx.question))
    if len(new) < 3:
        return None
    alone = matcher.ask(q)
    # A subject the speech does not name as such (县直部门, 城里的建筑工地) is asked by its head, the noun it ends
    # in (部门, 建筑工地), as Chinese puts what qualifies a noun before it.
    rest = q[len(subject):]
    for k in range(1, max(len(subject) - 1, 1)):
        if alone.status == ANSWERED:
            break
        alone = matcher.ask(subject[k:] + rest)
    if alone.status != ANSWERED or alone.best.passage_id in ("", ctx.passage_id):
        return None
    # Its own question asking requirements (要注意啥) is answered by a stated duty of that passage before a fact.
    return _turn(message, q, _duty_first(alone, q, matcher.kb, onward=_limit(matcher)), now, matcher.kb, ELLIPTIC,
                 inherit=ctx)


def _elliptic(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    if _condition_here(compact, ctx, matcher.kb):
        return None  # 要是现场核查不合格呢: what then, asked of the last answer's passage (`_topicless`)
    if not topics_of(compact, matcher.kb):
        turn = _contrast(message, compact, ctx, matcher, now)
        if turn is not None:
            return turn
    m = _ELLIPTIC.match(compact)
    if not m or core in _MORE or core in _NEXT or core in _PREVIOUS:
        return None
    x = _SUFFIX.sub("", m.group("x")).strip() or m.group("x")
    x = re.sub(r"^(?:那么|那|还有|而)", "", x) or x
    x = re.sub(r"(?:那边|这边|那块|这块|那里|这里|那头|这头)$", "", x) or x  # 建筑施工那边呢: the place word is no topic
    limit = 10 if m.group("tail").endswith("呢") else 6
    if not x or len(x) > limit or _INTERROGATIVE.search(x) or classify(x) or _structural(x):
        return None
    kb = matcher.kb
    if asked_kind(compact) and not topics_of(x, kb):
        return None  # 失职了会怎样: what then, asked of the last answer (a topic-less question), not a topic 失职了会
    previous = ctx.question if ctx.result.status == ANSWERED or ctx.question else ""
    if not previous or _ordinal_match(_compact(previous)) or x == _compact(previous):
        return None
    turn = _reason_in_respect(message, x, ctx, matcher, now)
    if turn is not None:
        return turn
    sibling = _sibling(x, ctx, kb)
    if sibling:
        turn = _in_sibling(message, x, sibling, previous, ctx, matcher, now)
        if turn is not None:
            return turn
    alone = matcher.ask(x)
    near = {a.passage_id for a in alone.answers} if alone.status == ANSWERED else set()
    full, rewritten = None, ""
    # The form carries over: 高线指的是什么 → 那底线呢 asks what 底线 means, in those words first.
    framed = [f"{x}指的是什么"] if ctx.form == DEFINITION else []
    for candidate in framed + rewrites(previous, x, kb, ctx.topic):
        result = matcher.ask(candidate)
        if full is None or result.status == ANSWERED and full.status != ANSWERED:
            full, rewritten = result, candidate
        if result.status == ANSWERED and (result.best.passage_id in near if near
                                          else result.best.passage_id != ctx.passage_id):
            full, rewritten = result, candidate
            break
    if ctx.form == DEFINITION and full.status == ANSWERED:
        full = _narrowed_to(full, x, message, kb, matcher)
    chosen, question = full, rewritten
    if full.status == ANSWERED:
        last = ctx.result.best.sentence_ids if ctx.result.status == ANSWERED and ctx.result.best else ()
        repeats = bool(last) and full.best.sentence_ids == last
        if near and (full.best.passage_id not in near or repeats and alone.best.sentence_ids != last):
            chosen, question = alone, x
    elif alone.status == ANSWERED or full.status != CLARIFY and alone.status == CLARIFY:
        chosen, question = alone, x
    chosen = _duty_first(chosen, previous, kb, alone.answers if alone.status == ANSWERED else ())
    return _turn(message, question, chosen, now, kb, ELLIPTIC, inherit=ctx, topic=x)


def _reason_in_respect(message: str, x: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    """今年为啥说情况特殊 → 经济上呢: a why-question naming no topic word is about what its answer's passage says;
    那X呢 asks the same why in X's respect, answered by the first sentence of that passage not yet shown that
    names X. None after another kind of question, or when the passage does not name X again."""
    kb = matcher.kb
    if ctx.form != REASON or ctx.topic or ctx.passage_id not in kb.passages or ctx.result.status != ANSWERED:
        return None
    x = re.sub(r"(?:上|方面|层面|角度)$", "", x) or x  # 经济上呢: in the economy's respect
    shown = set(ctx.seen) | set(ctx.result.best.sentence_ids)
    naming = [sid for sid in _passage_sentences(kb, ctx.passage_id)
              if sid not in shown and x in _compact(kb.sentences[sid].text)]
    if not naming:
        return None
    result = _built(message, quote(kb, naming[:1], _limit(matcher)), kb, matcher)
    return _turn(message, f"{x}{_compact(ctx.question)}", result, now, kb, ELLIPTIC, inherit=ctx, topic=x,
                 form=REASON)


_ASKS_DUTY = re.compile(r"要求|规定|注意(?:什么|啥|哪些)|(?:要|该|应该|得)?(?:怎么|咋|如何)(?:做|办|抓|落实|管)")


def _duty_first(result: Result, previous: str, kb: KnowledgeBase, also: tuple[Answer, ...] = (),
                onward: int = 0) -> Result:
    """那X呢 after a question for requirements (有什么要求) asks X's requirements: when the answer found states
    none (a fact about X: 节后陆续开工…特别容易忽视) and another answer of the same passage states one (…要…,
    严禁…) — found with it, or for X alone (`also`) — that one comes first. With `onward` (a quote's limit),
    when the question itself asks them, else the next sentence of the passage that states one."""
    if result.status != ANSWERED or not _ASKS_DUTY.search(_compact(previous)) or result.best.kind != "quote":
        return result
    if _STATES_DUTY.search(result.best.text):
        return result
    duty = next((a for a in (*result.answers[1:], *also) if a.kind == "quote"
                 and a.passage_id == result.best.passage_id and _STATES_DUTY.search(a.text)), None)
    if duty is None and onward and result.best.sentence_ids and result.best.passage_id in kb.passages:
        # else the duty its passage states next (节后陆续开工…特别容易忽视 → 全县各乡镇…要…严禁…)
        sentences = _passage_sentences(kb, result.best.passage_id)
        last = result.best.sentence_ids[-1]
        after = sentences[sentences.index(last) + 1:] if last in sentences else []
        sid = next((sid for sid in after if _STATES_DUTY.search(kb.sentences[sid].text)), None)
        duty = quote(kb, [sid], onward, result.best.score) if sid else None
    if duty is None:
        return result
    return replace(result, answers=(duty,) + tuple(a for a in result.answers if a is not duty))


def _narrowed_to(result: Result, x: str, message: str, kb: KnowledgeBase, matcher: MatcherLike) -> Result:
    """What X means: of a quote of several sentences (政府工作其实就是“两条线”:一是…“高线”…;二是…“底线”…),
    the sentences that name X, when some do and others do not."""
    best = result.best
    ids = list(best.sentence_ids)
    naming = [s for s in ids if x in _compact(kb.sentences[s].text)]
    if not naming or len(naming) == len(ids) or best.kind != "quote":
        return result
    start = ids.index(naming[0])
    run = [s for s in ids[start: ids.index(naming[-1]) + 1]]
    return _built(message, quote(kb, run, _limit(matcher), best.score), kb, matcher)


def _structural(x: str) -> bool:
    """下一个方面, 下一条, 上一个: words of the outline, never a topic of 那X呢."""
    return bool(re.search(r"[下上前后]一|^下(?:个|条|点|要)", x) or _STEP.match(x))


def _sibling(x: str, ctx: Context, kb: KnowledgeBase) -> str:
    """The one sibling of the context's node whose heading names X (部门监管责任 → 那企业呢 → 三要落实企业主体
    责任): a sub-point of the same point, or a marked passage of the same sub-point. "" when none or several."""
    if not ctx.passage_id or ctx.level == OUTLINE:
        return ""
    doc = kb.document(ctx.passage_id)
    section = _section(doc, ctx.point_id) if ctx.point_id else None
    found: list[str] = []
    if ctx.subpoint_id and section is not None:
        sub = _subpoint(doc, ctx.subpoint_id)
        marked = [pid for pid in sub[1].passage_ids[1:] if kb.passages[pid].title] if sub else []
        if ctx.passage_id in marked:
            found = [pid for pid in marked if pid != ctx.passage_id and x in _compact(kb.passages[pid].title)]
        if not found:
            found = [sp.id for sp in section.subpoints if sp.id != ctx.subpoint_id and x in _compact(sp.heading)]
        # 那县里各部门呢 (二要落实部门监管责任): X qualified in the asker's words is named by its head, the noun it
        # ends in, as Chinese puts what qualifies a noun before it — the longest ending one sibling names.
        for k in range(1, len(x) - 1):
            if found:
                break
            head = x[k:]
            if head not in _WEAK:
                found = [sp.id for sp in section.subpoints if sp.id != ctx.subpoint_id and head in _compact(sp.heading)]
    return found[0] if len(found) == 1 else ""


def _heading_of(kb: KnowledgeBase, gid: str) -> str:
    if node_level(kb, gid) == SUBPOINT:
        return _compact(_subpoint(kb.document(gid), gid)[1].heading)
    return _compact(kb.passages[gid].title) if gid in kb.passages else ""


def _parallel(previous: str, sibling: str, ctx: Context, kb: KnowledgeBase) -> list[str]:
    """The last question with the words it shares with its own node's heading replaced by the sibling's
    words in the same place: 部门监管责任有哪些要求 (二要落实部门监管责任) → 企业主体责任有哪些要求 (三要落实企业
    主体责任). Headings of siblings share their frame (落实…, …方面); the rest is what differs."""
    own = ctx.subpoint_id if node_level(kb, sibling) == SUBPOINT else ctx.passage_id
    mine, theirs = _heading_of(kb, own), _heading_of(kb, sibling)
    if not mine or not theirs:
        return []
    head = len(os.path.commonprefix([mine, theirs]))
    tail = len(os.path.commonprefix([mine[::-1], theirs[::-1]]))
    mine_core, their_core = mine[head: len(mine) - tail], theirs[head: len(theirs) - tail]
    q = re.sub(r"^(?:那么|那)", "", _compact(previous))
    for size in range(len(mine), 1, -1):  # the longest piece of its own heading the question quotes
        for start in range(len(mine) - size + 1):
            piece = mine[start: start + size]
            if piece in q and mine_core and (mine_core in piece or piece in mine_core):
                if mine_core in piece:
                    swapped = piece.replace(mine_core, their_core)
                else:
                    swapped = their_core
                return [q.replace(piece, swapped, 1)]
    return []


def _opening_duty(kb: KnowledgeBase, subpoint: str) -> str:
    """The first sentence of a sub-point that states a duty (`_STATES_DUTY`), after its heading sentence; ""."""
    ids = [sid for pid in _subpoint(kb.document(subpoint), subpoint)[1].passage_ids for sid in _passage_sentences(kb, pid)]
    return next((sid for sid in ids[1:] if _STATES_DUTY.search(kb.sentences[sid].text)), "")


def _opening_duty_of_sibling(sibling: str, ctx: Context, kb: KnowledgeBase) -> str:
    """部门监管责任要咋落实 → 那企业呢: a last answer that was its sub-point's opening duty (the first sentence stating
    one) stated what that part asks in general, so the sibling's opening duty answers the same of it (sub-points
    of one point are built alike); "" when the last answer stood elsewhere in its part, or no sub-points."""
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if (best is None or not best.sentence_ids or not ctx.subpoint_id or node_level(kb, sibling) != SUBPOINT
            or node_level(kb, ctx.subpoint_id) != SUBPOINT):
        return ""
    own = _opening_duty(kb, ctx.subpoint_id)
    return _opening_duty(kb, sibling) if own and best.sentence_ids[0] == own else ""


def _holds_more_asked(found: str, opening: str, previous: str, x: str, ctx: Context) -> bool:
    """企业要建个啥清单 → 那监管部门呢: a word the last question asked for and its answer quoted (清单; not its
    subject, 企业) is held by the sentence found for the sibling (…“两张清单”…) and not by the sibling's opening
    duty, which says what the part asks in general (党政一把手要怎么抓安全 → 换成部门呢 asks that)."""
    last = ctx.result.best.text if ctx.result.status == ANSWERED and ctx.result.best else ""
    q = _compact(previous)
    words = {q[i:i + n] for n in (2, 3, 4) for i in range(len(q) - n + 1)}
    return any(w in last and w in found and w not in opening and w not in ctx.topic and w not in x
               and not set(w) & _FUNCTION_CHARS for w in words)


def _in_sibling(message: str, x: str, sibling: str, previous: str, ctx: Context, matcher: MatcherLike,
                now: float) -> Turn | None:
    """那X呢 where X names a sibling: the last question about X answered inside that sibling; when no
    rewording finds it there, the sibling itself (its heading in the heading form, else its content)."""
    kb = matcher.kb
    passages = set(_subpoint(kb.document(sibling), sibling)[1].passage_ids)         if node_level(kb, sibling) == SUBPOINT else {sibling}
    if ctx.form != HEADING:
        for candidate in _parallel(previous, sibling, ctx, kb) + rewrites(previous, x, kb, ctx.topic):
            result = matcher.ask(candidate)
            inside = [a for a in result.answers if a.passage_id in passages] if result.status == ANSWERED else []
            if inside:
                opening = _opening_duty_of_sibling(sibling, ctx, kb)
                if opening and opening not in inside[0].sentence_ids \
                        and not _holds_more_asked(inside[0].text, kb.sentences[opening].text, previous, x, ctx):
                    result = _built(message, quote(kb, [opening], _limit(matcher), inside[0].score), kb, matcher)
                    return _turn(message, candidate, result, now, kb, ELLIPTIC, inherit=ctx, topic=x, form=ctx.form)
                if inside[0] is not result.best:
                    result = replace(result, answers=(inside[0],) + tuple(a for a in result.answers
                                                                          if a is not inside[0]))
                return _turn(message, candidate, result, now, kb, ELLIPTIC, inherit=ctx, topic=x, form=ctx.form)
    turn = open_node(sibling, ctx, matcher, now, ctx.form)
    if turn.result is None or turn.result.status != ANSWERED:
        return None
    if ctx.form != HEADING and node_level(kb, sibling) == SUBPOINT:
        ids = _passage_sentences(kb, _first_passage(kb, sibling))
        answer = quote(kb, ids[1:] or ids, _limit(matcher))  # its content, after the heading sentence
        result = _built(message, answer, kb, matcher)
        return _turn(message, _node_title(kb, sibling), result, now, kb, ELLIPTIC, form=ctx.form)
    return Turn(message, turn.context, turn.result, None, ELLIPTIC, turn.question, turn.drill)


def _context_topic(ctx: Context, kb: KnowledgeBase) -> str:
    words = topics_of(ctx.question, kb)
    if not words and ctx.passage_id:
        p = kb.passages[ctx.passage_id]
        for title in reversed(p.path):
            words = topics_of(title, kb)
            if words:
                break
    return "".join(dict.fromkeys(words))


# 安全生产又怎么说，算条啥线 / 企业呢，又该咋办: a subject set against the last one (又, or closed by 呢), then its own
# question
_NEW_SUBJECT = re.compile(r"^(?:那么|那|而)?(?P<x>[^，,呢又]{2,8}?)(?:又|呢[，,]?)(?P<rest>.+)$")


def _said_of_new_subject(message: str, compact: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    """A question that sets a subject of its own against the last one (安全生产又怎么说，算条啥线 after what 高线
    means) — words the last question did not have, though too general to name a topic — is asked as it stands:
    the last topic put in front of it (高线安全生产…) would find the last answer again. None when it is not so said,
    or alone it finds nothing, or only the last quote again."""
    m = _NEW_SUBJECT.match(compact)
    if m is None or _INTERROGATIVE.search(m.group("x")) or not _INTERROGATIVE.search(m.group("rest")):
        return None
    if len(_content_chars(m.group("x")) - set(_compact(ctx.question))) < 2:
        return None
    alone = matcher.ask(message)
    last = ctx.result.best if ctx.result.status == ANSWERED else None
    if alone.status != ANSWERED or last is not None and set(alone.best.sentence_ids) <= set(last.sentence_ids):
        return None
    return _turn(message, message, alone, now, matcher.kb, ELLIPTIC, inherit=ctx)


def _topicless(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    kb = matcher.kb
    switched = _said_of_new_subject(message, compact, ctx, matcher, now)
    if switched is not None:
        return switched
    condition = _condition_here(compact, ctx, kb)
    if is_english(message) or topics_of(compact, kb) and not condition or len(compact) > 30:
        return None
    if not condition:
        elsewhere = _condition_elsewhere(compact, ctx, matcher)
        if elsewhere is not None:
            return _turn(message, message, elsewhere, now, kb)
    foreign = getattr(matcher, "foreign_topics", None) if not condition else None
    # 今天晚饭吃什么, 罚多少钱: a topic of its own, not the last one's. A single character in a verb's place
    # (谁来报, 谁去管: after 来 / 去 / 要 …; 为啥卡这么死: the predicate of a bare why) is read as a noun (报, a
    # newspaper) but is the verb.
    why = _bare_reason(compact, kb)
    if foreign is not None and any(len(w) > 1 or not why and not re.search(rf"(?:来|去|要|会|能|该|负责){re.escape(w)}",
                                                                           compact)
                                   for w in foreign(message)):
        return None
    split = _more_and_rest(message)  # 具体点，今年咋弄: what to do, after a request for detail (`_more_then_asked`)
    todo = _what_to_do(compact, ctx, kb, _limit(matcher)) or _how_in_its_rest(compact, ctx, kb, _limit(matcher)) \
        or (_what_to_do(_compact(split[1]), ctx, kb, _limit(matcher)) if split else None)
    if todo is None and ctx.form == REASON and _BARE_WHAT_THEN.match(compact):
        # 为啥说今年情况特殊 → 那咋办: no condition was stated, the reasons were: what to do for them
        todo = _what_to_do("要怎么做", ctx, kb, _limit(matcher))
    if todo is not None:
        question = (_context_topic(ctx, kb) or ctx.question) + compact
        return _turn(message, question, _built(message, todo, kb, matcher), now, kb, TOPICLESS, inherit=ctx)
    kind = asked_kind(compact)
    if kind:
        # 什么时候 / 谁来查 / 查出问题咋办: the sentence of the last answer's passage that says when, who, what then.
        answer = _kind_answer(compact, kind, ctx, kb, _limit(matcher))
        if answer is not None:
            question = (_context_topic(ctx, kb) or ctx.question) + compact
            return _turn(message, question, _built(message, answer, kb, matcher), now, kb, TOPICLESS, inherit=ctx)
    topic = _context_topic(ctx, kb)
    if not topic:
        # The last question named no topic word (为什么说今年情况特殊 → 要怎么做): answered alone when it can
        # be, else by the sentence of the last answer's passage that shares most of its words.
        alone = matcher.ask(message)
        if alone.status == ANSWERED or not ctx.passage_id or ctx.passage_id not in kb.passages:
            return None
        answer = _nearest_in_passage(compact, ctx, kb, _limit(matcher))
        return _turn(message, ctx.question + compact, _built(message, answer, kb, matcher), now, kb, TOPICLESS,
                     inherit=ctx)
    rewritten = topic + compact
    within = matcher.ask(rewritten)
    if within.status == ANSWERED and not _in_scope(within.best, ctx, kb):
        # Prefer an answer in the last answer's passage or sub-point when it is nearly as good.
        near = [a for a in within.answers if _in_scope(a, ctx, kb) and a.score >= within.best.score - 0.1]
        if near:
            answers = (near[0],) + tuple(a for a in within.answers if a is not near[0])
            within = Result(within.question, within.status, answers, within.suggestions, within.language,
                            within.normalized, within.nearest)
    if within.status == ANSWERED and _in_scope(within.best, ctx, kb):
        reason = _reason_instead(compact, within, ctx, kb, _limit(matcher)) or \
            _reasons_up_to(compact, within.best, ctx, kb, _limit(matcher)) or \
            _how_instead(compact, within, ctx, kb, _limit(matcher))
        if reason is not None:
            return _turn(message, rewritten, _built(message, reason, kb, matcher), now, kb, TOPICLESS, inherit=ctx)
        return _turn(message, rewritten, within, now, kb, TOPICLESS, inherit=ctx)
    alone = matcher.ask(message)
    kept = _asked_after_more(message, alone, ctx, matcher)
    if kept is not alone:
        return _turn(message, rewritten, kept, now, kb, TOPICLESS, inherit=ctx)
    if alone.status == ANSWERED:
        return _turn(message, message, alone, now, kb)
    if within.status == ANSWERED:
        return _turn(message, rewritten, within, now, kb, TOPICLESS, inherit=ctx)
    if ctx.passage_id:
        # Nothing answers it, alone or with the topic: the sentence of the last answer's passage that
        # shares most of its words (the last quote itself when none does).
        answer = _nearest_in_passage(compact, ctx, kb, _limit(matcher))
        return _turn(message, rewritten, _built(message, answer, kb, matcher), now, kb, TOPICLESS, inherit=ctx)
    return _turn(message, message, alone, now, kb)


# 那要咋做, 该怎么做, 我们得如何落实: what to do, asked of the last answer.
# 那要咋做, 今年打算咋整, 让下面具体咋弄: what to do (what one means to do, what others are told to do).
_WHAT_TO_DO = re.compile(r"(?:要|该|应该|应当|得|需要|打算|准备|计划|让[\u4e00-\u9fff]{1,4}?)(?:具体)?(?:咋|怎么|如何|怎样)"
                         r"(?:做|办|干|抓|落实|应对|整|弄|搞)|^(?:那|那么)?(?:具体)?(?:咋|怎么|如何)做"
                         # 那今年咋整 / 下一步怎么搞: a time or a subject of a word or two, then what to do
                         r"|^(?:那|那么)?(?!具体|详细|仔细|展开)[\u4e00-\u9fff]{1,3}?(?:具体)?(?:咋|怎么|如何)(?:做|干|整|弄|搞)")
# The words of a what-to-do question that say what to do (咋整, 打算怎么做), not when or who (今年, 我们).
_TO_DO_WORDS = re.compile(r"(?:要|该|应该|应当|得|需要|打算|准备|计划)?(?:具体)?(?:咋|怎么|如何|怎样)"
                          r"(?:做|办|干|抓|落实|应对|整|弄|搞)")
# 那咋办 / 该怎么办 alone: what then, or, after reasons (no condition stated), what to do.
_BARE_WHAT_THEN = re.compile(r"^(?:那|那么)?(?:该|要|得|应该)?(?:咋|怎么|如何)办(?:呢|啊|呀)?[?？]*$")
# A sentence that states what to do: 一定要…, 必须…, 要… / 请… at a clause's opening, 各乡镇要… (not 部门要求).
_STATES_DUTY = re.compile(r"一定要|必须|务必|应当|(?:^|[,，;；:：])(?:要|请)(?!求)|(?:我们|大家|乡镇|部门|企业|政府|单位|同志)要(?!求)")
# A 要 of a duty anywhere in a clause (今年在这方面要下大功夫), not of 需要 / 重要 / 主要 / 要求.
_SAYS_DUTY = re.compile(r"(?<![需重主只])要(?![求素害点])")


def _what_to_do(compact: str, ctx: Context, kb: KnowledgeBase, limit: int) -> Answer | None:
    """要咋做 after a quote that states a fact and no duty (安全生产问题既是…也是重大的政治问题): the next sentence
    of its passage that says what to do. None when the quote states a duty itself (it is the answer's place),
    unless it answered why (为什么今年要格外重视…): then what to do is the duty those reasons lead to, after them."""
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if not _WHAT_TO_DO.search(compact) or best is None or best.kind != "quote" or not best.sentence_ids:
        return None
    if _STATES_DUTY.search(best.text) and ctx.form != REASON or best.passage_id not in kb.passages:
        return None
    sentences = _passage_sentences(kb, best.passage_id)
    if best.sentence_ids[-1] not in sentences:
        return None
    after = sentences[sentences.index(best.sentence_ids[-1]) + 1:]
    # (a conclusion drawn from the quote that says what must be done is one: 这说明…今年在这方面要下大功夫)
    duty = next((sid for sid in after if _STATES_DUTY.search(kb.sentences[sid].text)
                 or _CONCLUDES.match(kb.sentences[sid].text) and _SAYS_DUTY.search(kb.sentences[sid].text)), None)
    # 那今年打算咋整: a duty said in the question's own words (今年…要下大功夫) comes first, when one follows.
    words = _TO_DO_WORDS.sub("", compact)
    chars = {c for c in words if c not in _FUNCTION_CHARS and c not in "那么具体"}
    own = [sid for sid in (duty and after[:after.index(duty)] or after) if _SAYS_DUTY.search(kb.sentences[sid].text)
           and len(chars & set(kb.sentences[sid].text)) >= 2]
    if not own:
        # …or, unread, just before the quote (今年在这方面要下大功夫。 before 有针对性组织…大排查, the quote)
        before = sentences[: sentences.index(best.sentence_ids[0])] if best.sentence_ids[0] in sentences else []
        own = [sid for sid in reversed(before) if sid not in ctx.seen and _SAYS_DUTY.search(kb.sentences[sid].text)
               and len(chars & set(kb.sentences[sid].text)) >= 2][:1]
    if own:
        duty = own[0]
    if duty is None:
        return None
    run = [duty]
    rest = sentences[sentences.index(duty) + 1:]
    if _CONCLUDES.match(kb.sentences[duty].text) and rest:
        # 这说明…今年在这方面要下大功夫: a duty concluded from what was quoted names the intent; the sentence after
        # it says what is to be done (有针对性组织…大排查), so both are the answer
        run.append(rest[0])
    return quote(kb, run, limit)


# A sentence that opens by concluding from what was said before it (这说明, 由此可见, 可见, 这表明).
_CONCLUDES = re.compile(r"^(?:这|这就|这些|以上|由此)?(?:说明|表明|可见|看出)")


# 为什么？ 为啥这么要求 / 凭什么: why, of the last answer, naming nothing else.
_BARE_REASON = re.compile(r"^(?:那|那么)?(?:这是|这|那)?(?:为什么|为啥|为何|凭什么|凭啥|什么原因|啥原因|原因是什么|原因呢)"
                          r"(?:呢|啊|呀)?(?P<pred>[\u4e00-\u9fff]{0,5}?)(?:呢|啊|呀)?[?？]*$")


def _bare_reason(compact: str, kb: KnowledgeBase) -> bool:
    """为什么 / 为啥这么严 / 为啥卡这么死 / 凭啥不让干: why, of the last answer, its predicate naming nothing (no topic
    word, nothing else asked)."""
    m = _BARE_REASON.match(compact)
    return bool(m) and not _INTERROGATIVE.search(m.group("pred")) and not topics_of(m.group("pred"), kb)
# A sentence that gives a reason: a cause, a lesson, a consequence, what something is prone to.
_GIVES_REASON = re.compile(r"因为|由于|之所以|原因|告诉我们|决定的|说明|导致|造成|伤亡|死亡|容易|教训惨痛|经验教训|一旦")


# A requirement of its own (要进一步完善…, 必须…) is another duty, not the reason for one: it gives a reason only
# by a cause or a lesson said outright (its 一旦 / 伤亡 are the duty's purpose: 确保一旦发生险情…减少人员伤亡).
_REQUIREMENT_OPENING = re.compile(r"^(?:同时|此外|另外)?[,，]?(?:要|必须|务必|应当|需要)")
_STATES_CAUSE = re.compile(r"因为|由于|之所以|原因|告诉我们|决定的|说明|教训|容易")


def _reason_giving(text: str) -> bool:
    if _REQUIREMENT_OPENING.match(text):
        return bool(_STATES_CAUSE.search(text))
    return bool(_GIVES_REASON.search(text))


def _reason_instead(compact: str, within: Result, ctx: Context, kb: KnowledgeBase, limit: int) -> Answer | None:
    """为什么 after a requirement, answered by that requirement again (its sentence gives no reason): the
    sentence of the same passage nearest before it that gives one (……伤亡最为严重的事故; ……特别容易忽视), or
    after it when none comes before. None when the repeated quote gives a reason itself, or no sentence does."""
    last = ctx.result.best if ctx.result.status == ANSWERED else None
    if not _bare_reason(compact, kb) or last is None or not last.sentence_ids or not ctx.passage_id:
        return None
    if set(within.best.sentence_ids) != set(last.sentence_ids) or _GIVES_REASON.search(within.best.text):
        return None
    sentences = _passage_sentences(kb, ctx.passage_id)
    own = [i for i, sid in enumerate(sentences) if sid in set(last.sentence_ids)]
    if not own:
        return None
    giving = [i for i, sid in enumerate(sentences) if i not in own and _reason_giving(kb.sentences[sid].text)]
    before = [i for i in giving if i < own[0]]
    pick = before[-1] if before else next((i for i in giving if i > own[-1]), None)
    if pick is None:
        return None
    # The reasons said in a row right before it (a lesson, then what makes it likely again) are given together.
    start = pick - 1 if before and pick - 1 in giving and pick == own[0] - 1 else pick
    with_own = _with_own_purpose(sentences[start: pick + 1], last.sentence_ids, kb, limit)
    if with_own is not None:
        return with_own
    answer = quote(kb, sentences[start: pick + 1], limit)
    return answer if len(answer.text) <= limit else quote(kb, sentences[pick: pick + 1], limit)


def _with_own_purpose(reasons: list[str], duty: tuple[str, ...] | list[str], kb: KnowledgeBase,
                      limit: int) -> Answer | None:
    """为啥 after a duty whose own sentence states what it is for (…严禁赶工期,时间服从质量、服从安全,确保工程质量和
    人员安全): the reasons said right before it are quoted with the duty itself, whose purpose is part of the why,
    when they fit. None when the duty states no purpose or the reasons do not lead straight into it."""
    if not reasons or not duty or not any(_PURPOSE_CLAUSE.search(kb.sentences[sid].text) for sid in duty):
        return None
    sentences = _passage_sentences(kb, kb.passage_of(reasons[0]).id)
    if reasons[-1] not in sentences or duty[0] not in sentences \
            or sentences.index(duty[0]) != sentences.index(reasons[-1]) + 1:
        return None
    answer = quote(kb, list(reasons) + list(duty), limit)
    return answer if len(answer.text) <= limit and len(answer.sentence_ids) == len(reasons) + len(duty) else None


def _reasons_up_to(compact: str, found: Answer, ctx: Context, kb: KnowledgeBase, limit: int) -> Answer | None:
    """为啥 after a duty, answered by a reason said earlier in the duty's passage (去年……特别重大事故。这是…教训惨痛。):
    when every sentence between that reason and the duty gives a reason too (…节后陆续开工,…特别容易忽视。), the
    reasons are said in a row up to the duty and are quoted together, when they fit. None otherwise."""
    last = ctx.result.best if ctx.result.status == ANSWERED else None
    if (not _bare_reason(compact, kb) or last is None or not last.sentence_ids or not found.sentence_ids
            or found.kind != "quote" or found.passage_id != ctx.passage_id):
        return None
    sentences = _passage_sentences(kb, ctx.passage_id)
    if last.sentence_ids[0] not in sentences or found.sentence_ids[-1] not in sentences:
        return None
    end, start = sentences.index(last.sentence_ids[0]), sentences.index(found.sentence_ids[-1]) + 1
    between = sentences[start:end]
    if not between or not all(_reason_giving(kb.sentences[sid].text) for sid in between):
        return None
    with_own = _with_own_purpose(list(found.sentence_ids) + between, last.sentence_ids, kb, limit)
    if with_own is not None:
        return with_own
    answer = quote(kb, list(found.sentence_ids) + between, limit, found.score)
    return answer if len(answer.text) <= limit else None


def _how_in_its_rest(compact: str, ctx: Context, kb: KnowledgeBase, limit: int) -> Answer | None:
    """怎么落实 / 咋执行 after a one-sentence quote whose opening clauses answered (要制定…“两张清单”并向社会公布,)
    and whose clauses after them go on about it (日常照单监管,失职照单追责,严格执行“一票否决”…, `_unread_rest`):
    how it is carried out is said there, so that sentence answers. None otherwise."""
    last = ctx.result.best if ctx.result.status == ANSWERED else None
    if not _HOW_OF_IT.match(compact) or last is None or last.kind != "quote" or len(last.sentence_ids) != 1:
        return None
    sid = last.sentence_ids[0]
    if sid not in kb.sentences or not _unread_rest(sid, ctx.question, kb):
        return None
    return quote(kb, [sid], limit, last.score)


def _how_instead(compact: str, within: Result, ctx: Context, kb: KnowledgeBase, limit: int) -> Answer | None:
    """怎么守 after a duty (…必须坚决守住), answered by that duty again: how is what the passage goes on to require,
    the next sentence after it that states a duty (我们一定要…始终绷紧安全生产这根弦…). None when the answer found is
    another, or no duty follows in the passage."""
    last = ctx.result.best if ctx.result.status == ANSWERED else None
    if (not _HOW_OF_IT.match(compact) or last is None or not last.sentence_ids or not within.best.sentence_ids
            or set(within.best.sentence_ids) != set(last.sentence_ids) or ctx.passage_id not in kb.passages):
        return None
    sentences = _passage_sentences(kb, ctx.passage_id)
    if last.sentence_ids[-1] not in sentences:
        return None
    after = sentences[sentences.index(last.sentence_ids[-1]) + 1:]
    duty = next((sid for sid in after if _STATES_DUTY.search(kb.sentences[sid].text)), None)
    return quote(kb, [duty], limit, within.best.score) if duty else None


# 这个为了啥, 为啥这么安排, 这个为啥重要, 目的是什么: why (or what for), of the last answer, naming nothing else.
_BARE_PURPOSE = re.compile(
    r"^(?:那|那么)?(?:这个|那个|这|那)?(?:这样|这么)?(?:做|安排|要求|规定|部署|搞)?(?:是|又是)?(?:为什么|为啥|为何|为了啥|为了什么|图啥|图什么|"
    r"目的是什么|目的是啥|目的何在|啥目的|什么目的|有啥用|有什么用|用意是什么|啥用意|有什么意义|有啥意义|"
    # what it is to achieve: 要达到啥效果, 起到什么作用, 想实现什么, 效果是啥
    r"(?:要|想|能|得|需要|应该)?(?:达到|起到|实现|取得|收到)(?:个|一个)?(?:什么|啥|怎样的|什么样的?|哪些)(?:样的?)?(?:效果|作用|目的|目标|结果)?|"
    r"(?:效果|作用|目标)(?:是什么|是啥|如何|怎么样))"
    r"(?:呢|啊|呀)?(?:要|会|得)?(?:这么|这样|如此)?(?:说|讲|要求|规定|做|强调|安排|部署|搞|干|抓|重要|关键|必要|严|严格|重视)?"
    r"(?:呢|啊|呀)?[?？]*$")
# A clause that states what a duty is for: 确保…, 形成…格局, 以便…, 从而… (not the sentence's first clause).
# A clause opened by a bare 以 states its aim too (…做得更好,以优异成绩迎接…), unless it is 以X为Y (以人为本).
_PURPOSE_CLAUSE = re.compile(r"[,，;；](?:以确保|确保|以便|以免|从而|进而|为了|形成|力争|保证|保障"
                             r"|以(?![^,，;；。]*为)(?=[^,，;；。]{4,}[,，;；。!！]?))")


def _purpose(message: str, compact: str, core: str, ctx: Context, matcher: MatcherLike, now: float) -> Turn | None:
    """为啥这么安排 / 这个为了啥 after a quote whose sentence states a duty and then what it is for (…进行综合监管、
    督查检查,协调各方…,形成既各负其责、又齐抓共管的工作格局; …储备,切实提高应急处置能力,确保…): that sentence,
    whose purpose clause is the answer. None when no quoted sentence has one, or when the sentence just before
    the quote gives a cause outright (a lesson, 容易忽视: `_reason_instead` reads that)."""
    kb = matcher.kb
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    if not _BARE_PURPOSE.match(compact) or best is None or best.kind != "quote" or not best.sentence_ids:
        return None
    if best.passage_id not in kb.passages:
        return None
    purposed = [s for s in best.sentence_ids if _PURPOSE_CLAUSE.search(kb.sentences[s].text)]
    if not purposed:
        return None
    own = _passage_sentences(kb, best.passage_id)
    first = own.index(best.sentence_ids[0]) if best.sentence_ids[0] in own else 0
    if first > 0 and _reason_giving(kb.sentences[own[first - 1]].text):
        return None
    answer = quote(kb, purposed[:1], _limit(matcher))
    question = (_context_topic(ctx, kb) or ctx.question) + compact
    return _turn(message, question, _built(message, answer, kb, matcher), now, kb, TOPICLESS, inherit=ctx)


_FUNCTION_CHARS = set("什么怎样谁来的了吗呢要是有哪几多少啥咋办做搞弄该去能会可以还得就那这个些吧啊呀我们你他她它")


def _nearest_in_passage(compact: str, ctx: Context, kb: KnowledgeBase, limit: int) -> Answer:
    chars = {c for c in compact if c not in _FUNCTION_CHARS}
    sentences = _passage_sentences(kb, ctx.passage_id)
    seen = set(ctx.seen)

    def score(i: int) -> tuple[float, int]:
        text = kb.sentences[sentences[i]].text
        return sum(c in text for c in chars) + (0.5 if sentences[i] in seen else 0.0), -i

    i = max(range(len(sentences)), key=score)
    ids = sentences[i:i + 2] if len(kb.sentences[sentences[i]].text) < 30 else sentences[i:i + 1]
    return quote(kb, ids, limit)


# ----- what a topic-less question asks for -----
# A question word names the KIND of thing asked (a time, an agent, what happens then, what to watch);
# a sentence carries that kind when it has the matching feature. Both are shapes of the language, not
# phrases of one speech: 什么时候 asks for a time, and a time is 节后 / 期间 / 第一时间 in any text.
TIME, AGENT, HANDLING, CAUTION = "time", "agent", "handling", "caution"
# 要是真出事了呢, 要是有的地方不查不改呢, 万一核查不合格呢: a situation (something that happened, or was not
# done) after 要是 / 如果 / 万一, and nothing asked of it.
_CONDITION = re.compile(
    r"^(?:那么|那)?(?P<lead>要是|如果|万一|假如|假若|倘若|一旦)(?=[^，,。?？]*(?:了|不|没))(?P<x>[^，,。?？]{2,12}?)(?:的话)?呢[?？]*$")
_ASKED = (
    (TIME, re.compile(r"什么时候|啥时候|什么时间|啥时间|何时|几时|哪天|哪一天|多会儿|哪个时候|哪段时间|什么阶段")),
    (AGENT, re.compile(r"谁|哪个部门|哪些部门|哪个单位|哪些单位|哪级|什么部门|什么单位|什么人|哪些人|哪个人")),
    # 查出问题咋办 asks what then; 今年要咋办 / 该怎么办 ask what to do (a method, which the matcher answers).
    (HANDLING, re.compile(r"(?<![要该应当])(?:咋办|怎么办|怎么处理|如何处理|怎么处置|如何处置|怎么弄|怎么搞|会怎样|会怎么样|会咋样|会如何|咋处理|后果|怎么处罚|咋整)"
                          # 那要是真出事了呢, 万一核查不合格呢: a condition and nothing asked of it — what then
                          r"|" + _CONDITION.pattern)),
    (CAUTION, re.compile(r"注意(?:什么|啥|哪些|些什么)|要当心|当心什么|小心什么|留意什么|禁止什么|不能做什么|不准做什么")),
)
_CARRIES = {
    # A time expression: before / after / during an occasion, a moment, a period, a frequency.
    TIME: re.compile(r"[节年会季月周天日]前|之前|以前|事前|前夕|[节年会]后|之后|以后|期间|时刻|时候|时期|第一时间|全年|"
                     r"最近|近期|今年|去年|明年|当前|目前|春节|一段时间|日常|每[年季月周天日]|\d+小时|随时|立即|马上|已过"),
    # An agent: an organisation or a role, then what it must do (各乡镇…要, 县应急管理局要, 一把手要).
    AGENT: re.compile(r"(?:委员会|安委会|局|厅|委|办|部门|单位|乡镇|企业|党委|政府|专家|人员|同志|班子|一把手|成员)"
                      r"(?:[、和与及][^，,；;。:：]{1,8}?)?(?:要(?!求)|必须|应当|应|须|负责|负总责)"),
    # What then: a consequence, a sanction, a handling (一律…, 停产整顿, 追责, 依法处置, 一旦…, 遇有…).
    HANDLING: re.compile(r"一律|处置|处理|整顿|追责|问责|否决|处罚|不准|决不|严肃|依法|整改|救援|一旦|遇有"),
    # What to watch: prohibitions and musts.
    CAUTION: re.compile(r"严禁|禁止|不准|不得|不能|必须|务必|严格|切实|认真|一律|确保|防止|避免|杜绝|警惕|特别|注意"),
}


def _condition_here(compact: str, ctx: Context, kb: KnowledgeBase) -> bool:
    """A condition (要是…不…呢) said in the words of the last answer's passage: its topic words stand there, and
    most of its other characters too — what then in that passage, not the last question asked of a new topic
    (要是现场核查不合格呢 after the 复工复产 duties), nor a word the matcher does not know (压根) a foreign topic."""
    m = _CONDITION.match(compact)
    if not m or not ctx.passage_id or ctx.passage_id not in kb.passages:
        return False
    passage = kb.passages[ctx.passage_id]
    text = _compact("".join(kb.sentences[s].text for s in passage.sentence_ids))
    for word in topics_of(m.group("x"), kb):
        if not any(f and f in text for f in {word, *(_compact(c) for c in kb.synonyms.get(word, ()))}):
            return False
    chars = [c for c in m.group("x") if c not in _FUNCTION_CHARS]
    return bool(chars) and sum(c in text for c in chars) * 2 > len(chars)


def _condition_elsewhere(compact: str, ctx: Context, matcher: MatcherLike) -> Result | None:
    """A condition (万一出了险情呢) whose words the last answer's passage does not say (no more than half of its
    characters besides function words) but the passage the matcher finds for it alone says (more than half) is a
    new question, answered there, not what then in the last passage. None otherwise."""
    m = _CONDITION.match(compact)
    kb = matcher.kb
    if not m or not ctx.passage_id or ctx.passage_id not in kb.passages:
        return None
    chars = [c for c in m.group("x") if c not in _FUNCTION_CHARS]
    here = _compact("".join(kb.sentences[s].text for s in kb.passages[ctx.passage_id].sentence_ids))
    if not chars or sum(c in here for c in chars) * 2 > len(chars):
        return None
    alone = matcher.ask(compact)
    if alone.status != ANSWERED or alone.best.kind != "quote" or alone.best.passage_id == ctx.passage_id:
        return None
    there = _compact(alone.best.text)
    return alone if sum(c in there for c in chars) * 2 > len(chars) else None


def asked_kind(question: str) -> str:
    """The kind of thing a question asks for: time | agent | handling | caution, or "" (none of them)."""
    q = _compact(question)
    return next((kind for kind, words in _ASKED if words.search(q)), "")


def carries(sentence: str, kind: str) -> bool:
    """Whether a sentence carries a thing of that kind (a time expression, an agent with its duty …)."""
    pattern = _CARRIES.get(kind)
    return bool(pattern and pattern.search(_compact(sentence)))


# 要做到这个, 为了实现这一点, 这样做的话: the last quote named as the goal the question asks about.
_TOWARDS_LAST = re.compile(r"(?:做到|达到|实现|守住|落实|做好)(?:这|那)(?:个|些|一?点|样)?|这样做|要这样")


def _kind_answer(compact: str, kind: str, ctx: Context, kb: KnowledgeBase, limit: int) -> Answer | None:
    """The sentence of the last answer's passage that carries what is asked: one that has the asked kind,
    then shares the question's own words, then is the last answer's own (it was on topic), then is near it.
    None when no sentence of the passage carries the kind."""
    if not ctx.passage_id or ctx.passage_id not in kb.passages or not _topic_stands_in(ctx, kb):
        return None
    sentences = _passage_sentences(kb, ctx.passage_id)
    best = ctx.result.best if ctx.result.status == ANSWERED else None
    own = [s for s in (best.sentence_ids if best is not None else ()) if s in sentences]
    anchor = sentences.index(own[0]) if own else 0
    # 要做到这个得注意啥: the last quote is the goal (its words are no clue), what to watch for it is said beside it
    own_weight = -1.0 if _TOWARDS_LAST.search(compact) else 1.0
    # 要注意什么 after a fact (…节后陆续开工,…特别容易忽视): what to watch is a duty (严禁…, 必须…), as what to do is
    duty_asked = kind == CAUTION and best is not None and not _STATES_DUTY.search(best.text)
    if duty_asked:
        own_weight = 0.0
    # 最近要注意啥: asked of a time, the sentence saying what to do then (全年特别是最近一段时间,…要…)
    timed = kind != TIME and bool(_CARRIES[TIME].search(compact))
    words = _TOWARDS_LAST.sub("", dict(_ASKED)[kind].sub("", compact))
    chars = {c for c in words if c not in _FUNCTION_CHARS}

    def score(i: int) -> float:
        text = kb.sentences[sentences[i]].text
        fits = 2.0 if carries(text, kind) else 0.0
        fits += 1.0 if duty_asked and fits and _STATES_DUTY.search(text) else 0.0
        fits += 1.0 if timed and fits and carries(text, TIME) else 0.0
        shared = 0.5 * sum(c in text for c in chars)
        # the last answer's own sentence was on topic; it comes first among those carrying what is asked
        return fits + shared + (own_weight if sentences[i] in own and fits else 0.0) - 0.05 * abs(i - anchor)

    if not any(carries(kb.sentences[s].text, kind) for s in sentences):
        return _kind_nearby(kind, chars, ctx, kb, sentences, own, anchor, limit)
    i = max(range(len(sentences)), key=score)
    return quote(kb, sentences[i:i + 1], limit)


# An agent named without a duty verb after it (领导干部到岗带班, 政府部门安全生产的责任): weaker evidence of who.
# A person named by an office (X县长, 局长, 书记, 主任) is an agent too.
_AGENT_NAMED = re.compile(r"委员会|安委会|局|部门|单位|乡镇|企业|党委|政府|专家|人员|同志|班子|一把手|干部|领导"
                          r"|[省市县区乡镇村厂矿局处科队组部]长|书记|主任|主席|经理")


def _kind_nearby(kind: str, chars: set[str], ctx: Context, kb: KnowledgeBase, sentences: list[str], own: list[str],
                 anchor: int, limit: int) -> Answer | None:
    """No sentence of the passage carries the asked kind outright. Candidates: a sentence of the passage that
    names an agent (for 谁), the last answer's own sentence (it was on topic), and a sentence of the same point that carries the kind and shares a word of the
    question (部门监管责任 → 谁来监督: 县政府安委会要对…各部门…综合监管、督查检查). None when neither exists."""
    scored: list[tuple[float, str]] = []
    for i, sid in enumerate(sentences):
        text = kb.sentences[sid].text
        shared = 0.5 * sum(c in text for c in chars)
        if kind == AGENT and _AGENT_NAMED.search(text):
            # who did the thing asked about (谁部署的): a sentence naming someone AND the question's own verb
            shared *= 1.5
            scored.append((1.0 + shared + (1.0 if sid in own else 0.0) - 0.05 * abs(i - anchor), sid))
        elif sid in own:  # the last answer's own sentence, naming no one: still on topic
            scored.append((1.0 + shared, sid))
    point = kb.passages[ctx.passage_id].section_id
    topic = [w for w in (topics_of(ctx.topic, kb) if ctx.topic else []) if len(w) >= 2]
    for pid, passage in kb.passages.items():
        if not topic or pid == ctx.passage_id or passage.section_id != point:
            continue
        for sid in passage.sentence_ids:
            text = _compact(kb.sentences[sid].text)
            shared = sum(c in text for c in chars)
            # it must carry the kind, share a word of the question and name the last question's topic
            if shared and carries(text, kind) and any(w in text or w[:2] in text for w in topic):
                scored.append((1.0 + 0.75 * shared, sid))
    if not scored:
        return None
    return quote(kb, [max(scored, key=lambda x: x[0])[1]], limit)


def _topic_stands_in(ctx: Context, kb: KnowledgeBase) -> bool:
    """Whether the last question's topic words (or the speech's words for them) stand in the last answer's
    passage or its title path: when they do not, the last answer was not about its question's topic, and
    its passage is no place to look for when / who / what then."""
    words = topics_of(ctx.topic, kb) if ctx.topic else []
    if not words:
        return True
    passage = kb.passages[ctx.passage_id]
    text = _compact("".join(kb.sentences[s].text for s in passage.sentence_ids) + "".join(passage.path))
    for word in words:
        forms = {word, *(_compact(c) for c in kb.synonyms.get(word, ()))}
        if any(f and f in text for f in forms):
            return True
    return False
