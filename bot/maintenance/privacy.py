"""Personal data typed into questions, masked before a question is stored (`store.clean_question`).

People paste contact details into a bot ("请联系我 138 1234 5678", "发到 zhang.san@qq.com"). Stored
questions are shown to the knowledge keepers (`/misses`, `python -m bot misses`), so these are
replaced by ``#`` before anything is written:

* mobile numbers with or without separators (spaces, dots, dashes, slashes, underscores) and
  a +86 / 0086 / 86 prefix: 138 1234 5678, +86 138-1234-5678, 138.1234.5678;
* landline numbers with an area code: 0571-8888 8888, (010) 6512 3456, +86 10 6512 3456;
* e-mail addresses (also with full-width ＠ and spaces around @ and dots);
* 18-digit ID card numbers, ending in a digit or X, also grouped 6-8-4;
* bank card numbers of 16 to 19 digits, also grouped in fours;
* street addresses: a street, road, lane or village group with its house number, and the building,
  unit and room that follow (人民路12号, 幸福小区3栋2单元501室, 东关街8号院, 王庄村3组): the number part is
  masked, the place name kept (人民路#, 幸福小区#), so keepers still see what was asked about;
* and, as before, any run of 6 or more digits.

Masking runs on the text after Unicode NFKC (full-width digits and ＠ become ASCII), before the
question's punctuation is folded away, and once more on the folded text, so "138/1234/5678" and
"138，1234，5678" are masked too. Short numbers stay: 24小时, 第3点, 2023年, 10月15日, 119.
"""

from __future__ import annotations

import re
import unicodedata

MASK = "#"
_SEP = r"(?:[ \t.\-_/·]{0,3})"  # what people put between digit groups (after NFKC)
_SEP_CN = r"(?:[ \t.\-_/·,，、]{0,3})"  # …and commas, only inside a digit pattern that is already long
_CC_REQ = rf"(?:(?:(?:\+|00)\s*|(?<!\d))86{_SEP}|\(\s*\+?86\s*\){_SEP})"  # country code

_PATTERNS = [
    # e-mail: local part, @ (spaces around it allowed), domain with at least one dot
    re.compile(r"[A-Za-z0-9._%+\-]+\s*@\s*[A-Za-z0-9\-]+(?:\s*\.\s*[A-Za-z0-9\-]+)+"),
    # ID card: 6 + 8 + 3 digits and a check digit or X
    re.compile(rf"(?<!\d)\d{{6}}{_SEP}\d{{4}}{_SEP}?\d{{4}}{_SEP}\d{{3}}[\dXx](?![\dA-Za-z])"),
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
    # bank card: 16-19 digits, grouped by four (or not)
    re.compile(rf"(?<!\d)\d{{4}}(?:{_SEP_CN}\d{{4}}){{3}}(?:{_SEP_CN}\d{{1,3}})?(?!\d)"),
    # mobile: 1[3-9] and 9 more digits, any separators between digits
    re.compile(rf"(?:{_CC_REQ}|(?<!\d))1{_SEP_CN}[3-9](?:{_SEP_CN}\d){{9}}(?!\d)"),
    # landline: area code 0xx / 0xxx (or xx / xxx after +86), then 7-8 digits in one or two groups
    re.compile(rf"(?:{_CC_REQ}\(?\s*0?\d{{2,3}}\s*\)?|(?<!\d)\(?\s*0\d{{2,3}}\s*\)?){_SEP}\d{{3,4}}{_SEP}\d{{4}}(?!\d)"),
    # street address: a road/street/lane/estate (or village) name, then its numbers (号, 栋, 单元, 室, 组 …)
    re.compile(r"(?<=[路街道巷弄里村区苑园庄])(?:\s*[0-9一二三四五六七八九十百零〇]+\s*"
               r"(?:号院|号楼|号|弄|巷|栋|幢|座|单元|层|楼|室|户|组|队)(?:\s*[-之]\s*\d+)?)+"),
    # any long run of digits
    re.compile(r"\d{6,}"),
]


def mask_personal_data(text: str) -> str:
    """`text` (any form) with phone, ID card and bank card numbers and e-mail addresses replaced by '#'."""
    text = unicodedata.normalize("NFKC", text or "")
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text
