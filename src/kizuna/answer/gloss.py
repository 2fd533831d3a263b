"""A gloss for an answer in a language the reader did not ask in, built without a model.

A Vietnamese or English reader handed a Japanese sentence learns which language it is in and gets, in
their own language, what can be carried over exactly: its dates and quantities (facts.py writes them
again in the reader's conventions from their exact values, so a number is never changed), the names it
shares with the question, and — when the corpus holds one — a passage in the reader's language that states
the same dates and numbers (found among the answer passage's nearest neighbours by stored vectors).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from kizuna.answer.extract import years
from kizuna.answer.facts import Fact, find_facts, render_fact
from kizuna.answer.kinds import is_ordinal, spelled_beyond
from kizuna.index.model import Index
from kizuna.ingest.text import detect_lang, fold_diacritics

LANGUAGE_NAMES = {  # the name of each language, written in each reader's language
    "en": {"en": "English", "ja": "Japanese", "vi": "Vietnamese"},
    "ja": {"en": "英語", "ja": "日本語", "vi": "ベトナム語"},
    "vi": {"en": "tiếng Anh", "ja": "tiếng Nhật", "vi": "tiếng Việt"},
}
_NOTE = {
    "en": "The answer sentence is in {}.",
    "ja": "回答の文は{}です。",
    "vi": "Câu trả lời bằng {}.",
}
# what a declined question gets, in the question's language
NOT_FOUND_MESSAGES = {
    "en": "The corpus does not appear to answer this. The nearest passages are listed below, marked as weak.",
    "ja": "コーパスにはこの質問への答えが見当たりません。近い箇所を参考として下に示します（弱い一致）。",
    "vi": "Kho tài liệu dường như không trả lời câu hỏi này. Các đoạn gần nhất được liệt kê bên dưới, "
    "đánh dấu là yếu.",
}


# why, when a check can say it (Answer.declined_because); {years}: the years the question names; {names}:
# the names it gives that the answer's document never does (Answer.unnamed); {at}: which listed passage the
# closest sentence is in, " ([2])"
DECLINE_REASONS = {
    "en": {
        "no date": "The closest sentence{at} gives no date.",
        "no number": "The closest sentence{at} gives no count or amount of what is asked.",
        "no place": "The closest sentence{at} names no city, province or district.",
        "no district": "The closest sentence{at} names no district.",
        "years": "The document of the closest sentence{at} never mentions {years}.",
        "day": "The document of the closest sentence{at} never mentions the day your question names.",
        "other years": "The closest sentence{at} speaks of other years than {years}.",
        "no person": "The closest sentence{at} names no person.",
        "another role": "The closest sentence{at} names a person in another post than the one asked about.",
        "value of another item": "The closest sentence{at} gives its figure for another item of its list.",
        "date of another document": "The closest sentence{at} dates another document.",
        "no end date": "The closest sentence{at} gives no end date or deadline.",
        "unnamed": "The document of the closest sentence{at} never names {names}.",
    },
    "ja": {
        "no date": "最も近い文{at}には日付がありません。",
        "no number": "最も近い文{at}には、問われている数や金額がありません。",
        "no place": "最も近い文{at}には都市や県の名前がありません。",
        "no district": "最も近い文{at}には区や郡の名前がありません。",
        "years": "最も近い文{at}の文書には{years}年への言及がありません。",
        "day": "最も近い文{at}の文書には、質問の日付への言及がありません。",
        "other years": "最も近い文{at}は{years}年以外の年について述べています。",
        "no person": "最も近い文{at}には人名がありません。",
        "another role": "最も近い文{at}の人物は、問われている役職とは別の役職の人です。",
        "value of another item": "最も近い文{at}の数値は、列挙された別の項目のものです。",
        "date of another document": "最も近い文{at}の日付は別の文書のものです。",
        "no end date": "最も近い文{at}には、終了日や期限が書かれていません。",
        "unnamed": "最も近い文{at}の文書には「{names}」が出てきません。",
    },
    "vi": {
        "no date": "Câu gần nhất{at} không có ngày tháng.",
        "no number": "Câu gần nhất{at} không có số lượng hay số tiền được hỏi.",
        "no place": "Câu gần nhất{at} không nêu thành phố, tỉnh hay quận nào.",
        "no district": "Câu gần nhất{at} không nêu quận, huyện nào.",
        "years": "Tài liệu chứa câu gần nhất{at} không nhắc đến năm {years}.",
        "day": "Tài liệu chứa câu gần nhất{at} không nhắc đến ngày mà câu hỏi nêu.",
        "other years": "Câu gần nhất{at} nói về những năm khác năm {years}.",
        "no person": "Câu gần nhất{at} không nêu tên người nào.",
        "another role": "Người được nêu trong câu gần nhất{at} giữ một chức vụ khác với chức vụ được hỏi.",
        "value of another item": "Số liệu trong câu gần nhất{at} thuộc về một mục khác trong danh sách.",
        "date of another document": "Ngày tháng trong câu gần nhất{at} là của một văn bản khác.",
        "no end date": "Câu gần nhất{at} không nêu thời hạn hay ngày kết thúc.",
        "unnamed": "Tài liệu chứa câu gần nhất{at} không nhắc đến {names}.",
    },
}


def not_found_message(
    question: str, reason: str | None = None, names: tuple[str, ...] = (), hit: int | None = None
) -> str:
    """The abstention message in the question's language, with the reason a check gave, if any, and which
    of the listed passages ([hit]) the closest sentence is in (not always the first)."""
    lang = detect_lang(question)
    message = NOT_FOUND_MESSAGES.get(lang, NOT_FOUND_MESSAGES["en"])
    because = DECLINE_REASONS.get(lang, DECLINE_REASONS["en"]).get(reason or "")
    if because is None:
        return message
    asked = ", ".join(sorted(years(question)))
    # after the first sentence ("… does not appear to answer this."), before the pointer to the passages
    cut = message.index("。" if lang == "ja" else ". ") + 1
    space = "" if lang == "ja" else " "
    named = ("、" if lang == "ja" else ", ").join(names)
    at = ("" if hit is None else f"（[{hit}]）") if lang == "ja" else ("" if hit is None else f" ([{hit}])")
    return f"{message[:cut]}{space}{because.format(years=asked, names=named, at=at)}{message[cut:]}"


# a declined question's closest sentence, shown beneath the message so the reader can judge it (it is not
# given as the answer: too unsure, or a check said why it does not answer)
CLOSEST_LABELS = {
    "en": ("Closest sentence, not given as an answer ([{hit}]{confidence}):", ", confidence {:.2f}"),
    "ja": ("答えとしなかった最も近い文（[{hit}]{confidence}）：", "、確信度 {:.2f}"),
    "vi": ("Câu gần nhất, không được đưa ra làm câu trả lời ([{hit}]{confidence}):", ", độ tin cậy {:.2f}"),
}


def closest_label(question: str, hit: int, confidence: float | None) -> str:
    """The label of a declined question's closest sentence, in the question's language; with its confidence
    when that is why it was declined (`confidence` None when a check declined it: a high confidence beside
    "never names Kanagawa" would contradict the reason given)."""
    label, confident = CLOSEST_LABELS.get(detect_lang(question), CLOSEST_LABELS["en"])
    return label.format(hit=hit, confidence="" if confidence is None else confident.format(confidence))


_LABELS = {
    "en": ("Dates and figures", "Names also in your question", "The same facts in English"),
    "ja": ("日付と数値", "質問と共通の名前", "同じ事実を述べた日本語の箇所"),
    "vi": ("Ngày tháng và số liệu", "Tên riêng có trong câu hỏi", "Cùng dữ kiện bằng tiếng Việt"),
}
# a name: a run of Latin words that start with a capital or hold a digit (Takeda, VNeID, Ha Tay, COVID-19),
# or a katakana run (タケダ), or a kanji run of two or more
_LATIN = r"A-Za-z0-9/\u00c0-\u1ef9"
_NAME = re.compile(
    rf"(?:[A-Z\u00c0-\u1ef9][{_LATIN}.&'-]*|[{_LATIN}-]*\d[{_LATIN}-]*)(?:\s+[A-Z\u00c0-\u1ef9][{_LATIN}.&'-]*)*"
    r"|[\u30a0-\u30ff]{3,}|[\u4e00-\u9fff]{2,}"
)


@dataclass(frozen=True)
class Gloss:
    answer_lang: str
    reader_lang: str
    facts: tuple[tuple[str, str], ...]  # (written for the reader, as in the answer)
    names: tuple[str, ...]
    neighbour: str | None = None  # citation key of a passage in the reader's language with the same facts

    @property
    def note(self) -> str:
        return _NOTE[self.reader_lang].format(LANGUAGE_NAMES[self.reader_lang][self.answer_lang])

    @property
    def neighbour_label(self) -> str:
        return _LABELS[self.reader_lang][2]

    def lines(self, with_neighbour: bool = True) -> list[str]:
        """The gloss as short lines in the reader's language (for the CLI and the chat)."""
        facts_label, names_label, neighbour_label = _LABELS[self.reader_lang]
        sep = "、" if self.reader_lang == "ja" else "; "
        colon = ": " if self.reader_lang != "ja" else "："
        lines = [self.note]
        if self.facts:
            lines.append(facts_label + colon + sep.join(mine if mine == theirs else f"{mine} ({theirs})" for mine, theirs in self.facts))
        if self.names:
            lines.append(names_label + colon + sep.join(self.names))
        if self.neighbour and with_neighbour:
            lines.append(neighbour_label + colon + self.neighbour)
        return lines

    def to_dict(self) -> dict:
        return {
            "answer_lang": self.answer_lang,
            "reader_lang": self.reader_lang,
            "note": self.note,
            "facts": [{"text": mine, "original": theirs} for mine, theirs in self.facts],
            "names": list(self.names),
            "neighbour": self.neighbour,
        }


