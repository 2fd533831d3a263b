"""Dates and quantities in English, Japanese and Vietnamese text: found, valued exactly, and written again
in another of the three languages — without a model, so a number can never be mistranslated.

`find_facts(text, lang)` returns the dates and quantities of a sentence in reading order, each with its
span, its exact value (a `Decimal`, a multiplier such as 万 or "million" applied) and its unit and
qualifier; `render_fact(fact, lang)` writes one in the conventions of `lang` (2024年11月15日 ↔ 15 November
2024 ↔ ngày 15 tháng 11 năm 2024; 1,460万 ↔ 14.6 million ↔ 14,6 triệu). Numbers that are part of a name
or a code (COVID-19, 57-NQ/TW, Resolution 193/2025/QH15) are not quantities and are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from kizuna.ingest.text import detect_lang

MONTHS_EN = (
    "January February March April May June July August September October November December".split()
)
_MONTH_OF = {name.lower(): i + 1 for i, name in enumerate(MONTHS_EN)}
_MONTH_OF.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS_EN)})
_MONTH_OF["sept"] = 9
_MON = r"(?P<mon>" + "|".join(sorted(_MONTH_OF, key=len, reverse=True)) + r")\.?"
# without a year, only a capitalised month name counts: "up to 30 may be infected" holds no date
_MON_CAP = r"(?P<mon>" + "|".join(sorted((m.capitalize() for m in _MONTH_OF), key=len, reverse=True)) + r")\.?"

_ERA_START = {"令和": 2019, "平成": 1989, "昭和": 1926}

# Each pattern names what it captures: y (year), m (month number) or mon (English month name), d (day).
_DATE_PATTERNS = [
    # a Japanese era year (令和7年2月, 令和6年度, 平成元年): a date, never a count of 7 or 6
    re.compile(
        r"(?P<era>令和|平成|昭和)\s*(?P<ey>元|\d{1,2})\s*年度?(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?"
    ),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月"),
    re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?P<y>\d{4})\s*年(?!\s*\d)"),
    re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>\d{4}))?", re.I),
    re.compile(r"ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", re.I),
    re.compile(r"tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+|/)(?P<y>\d{4})", re.I),
    re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(?P<y>\d{4})\b", re.I),
    re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.I),
    re.compile(r"\b" + _MON_CAP + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?![,.]?\s*\d)"),
    re.compile(r"\b(?P<d>\d{1,2})\s+" + _MON_CAP + r"\b(?![,.]?\s*\d)"),
    re.compile(r"\b" + _MON + r",?\s+(?P<y>\d{4})\b", re.I),
    re.compile(r"năm\s+(?P<y>\d{4})\b", re.I),
    re.compile(
        r"\b(?:in|since|by|until|from|to)\s+(?P<y>(?:19|20)\d{2})\b(?!\s*[-–/]\s*\d)"
        r"(?!\s*(?:people|persons|patients|cases|doses|projects|companies|nurses|doctors|workers|units|beds|[%$]))",
        re.I,
    ),
]

# multipliers, longest first so "triệu" is not read as something shorter
_MULTIPLIERS = {
    "兆": Decimal(10) ** 12,
    "億": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
    "trillion": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
    "nghìn tỷ": Decimal(10) ** 12,
    "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
    "triệu": Decimal(10) ** 6,
    "nghìn": Decimal(10) ** 3,
    "ngàn": Decimal(10) ** 3,
}
# unit: (how it is written in en, ja, vi); the keys are the spellings recognised after a number
_UNITS = {
    "%": ("%", "%", "%"),
    "percent": ("%", "%", "%"),
    "phần trăm": ("%", "%", "%"),
    "usd": ("USD", "米ドル", "USD"),
    "us$": ("USD", "米ドル", "USD"),
    "米ドル": ("USD", "米ドル", "USD"),
    "ドル": ("USD", "米ドル", "USD"),
    "đô la mỹ": ("USD", "米ドル", "USD"),
    "đô la": ("USD", "米ドル", "USD"),
    "円": ("yen", "円", "yên"),
    "yen": ("yen", "円", "yên"),
    "yên": ("yen", "円", "yên"),
    "vnd": ("VND", "ドン", "đồng"),
    "ドン": ("VND", "ドン", "đồng"),
    "đồng": ("VND", "ドン", "đồng"),
    "人": ("people", "人", "người"),
    "名": ("people", "人", "người"),
    "people": ("people", "人", "người"),
    "persons": ("people", "人", "người"),
    "người": ("people", "人", "người"),
    "patients": ("patients", "人の患者", "bệnh nhân"),
    "bệnh nhân": ("patients", "人の患者", "bệnh nhân"),
    "件": ("cases", "件", "trường hợp"),
    "cases": ("cases", "件", "trường hợp"),
    "trường hợp": ("cases", "件", "trường hợp"),
    "projects": ("projects", "件のプロジェクト", "dự án"),
    "dự án": ("projects", "件のプロジェクト", "dự án"),
    "社": ("companies", "社", "công ty"),
    "companies": ("companies", "社", "công ty"),
    "công ty": ("companies", "社", "công ty"),
    "歳": ("years old", "歳", "tuổi"),
    "tuổi": ("years old", "歳", "tuổi"),
    "years": ("years", "年間", "năm"),
    "年間": ("years", "年間", "năm"),
}
_QUALIFIERS_BEFORE = {
    "more than": "more", "over": "more", "exceeding": "more", "above": "more", "hơn": "more",
    "trên": "more", "around": "about", "about": "about", "approximately": "about", "some": "about",
    "khoảng": "about", "約": "about", "nearly": "nearly", "almost": "nearly", "gần": "nearly",
    "up to": "upto", "lên tới": "upto", "lên đến": "upto", "最大": "upto",
}  # fmt: skip
_QUALIFIERS_AFTER = {"以上": "more", "超": "more", "余り": "more", "近く": "nearly", "程度": "about", "ほど": "about"}
QUALIFIER_TEXT = {
    "more": ("more than {}", "{}以上", "hơn {}"),
    "about": ("about {}", "約{}", "khoảng {}"),
    "nearly": ("nearly {}", "{}近く", "gần {}"),
    "upto": ("up to {}", "最大{}", "lên tới {}"),
}
_LANG_AT = {"en": 0, "ja": 1, "vi": 2}


def is_unit(word: str) -> bool:
    """Is this word (lower-case) a unit an amount is given in (USD, yen, percent, people)?"""
    return word in _UNITS


# the units amounts are given in, by their canonical English form ("USD", "people", "years old" …)
UNITS = frozenset(forms[0] for forms in _UNITS.values())


def unit_of(word: str) -> str | None:
    """The canonical (English) unit a word (lower-case) gives an amount in, or None (人 → people)."""
    return _UNITS[word][0] if word in _UNITS else None


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = re.compile(
    r"(?P<before>(?<![A-Za-z\u00c0-\u1ef9])(?:" + _alternation(_QUALIFIERS_BEFORE) + r")\s*)?"
    # 6: a digit run is read whole (3.14159 is not 3.141 and 59); spaces group thousands too (1 000 000)
    r"(?<![\d.,])(?P<num>\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)?)"
    r"(?:\s*(?P<mult>" + _alternation(_MULTIPLIERS) + r"))?"
    r"(?:\s*(?P<unit>" + _alternation(_UNITS) + r"))?"
    r"(?P<after>" + _alternation(_QUALIFIERS_AFTER) + r")?",
    re.I,
)
# a digit run touching Latin letters, slashes or hyphens is part of a name or code (COVID-19, 57-NQ/TW)
_CODE = re.compile(r"[A-Za-z0-9./_\-−△▲^]*\d[A-Za-z0-9./_\-−△▲^]*")
_SUPERSCRIPTS = str.maketrans({c: "^" for c in "⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉½⅓⅔¼¾⅕⅛⁄"})


@dataclass(frozen=True)
class Fact:
    kind: str  # "date" | "quantity" | "unread" (a number this module cannot value with certainty)
    start: int
    end: int
    original: str
    value: Decimal | None = None  # quantities: the exact value, multiplier applied
    unit: str | None = None  # a key of _UNITS' canonical English form ("%", "USD", "people" …)
    qualifier: str | None = None  # "more" | "about" | "nearly" | "upto"
    date: tuple[int | None, int | None, int | None] | None = None  # (year, month, day)


def _date_parts(match: re.Match) -> tuple[int | None, int | None, int | None] | None:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("era"):  # 令和元年 = 2019, 平成元年 = 1989, 昭和元年 = 1926
        year = _ERA_START[groups["era"]] + (0 if groups["ey"] == "元" else int(groups["ey"]) - 1)
    month = _MONTH_OF[groups["mon"].lower().rstrip(".")] if groups.get("mon") else None
    if groups.get("m"):
        month = int(groups["m"])
    day = int(groups["d"]) if groups.get("d") else None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return year, month, day


def _number_value(digits: str, lang: str) -> Decimal | None:
    """'1,460' → 1460; '87.9' → 87.9; Vietnamese '7.500' → 7500 and '14,6' → 14.6."""
    thousands, decimal = (".", ",") if lang == "vi" else (",", ".")
    if re.fullmatch(r"\d{1,3}(?:" + re.escape(thousands) + r"\d{3})+(?:" + re.escape(decimal) + r"\d+)?", digits):
        digits = digits.replace(thousands, "")
    elif re.fullmatch(r"\d+[ \u00a0\u202f]\d{3}(?:[ \u00a0\u202f]\d{3})*", digits):
        digits = re.sub(r"\s", "", digits)
    elif thousands in digits:
        return None  # '1,46' in English text, '7.5' in Vietnamese: not a number we can read with certainty
    elif re.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}", digits):
        return None  # one separator before three digits: 1,500 or 1.5? written both ways, so unread
    try:
        return Decimal(digits.replace(decimal, "."))
    except ArithmeticError:
        return None


# Japanese numbers written in kanji (約四十名, 三千五百人, 十二件), read only before a counter kizuna can write
# in every language (人/名/件/社/歳/年間): a kanji numeral alone is as often part of a word (一部, 十分, 三重県).
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_KANJI_LARGE = {"万": 10**4, "億": 10**8, "兆": 10**12}
_KANJI_COUNTERS = ("年間", "人", "名", "件", "社", "歳")
_KANJI_NUMBER = re.compile(
    r"(?P<before>" + _alternation(q for q in _QUALIFIERS_BEFORE if not q.isascii()) + r")?"
    r"(?<![〇一二三四五六七八九十百千万億兆])(?P<num>[〇一二三四五六七八九十百千万億兆]+)"
    r"(?P<unit>" + _alternation(_KANJI_COUNTERS) + r")"
    r"(?P<after>" + _alternation(_QUALIFIERS_AFTER) + r")?"
)


def kanji_value(numeral: str) -> int | None:
    """四十 → 40, 三千五百 → 3500, 一億二千万 → 120000000, 二〇二四 → 2024 (digit by digit); None when the
    characters do not form a number (十十, 万 alone)."""
    if all(c in _KANJI_DIGITS for c in numeral):
        return int("".join(str(_KANJI_DIGITS[c]) for c in numeral))
    total = section = 0
    digit: int | None = None
    last_small = last_large = 10**13
    for c in numeral:
        if c in _KANJI_DIGITS:
            if digit is not None:
                return None  # 二三十: digits run together inside a unit-written number
            digit = _KANJI_DIGITS[c]
        elif c in _KANJI_SMALL:
            if _KANJI_SMALL[c] >= last_small:
                return None  # 十十, 十百: units must fall
            section += (1 if digit is None else digit) * _KANJI_SMALL[c]
            last_small, digit = _KANJI_SMALL[c], None
        else:
            size = _KANJI_LARGE[c]
            if size >= last_large or (section == 0 and digit is None):
                return None
            total += (section + (digit or 0)) * size
            last_large, last_small, section, digit = size, 10**13, 0, None
    return total + section + (digit or 0)


# a list item's number at the start of a line ("(2) 神奈川県との関係は?", "3) …", "1. …"): a label, not a count
_ENUMERATOR = re.compile(r"^[ \t]*(?:\(\d{1,2}\)|\d{1,2}\)|\d{1,2}\.(?!\d))", re.MULTILINE)
# a time of day ("26/05/2020 - 23:10", a dateline): neither a date nor two quantities (23 and 10)
_CLOCK = re.compile(r"(?<![\d.,:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")


def _is_code(token: str) -> bool:
    """COVID-19, 57-NQ/TW, 193/2025/QH15, H5N1: digits glued to letters, slashes or hyphens. Not 87.9%,
    3USD or 1st, which are numbers with a unit or an ordinal ending."""
    if not re.search(r"[A-Za-z/_\-−△▲^]", token):
        return False
    return not re.fullmatch(r"\d+(?:[.,]\d+)?(?:%|st|nd|rd|th|[A-Za-z]{2,4})", token)


def find_facts(text: str, lang: str) -> list[Fact]:
    """The dates and quantities of `text` (written in `lang`), in order, never overlapping."""
    text = unicodedata.normalize("NFKC", text.translate(_SUPERSCRIPTS))
    taken: list[tuple[int, int]] = []
    facts: list[Fact] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            parts = _date_parts(match)
            if parts is None or not free(start, end):
                continue
            if match.groupdict().get("y") and match.re.pattern.startswith(r"\b(?:in|since"):
                start = match.start("y")
            taken.append((start, end))
            facts.append(Fact("date", start, end, text[start:end], date=parts))
    taken += [code.span() for code in _CODE.finditer(text) if _is_code(code.group())]
    taken += [m.span() for m in _ENUMERATOR.finditer(text)]
    taken += [m.span() for m in _CLOCK.finditer(text)]
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        num_start, num_end = match.span("num")
        if not free(num_start, num_end):
            continue
        value = _number_value(match.group("num"), lang)
        # 9: 1億2000万 is one amount that this reader does not combine: unread rather than two wrong ones
        chained = match.group("mult") and re.match(r"\d", text[match.end("mult") :])
        if value is None or chained:
            run = re.match(r"[\d,.億万千兆]+", text[num_start:])
            taken.append((num_start, num_start + run.end()))
            facts.append(Fact("unread", num_start, num_start + run.end(), run.group()))
            continue
        if match.group("mult"):
            value *= _MULTIPLIERS[match.group("mult").lower()]
        unit = _UNITS[match.group("unit").lower()][0] if match.group("unit") else None
        qualifier = None
        if match.group("before"):
            qualifier = _QUALIFIERS_BEFORE[match.group("before").strip().lower()]
        if match.group("after"):
            qualifier = _QUALIFIERS_AFTER[match.group("after")]
        end = end if match.group("unit") or match.group("after") or match.group("mult") else num_end
        taken.append((start, end))
        facts.append(Fact("quantity", start, end, text[start:end].strip(), value, unit, qualifier))
    for match in _KANJI_NUMBER.finditer(text):
        start, end = match.span()
        number = kanji_value(match.group("num"))
        if number is None or not free(start, end):
            continue
        qualifier = None
        if match.group("before"):
            qualifier = _QUALIFIERS_BEFORE[match.group("before")]
        if match.group("after"):
            qualifier = _QUALIFIERS_AFTER[match.group("after")]
        unit = _UNITS[match.group("unit")][0]
        taken.append((start, end))
        facts.append(Fact("quantity", start, end, text[start:end], Decimal(number), unit, qualifier))
    return sorted(facts, key=lambda f: f.start)


@lru_cache(maxsize=65_536)
def facts_of(text: str) -> tuple[Fact, ...]:
    """`find_facts` of a text in the language it is written in, kept per text (candidate sentences recur
    across questions; Facts are immutable)."""
    return tuple(find_facts(text, detect_lang(text)))


# ---- writing a fact in another language -------------------------------------------------------------
def format_number(value: Decimal, lang: str) -> str:
    """An exact value in `lang`'s conventions: 14600000 → '14.6 million' / '1,460万' / '14,6 triệu'."""
    if lang == "ja":
        for word, size in (("兆", 12), ("億", 8), ("万", 4)):
            scaled = value / Decimal(10) ** size
            if abs(value) >= Decimal(10) ** size and _short(scaled):
                return _digits(scaled, ",", ".") + word
        return _digits(value, ",", ".")
    words = {"en": ("trillion", "billion", "million"), "vi": ("nghìn tỷ", "tỷ", "triệu")}[lang]
    seps = (",", ".") if lang == "en" else (".", ",")
    for word, size in zip(words, (12, 9, 6), strict=True):
        scaled = value / Decimal(10) ** size
        if abs(value) >= Decimal(10) ** size and _short(scaled):
            return f"{_digits(scaled, *seps)} {word}"
    return _digits(value, *seps)


