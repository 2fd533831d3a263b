"""Numbers in English, Vietnamese and Japanese text, read as values: 7,500 = 7.500 = 7500 = 7,5 nghìn;
3,200万 = 32 triệu = 32 million; months named as words count as their number (15 November = 11月15日);
counts written as words ("three", "thirty-six", 三つ, 二本立て, "bốn") are read apart (spelled_numbers). Codes
(COVID-19, 57-NQ/TW) and a list's or a section's number are not quantities. Pure functions, for
claims.differences.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_MULTIPLIERS = {
    "thousand": 1e3,
    "nghìn": 1e3,
    "ngàn": 1e3,
    "千": 1e3,
    "万": 1e4,
    "million": 1e6,
    "millions": 1e6,
    "triệu": 1e6,
    "億": 1e8,
    "billion": 1e9,
    "billions": 1e9,
    "tỷ": 1e9,
    "tỉ": 1e9,
}
MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            (),  # "may" is also a verb: months given as numbers still compare
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# codes and names with digits are labels, not quantities: COVID-19, 57-NQ/TW, No.749, QĐ-TTg
_CODE = re.compile(r"[A-Za-z]+[-‐]\d+|\d+[-/‐][A-Za-zĐđ]+[\w/\-]*|No\.\s?\d+|\d+/\d+/[A-Z]+\w*", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,])(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?\s*((?:thousand|millions?|billions?|nghìn|ngàn|triệu|tỷ|tỉ)(?!\w)|千|万|億)?",
    re.IGNORECASE,
)
# a list's or a section's number is no count: "(1) どのような機関ですか?", "2. 主な協力内容"
_ENUMERATOR = re.compile(r"(?:^|\n)\s*(?:[(（]\d{1,2}[)）]|\d{1,2}[.)](?!\d))")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# a number that is a day or a month of a date: 11月, 15日, "15 November", "November 15", tháng 11, ngày 15
_DAY_OR_MONTH_AFTER = re.compile(rf"\s?(月|日)|\s({_MONTH_NAMES})\b", re.IGNORECASE)
_DAY_OR_MONTH_BEFORE = re.compile(rf"(\b(tháng|ngày)|\b({_MONTH_NAMES})\.?)\s$", re.IGNORECASE)
_MONTH_WORD = re.compile(rf"\b({_MONTH_NAMES})\b\.?", re.IGNORECASE)


def _value(digits: str) -> float:
    """7,500 / 7.500 -> 7500; 87.9 / 14,6 -> decimal: a separator followed by exactly three digits groups
    thousands, any other is a decimal mark."""
    parts = re.split(r"[.,]", digits)
    if len(parts) == 1:
        return float(digits)
    if all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    if len(parts) == 2:
        return float(parts[0] + "." + parts[1])
    return float("".join(parts[:-1]) + "." + parts[-1])


@dataclass(frozen=True)
class Quantity:
    text: str  # as written
    value: float  # with its multiplier
    bare: float  # without it (3,200万 -> 3200)
    in_date: bool = False  # a month or a day (11月, 15日, tháng 11, 15 November)
    # where the text holds it (spelled_numbers sets it); not part of what the quantity is
    span: tuple[int, int] | None = field(default=None, compare=False)


def quantities(text: str) -> list[Quantity]:
    """The numbers of a text (codes such as COVID-19 left out) and the months it names."""
    text = _CODE.sub(" ", unicodedata.normalize("NFKC", text))
    text = _ENUMERATOR.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for m in _NUMBER.finditer(text):
        bare = _value(m.group(1))
        multiplier = _MULTIPLIERS.get((m.group(2) or "").lower(), 1.0)
        in_date = bool(_DAY_OR_MONTH_AFTER.match(text, m.end(1)) or _DAY_OR_MONTH_BEFORE.search(text[: m.start()]))
        found.append((m.start(), Quantity(m.group(0).strip(), bare * multiplier, bare, in_date)))
    for m in _MONTH_WORD.finditer(text):
        month = float(MONTHS[m.group(1).lower()])
        found.append((m.start(), Quantity(m.group(0), month, month, True)))
    return [q for _, q in sorted(found, key=lambda x: x[0])]


_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SPELLED = {
    word: float(i)
    for i, words in enumerate(
        (
            (), ("one", "first"), ("two", "second", "hai"), ("three", "third", "ba"), ("four", "fourth", "bốn"),
            ("five", "fifth"), ("six", "sixth", "sáu"), ("seven", "seventh", "bảy"), ("eight", "eighth", "tám"),
            ("nine", "ninth", "chín"), ("ten", "tenth", "mười"), ("eleven", "eleventh"), ("twelve", "twelfth"),
        )
    )
    for word in words
} | {"twenty": 20.0, "thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0,
     "eighty": 80.0, "ninety": 90.0}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SPELLED_WORD = re.compile(
    rf"(?<![\w-])(?:({_TENS})[- ]({'|'.join(_UNITS)})|({'|'.join(sorted(_SPELLED, key=len, reverse=True))}))(?!\w)",
    re.IGNORECASE,
)
_SPELLED_SCALE = re.compile(r"[- ]+(hundred|thousand|million|billion|nghìn|ngàn|trăm|triệu|tỷ|tỉ)\b", re.IGNORECASE)
_SCALES = _MULTIPLIERS | {"hundred": 1e2, "trăm": 1e2}
ORDINAL_WORDS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())
# a scale read with the one word before it: "one million doses", "a million", "hai triệu liều"; not a number
# of several words ("two hundred and eighty", "one hundred thousand"), which is left unread
_ONE_SCALED = re.compile(
    r"(?<![\w-])(a|an|một) +(hundred|thousand|million|billion|trăm|nghìn|ngàn|triệu|tỷ|tỉ)(?!\w)", re.IGNORECASE
)
_MORE_NUMBER = re.compile(
    rf"[- ]+(?:and[- ]+)?(?:{'|'.join(sorted(_SPELLED, key=len, reverse=True))}|hundred|thousand|million|billion"
    # Vietnamese goes on with words that are numbers only there: năm (five), một, linh / lẻ (and no tens),
    # tư, mốt, rưỡi (a half): "ba trăm năm mươi", "một trăm linh năm", "hai triệu rưỡi"
    r"|trăm|nghìn|ngàn|triệu|tỷ|tỉ|mươi|lăm|năm|một|linh|lẻ|tư|mốt|rưỡi)(?!\w)",
    re.IGNORECASE,
)
_AFTER_SCALE = re.compile(
    r"(hundred|thousand|million|billion|trăm|nghìn|ngàn|triệu|tỷ|tỉ)[- ]+(and[- ]+)?$", re.IGNORECASE
)
_VIETNAMESE_GOES_ON = re.compile(r" +(?:một|mốt|hai|ba|bốn|tư|lăm|sáu|bảy|tám|chín|mươi|mười)(?!\w)", re.IGNORECASE)
# a number word just before a scaled one makes it part of a longer number ("mười hai nghìn", 12,000)
_NUMBER_BEFORE = re.compile(r"(?:mười|mươi|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]+$", re.IGNORECASE)
_KANJI_DIGITS = "一二三四五六七八九十"
# 三つ, 第三, and a kanji numeral before a counter: 二本立て, 三人, 五件, 四カ国
_KANJI_COUNT = re.compile(rf"第([{_KANJI_DIGITS}])|([{_KANJI_DIGITS}])(?=つ|本|人|件|回|カ国|か国|ヶ国|ヵ国|名|社)")


def spelled_numbers(text: str) -> list[Quantity]:
    """Counts and ranks written as words: "three reasons", "the third-largest", "thirty-six", 三つ, 第三,
    二本立て, "hai trung tâm". A Vietnamese word capitalised inside a sentence is a name (Ba Đình), not a
    number."""
    text = unicodedata.normalize("NFKC", text)
    found = []
    for m in _SPELLED_WORD.finditer(text):
        # (the scale word just before it: looked for in the 40 characters before, not the whole text again)
        if _AFTER_SCALE.search(text, max(0, m.start() - 40), m.start()):
            continue  # the "eighty" of "two hundred and eighty": a number of several words is not read
        if m.group(1):
            value = _SPELLED[m.group(1).lower()] + _SPELLED[m.group(2).lower()]
        else:
            word = m.group(3)
            vietnamese = not word.isascii() or word.lower() in ("hai", "ba")
            if vietnamese and word[0].isupper() and text[: m.start()].strip():
                continue
            if vietnamese and _VIETNAMESE_GOES_ON.match(text, m.end()):
                continue  # "mười hai" (12), "hai mươi" (20): a number of several words is not read
            if word.lower() in ORDINAL_WORDS and _SPELLED_SCALE.match(text, m.end()):
                continue
            value = _SPELLED[word.lower()]
        if scale := _SPELLED_SCALE.match(text, m.end()):
            if _MORE_NUMBER.match(text, scale.end()) or _NUMBER_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "two hundred and eighty", "one hundred thousand", "mười hai nghìn": not read
            value *= _SCALES[scale.group(1).lower()]
            found.append(Quantity(text[m.start() : scale.end()], value, value, span=(m.start(), scale.end())))
            continue
        found.append(Quantity(m.group(0), value, value, span=m.span()))
    for m in _ONE_SCALED.finditer(text):
        if not (_MORE_NUMBER.match(text, m.end()) or _NUMBER_BEFORE.search(text, max(0, m.start() - 12), m.start())):
            value = _SCALES[m.group(2).lower()]
            found.append(Quantity(m.group(0), value, value, span=m.span()))
    for m in _KANJI_COUNT.finditer(text):
        value = float(_KANJI_DIGITS.index(m.group(1) or m.group(2)) + 1)
        found.append(Quantity(m.group(0), value, value, span=m.span()))
    return sorted(found, key=lambda q: q.span)


def is_year(q: Quantity) -> bool:
    """A bare four-digit year (2019, 2024年)."""
    return q.value == q.bare and q.text.isdigit() and len(q.text) == 4 and 1900 <= q.value <= 2100


def sort_of(q: Quantity) -> str:
    """A number is only ever another version of one of its sort: a count or an amount is never a year, a
    month or a day."""
    return "year" if is_year(q) else "day or month" if q.in_date else "count"


def spelled_ordinal(q: Quantity) -> bool:
    """A rank written as a word (third, 第三), not a count."""
    return q.text.lower() in ORDINAL_WORDS or q.text.startswith("第")


def significant_digits(number: float) -> int:
    """How many significant digits a figure as written has: 280 two, 3 (of "3 triệu") and 30 one, 7.5 two."""
    mantissa = f"{abs(number):.9e}".split("e")[0]
    return len(mantissa.replace(".", "").rstrip("0")) if number else 0


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def matches(q: Quantity, others: list[Quantity]) -> bool:
    return any(same_value(q.value, o.value) or same_value(q.value, o.bare) or same_value(q.bare, o.value) for o in others)


# a count and the words after it that say what is counted, in a Latin-script text: "35 HAE patients",
# "nine core tasks", "7.500 chuyên gia"; up to two words, stopping at punctuation and at a word that says
# nothing of what is counted ("500 beds and" is beds)
_COUNTED_PHRASE = re.compile(
    rf"(?<![\w.,/-])(\d+(?:[.,]\d+)*|{'|'.join(sorted(_SPELLED, key=len, reverse=True))})\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?",
    re.IGNORECASE,
)
NOT_COUNTED = frozenset(
    "the a an of and or in on at to from for by with than per was were is are has have had be been will would "
    "can could that which who this these those more less over under about around some each every all "
    "years year months month days day weeks week hours hour minutes am pm percent million billion thousand "
    "hundred times và của các những năm tháng ngày giờ phút lần".split()
)


# a number after one of these labels something ("Phase 2", "No. 5", "Article 3"); it counts nothing
_LABELS_BEFORE = frozenset(
    "phase no number article section chapter resolution decision decree level grade step stage round part "
    "item table figure page room group class type version khoản điều số".split()
)


def counted_phrases(text: str) -> list[tuple[str, float, tuple[str, ...]]]:
    """The counts of a Latin-script text with what they count: (as written, value, the words after it that
    name the thing), for counts that are not years."""
    out = []
    for m in _COUNTED_PHRASE.finditer(unicodedata.normalize("NFKC", text)):
        number = m.group(1)
        words = [w.lower() for w in (m.group(2), m.group(3)) if w]  # joined by white space only
        counted = []
        for word in words:
            if word in NOT_COUNTED:
                break
            counted.append(word)
        value = _value(number) if number[0].isdigit() else _SPELLED.get(number.lower())
        before = m.string[max(0, m.start() - 12) : m.start()].split()
        if value is None or not counted or (number.isdigit() and len(number) == 4):
            continue
        if before and before[-1].lower().rstrip(".") in _LABELS_BEFORE:  # "Phase 2 clinical trial"
            continue
        shown = f"{number} {' '.join(m.group(i) for i in (2, 3)[: len(counted)])}"
        out.append((shown, value, tuple(counted)))
    return out


def recounted(claim: str, sentence: str, elsewhere: str = "") -> list[tuple[str, str]]:
    """The claim's counts that the sentence gives otherwise for the same thing, named by the same words
    ("53 HAE patients" against "35 HAE patients"): (claim's, sentence's) pairs; none when the sentence or
    `elsewhere` (the other sentences found) gives the claim's count of that thing too. Whether the sentence
    speaks of the claim's subject at all is the caller's to check."""
    stated = counted_phrases(sentence)
    known = stated + counted_phrases(elsewhere)
    out = []
    for shown, value, words in counted_phrases(claim):
        if any(w == words and same_value(v, value) for _, v, w in known):
            continue
        other = next((s for s, v, w in stated if w == words), None)
        if other:
            out.append((shown, other))
    return out