def _fold(text: str) -> str:
    return fold_diacritics(unicodedata.normalize("NFKC", text)).casefold()


def shared_names(answer: str, question: str) -> list[str]:
    """Names in the answer that the question names too (compared without case or diacritics); the
    longest shared run of a multi-word name is kept (Ha Tay Pharmaceutical, not Ha, Tay …)."""
    asked = _fold(question)
    asked_words = set(re.findall(r"[a-z0-9]+", asked))  # Latin runs: a Japanese question glues them to kana
    found: list[str] = []
    for match in _NAME.finditer(unicodedata.normalize("NFKC", answer)):
        words = match.group().split()
        best = ""
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                phrase = " ".join(words[i:j]).strip(".,'")
                folded = _fold(phrase)
                words_of = re.findall(r"[a-z0-9]+", folded)
                inside = all(w in asked_words for w in words_of) if folded.isascii() else folded in asked
                if inside and len(folded) >= 2 and len(phrase) > len(best):
                    best = phrase
        # not a number (it is among the dates and figures), nor a short piece of a longer name ("Viet" of
        # "Viet Nam" when the question says "Việt")
        partial = len(best.split()) == 1 and len(best) <= 4 and sum(w[:1].isalpha() for w in words) > 1
        if best and not best.isdigit() and not partial and best.casefold() not in {f.casefold() for f in found}:
            found.append(best)
    return found