def _short(value: Decimal) -> bool:
    """Written with at most two decimals: the scaled form stays exact, and never looks like a thousands
    group (6.033万 could be read as 6033万)."""
    return value == value.quantize(Decimal("0.01"))


def _digits(value: Decimal, thousands: str, decimal: str) -> str:
    whole, _, frac = f"{abs(value.normalize()):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands)
    return ("-" if value < 0 else "") + grouped + (decimal + frac if frac else "")


def render_fact(fact: Fact, lang: str) -> str:
    """The fact written for a reader of `lang`."""
    at = _LANG_AT[lang]
    if fact.kind == "date":
        return render_date(fact.date, lang)
    assert fact.value is not None
    number = format_number(fact.value, lang)
    unit = next((spellings[at] for spellings in _UNITS.values() if spellings[0] == fact.unit), None)
    # Japanese puts the qualifier after the counter and before the noun: 5,600件以上のプロジェクト
    counter, _, noun = (unit or "").partition("の") if lang == "ja" else (unit or "", "", "")
    if counter:
        number += counter if counter == "%" or lang == "ja" else " " + counter
    if fact.qualifier:
        number = QUALIFIER_TEXT[fact.qualifier][at].format(number)
    return number + (f"の{noun}" if noun else "")


def render_date(date, lang: str) -> str:
    year, month, day = date
    if lang == "ja":
        return (f"{year}年" if year else "") + (f"{month}月" if month else "") + (f"{day}日" if day else "")
    if lang == "vi":
        parts = ([f"ngày {day}"] if day else []) + ([f"tháng {month}"] if month else [])
        return " ".join(parts + ([f"năm {year}"] if year else []))
    month_name = MONTHS_EN[month - 1] if month else None
    return " ".join(str(p) for p in (day, month_name, year) if p)
