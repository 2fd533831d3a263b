"""The numbers of official documents (Vietnamese legal documents above all) and the dates given to them.

A Vietnamese document's number carries its kind: 787/QĐ-BYT is a decision (quyết định) of the Ministry of
Health (BYT), 03/NQ-CP a resolution (nghị quyết) of the Government (CP), 57-NQ/TW a resolution of the Party's
Central Committee, 2121/KH-BYT a plan (kế hoạch). So "What is the number of the decision that …?" is answered
by a QĐ number, not by the resolution numbers beside it, in any language the text is written in.
"""

from __future__ import annotations

import re
import unicodedata

# (?<!\d): a code starts where a run of digits does, so a long run of digits is read once, not once per digit
CODE = r"(?<!\d)\d+(?:/\d+)*/[A-ZĐ][A-Za-z0-9Đđ-]*|(?<!\d)\d+-[A-ZĐ]{2,}/[A-Z]{2,}"
_TYPED_CODE = re.compile(r"\d+(?:/(?:19|20)\d{2})?/([A-ZĐ]{2,})-[A-Z]+|\d+-([A-ZĐ]{2,})/[A-Z]+")
# the kind of document a question asks about, in its words, and the letters its number is written with
_KINDS = (
    ("QD", r"\bdecisions?\b|決定|quyết định"),
    ("NQ", r"\bresolutions?\b|決議|nghị quyết"),
    ("KH", r"\bplans?\b|計画|kế hoạch"),
    ("ND", r"\bdecrees?\b|政令|nghị định"),
    ("TT", r"\bcirculars?\b|通達|通知|thông tư"),
    ("CT", r"\bdirectives?\b|指示|chỉ thị"),
)
_KIND_RE = tuple((letters, re.compile(pattern, re.IGNORECASE)) for letters, pattern in _KINDS)
_DATE = (
    r"(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
    r"|(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?: \d{1,2})?,? (?:19|20)\d{2}"
    r"|\d{1,2} tháng \d{1,2} năm (?:19|20)\d{2}"
)
# a date bound to a document: "<date>付(の)…第<code>号", "<code> dated <date>", "<code> ngày <date>"
_DATE_THEN_CODE = re.compile(rf"({_DATE})付け?の?[^、。,.]{{0,24}}?({CODE})")
_CODE_THEN_DATE = re.compile(rf"({CODE})[^,.;、。]{{0,12}}?\b(?:dated|of|on|ngày)\s+({_DATE})", re.IGNORECASE)
# the date of an act of issuing, bound to the document issued: "2025年1月9日に…決議第57号を実施するための…
# 決議第03/NQ-CP号を発行しました" dates 03/NQ-CP, not 57-NQ/TW (a Japanese sentence puts what was issued
# right before を発行, and no other date may come between); "On 9 January 2025, the Government issued
# Resolution No. 03/NQ-CP on implementing Resolution 57-NQ/TW" and "Ngày 9/1/2025, Chính phủ ban hành Nghị
# quyết số 03/NQ-CP" date the verb's object only (a few words may name its kind), not a code further on
_ISSUED_JA = r"を(?:発行|公布|発表|採択|承認|制定|発出|署名|締結|発令|出し)"
_ISSUED = r"\b(?:issued|promulgated|adopted|approved|signed|passed|ban hành|(?<!đăng )ký|phê duyệt)\b"
_DATE_ISSUED_JA = re.compile(rf"({_DATE})(?:に|、|,)(?:(?!{_DATE})[^。]){{0,120}}?({CODE})号?{_ISSUED_JA}")
# words between the verb and a code that make the code no object of it ("approved under Resolution 57")
_NOT_KIND = r"(?:under|in|by|for|with|of|to|on|from|pursuant|according|per|theo|về|của|cho|tại|để)"
_DATE_ISSUED = re.compile(
    rf"({_DATE}),?\s(?:(?!{_DATE})[^.;。]){{0,60}}?{_ISSUED}\s+(?:(?:the|a|an)\s+)?(?:(?!{_NOT_KIND}\b)[\w-]+\s+){{0,3}}?"
    rf"(?:No\.?\s*|số\s+)?({CODE})",
    re.IGNORECASE,
)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def codes(text: str) -> set[str]:
    """The document numbers a text gives, upper-case, Đ written D (787/QĐ-BYT is 787/QD-BYT in a Japanese
    or English text)."""
    return {_folded(m.group(0)) for m in re.finditer(CODE, _nfkc(text))}


def _folded(code: str) -> str:
    return code.upper().replace("Đ", "D")


def code_kind(code: str) -> str | None:
    """The kind letters of a document number (QD for 787/QĐ-BYT, NQ for 57-NQ/TW), None when it has none
    (193/2025/QH15 names its issuer only)."""
    m = _TYPED_CODE.fullmatch(_folded(code))
    return (m.group(1) or m.group(2)) if m else None


def asked_kinds(question: str) -> set[str]:
    """The kinds of document a question names ("the number of the decision that …" → QD)."""
    q = _nfkc(question)
    return {letters for letters, pattern in _KIND_RE if pattern.search(q)}


def new_code_of_kind(question: str, text: str) -> bool:
    """Does the text give a document number the question does not, of a kind the question asks about
    (any kind when it names none, or when the number shows none)?"""
    fresh = codes(text) - codes(question)
    if not fresh:
        return False
    wanted = asked_kinds(question)
    if not wanted:
        return True
    # the question's own documents name kinds too ("the decision that issued the plan for Resolution 03"):
    # a kind only the question's own numbers have is not the one asked for
    wanted -= {code_kind(c) for c in codes(question)} - {None}
    return not wanted or any(code_kind(c) in wanted or code_kind(c) is None for c in fresh)


def dated_codes(text: str) -> dict[str, str]:
    """The document numbers a text dates, each with its date."""
    t = _nfkc(text)
    out = {_folded(m.group(2)): m.group(1) for m in _DATE_THEN_CODE.finditer(t)}
    out.update({_folded(m.group(1)): m.group(2) for m in _CODE_THEN_DATE.finditer(t)})
    for pattern in (_DATE_ISSUED_JA, _DATE_ISSUED):
        for m in pattern.finditer(t):
            out.setdefault(_folded(m.group(2)), m.group(1))
    return out


def date_count(text: str) -> int:
    return len(re.findall(_DATE, _nfkc(text)))