def same_facts(facts: list[Fact], text: str, lang: str) -> bool:
    """Does `text` state every date and quantity of `facts` (by value, in any of the three languages)?"""
    theirs = find_facts(text, lang)
    values = {f.value for f in theirs if f.value is not None}
    dates = {f.date for f in theirs if f.date is not None}
    return bool(facts) and all((f.value in values) if f.kind == "quantity" else (f.date in dates) for f in facts)


def gloss_fact(fact: Fact, reader: str) -> str:
    """A fact written for the reader; a bare four-digit number stays as written ("(1973–2025)": years more
    often than counts, and a separator the source does not have would make them read as 1.973 and 2.025)."""
    if fact.kind == "quantity" and fact.unit is None and not fact.qualifier and re.fullmatch(r"\d{4}", fact.original):
        return fact.original
    return render_fact(fact, reader)


def make_gloss(
    answer: str, question: str, answer_lang: str | None = None, index: Index | None = None, position: int | None = None
) -> Gloss | None:
    """The gloss for `answer` to a reader of `question`'s language; None when both are in one language.
    With the index and the answer passage's position, a passage in the reader's language stating the same
    facts is looked for among that passage's nearest neighbours."""
    reader = detect_lang(question)
    answer_lang = answer_lang or detect_lang(answer)
    if reader == answer_lang:
        return None
    # only what is read exactly, and not ordinals ("the 52nd anniversary" gives no figure of 52)
    facts = [f for f in find_facts(answer, answer_lang) if f.kind != "unread" and not is_ordinal(answer, f)]
    # and the counts it spells out ("gave three reasons" for "mấy lý do?"), as numbers the reader can read
    spelled = [replace(f, unit=None) for f in spelled_beyond(answer, facts)]
    rendered = tuple(dict.fromkeys((gloss_fact(f, reader), f.original) for f in facts + spelled))
    neighbour = None
    if index is not None and position is not None:
        neighbour = neighbour_with_facts(index, position, reader, facts)
    return Gloss(answer_lang, reader, rendered, tuple(shared_names(answer, question)), neighbour)


def neighbour_with_facts(index: Index, position: int, lang: str, facts: list[Fact], k: int = 5) -> str | None:
    """The key of a passage in `lang`, among the k nearest to the passage at `position` (by each encoder's
    stored vectors), that states all of `facts`; None when there is none. Similar passages are common
    (one topic, many articles): the same dates and numbers are what makes one a counterpart."""
    if not facts:
        return None
    allowed = index.passage_mask(lang={lang})
    if not allowed.any():
        return None
    for units in index.search.dense.values():
        vector = units.passages.vectors(np.array([position], dtype=np.int64))[0]
        _, ids = units.passages.search(vector, k, allowed=allowed)
        for i in ids:
            if same_facts(facts, index.passages[int(i)].text, lang):
                return index.passages[int(i)].key
    return None
