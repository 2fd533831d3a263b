"""What kind of answer a question asks for, and whether a text holds one — in English, Japanese and
Vietnamese, without a model: "when" wants a date, "how many" a count or an amount (of what it counts, and
not a rank), "who" a person or an organisation, "where" a place within a country, "which country" a country,
"where does X rank" a position. Pure functions of the text, cached per text (a server meets the same
sentences among many questions' candidates).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

import numpy as np

from kizuna.answer.counting import MONEY_UNITS, counted_unit, counts_as
from kizuna.answer.documents import CODE, new_code_of_kind
from kizuna.answer.facts import UNITS, Fact, facts_of, unit_of
from kizuna.answer.organisations import DEPARTMENT_ASKED, DEPARTMENT_QUESTION, UNIT_RE
from kizuna.answer.places import CITY_QUESTION, DISTRICT_QUESTION, DISTRICT_RE, PLACE_ASKED
from kizuna.answer.quantities import ORDINAL_WORDS, spelled_numbers, spelled_ordinal
from kizuna.ingest.text import detect_lang

# ---- expected answer type, in English, Japanese and Vietnamese ---------------------------------------
# "which (Japanese health) minister …?", どの大臣, "bộ trưởng nào": a question asking which holder of a role
# asks for a person (the words between may not be a verb's: "which ministry did Ambassador Ito visit?")
_ROLE_NOUNS = (
    r"ministers?|ambassadors?|directors?(?:[ -]general)?|officials?|diplomats?|presidents?|chair(?:man|woman|person)?"
    r"|governors?|professors?|envoys?|leaders?|spokes(?:person|man|woman)|physicians?|doctors?|experts?|scientists?"
)
# (nor a possessive: "which country's ambassador" asks for a country; nor the role noun a body's name
# begins with: "which doctors association", "which minister's office", どの大使館)
ROLE_ASKED = (
    rf"\bwhich (?:(?!(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\b)[\w-]+ ){{0,2}}?(?:{_ROLE_NOUNS})\b"
    r"(?!['’]|\s+(?:association|office|council|committee|group|ministry|department|agency|organi[sz]ation"
    r"|union|society|federation|team|embassy|hospital|clinic)s?\b)"
    r"|どの(?:大臣|副大臣|大使|局長|官僚|医師|専門家|教授|人物)(?!館|会議|会|室|団)"
    r"|(?:bộ trưởng|thứ trưởng|đại sứ|cục trưởng|quan chức|nhà ngoại giao|chuyên gia|bác sĩ|giáo sư|lãnh đạo) nào"
)
# from the question's start, through words that are none of English's other interrogatives
_NO_WH_BEFORE = r"^(?:(?!\b(?:what|which|when|where|how|why)\b)[\s\S])*?"
_TYPE_PATTERNS = (
    # a rank or a position in an order ("Where does X rank", 第何位, đứng thứ mấy): checked first, since
    # "where" would make it a place and "mấy" a count
    (
        "rank",
        r"\b(rank|ranks|ranked|ranking)\b|何位|順位|何番目|thứ hạng|xếp hạng|(đứng|xếp) (thứ|hạng) (mấy|bao nhiêu)"
        r"|hạng mấy",
    ),
    # the number that names a document (Decision 787/QD-BYT, 決議第57-NQ/TW号, Nghị quyết số 193/2025/QH15),
    # not a count: checked before "number", which "the number of" would otherwise make it
    (
        "code",
        r"\bnumber of (?:the|this|that|its) (?:[\w'’-]+ ){0,4}?(?:decision|resolution|decree|plan|circular|law|directive)\b"
        r"|\b(?:decision|resolution|decree|circular|directive|document) number\b|何号|番号"
        r"|\bsố (?:mấy|hiệu)\b|(?:nghị quyết|quyết định|nghị định|thông tư|chỉ thị|kế hoạch) số (?:bao nhiêu|nào)",
    ),
    (
        "date",
        r"\bwhen\b|\bwhat (?:exact |precise |specific )?(year|date|month|day)\b|\bwhich (year|date|month)\b|\bsince when\b"
        # 何年 is "which year", 何年間 "how many years"
        r"|いつ|何年(?!間)|何月|何日(?!間)|時期|日付|khi nào|bao giờ|năm nào|ngày nào|tháng nào|thời điểm nào|lúc nào",
    ),
    (
        "number",
        r"\bhow (many|much|large|big|long)\b|\bwhat (percentage|share|proportion|rate|number|amount)\b"
        # "what was the budget of …?" asks for an amount as "how much …?" does
        r"|\bwhat (?:is|was|were|are) (?:the |its |their )?(?:(?:annual|yearly|total|overall|estimated|planned|projected"
        r"|approved|allocated|initial|combined|average) )?(budget|cost|value|price|funding)\b"
        r"(?!\s+(?:sources?|policy|policies|drivers?|chains?|mechanisms?|structures?)\b)"
        r"|\b(rate|percentage|number) of\b|何件|何人|何名|何社|何回|何か国|何カ国|何台|何校|何%|何パーセント|いくつ|いくら|何か所|何割|何歳"
        r"|何年間|何日間|何か月|何ヶ月|何カ月"
        r"|どのくらい|どれくらい|割合|数は|bao nhiêu|mấy|tỷ lệ|bao lâu"
        # "Còn số dự án thì sao?" (and the number of projects?): a follow-up asking for a count
        # ("số" opening what is asked about, right after "còn": not "nền tảng số", "thiểu số", số hóa
        # "digitalisation", số đông "the majority", số liệu "data", số điện thoại "a phone number")
        r"|\bcòn (?:các |những )?số (?:lượng )?(?!(?:hiệu|hóa|hoá|đông|ít|phận|học|liệu|điện)\b|\d)\w+(?: \w+){0,3} thì sao",
    ),
    # "who" and Vietnamese "ai", not the WHO (World Health Organization) or AI (artificial intelligence);
    # nor "who" as a relative pronoun after the question's own interrogative ("What did Japan do for
    # foreigners whose visas had expired?" asks what, "Which official who …" is ROLE_ASKED's)
    ("person", rf"{_NO_WH_BEFORE}(?:(?-i:\b[Ww]ho\b)|\bwhom\b|\bwhose\b)|(?:誰|だれ|どなた)(?!でも|も)|(?-i:\b[Aa]i\b)|người nào|" + ROLE_ASKED),
    # "which country" is answered by a country; "where" by a place within one (place, below)
    ("country", r"\b(?:which|what) (country|countries|nation|nations)\b|どの国|どこの国|何か国と|nước nào|quốc gia nào"),
    (
        "place",
        r"\bwhere\b|\b(?:which|what|in what) (?:place|region)\b|どこ|どの(都市|地域|場所)|ở đâu|nơi nào|"
        + PLACE_ASKED,
    ),
    (
        "organisation",
        r"\bwhich (compan(?:y|ies)|organi[sz]ations?|agenc(?:y|ies)|hospitals?|ministr(?:y|ies)|universit(?:y|ies)|firms?"
        r"|institutions?|drug ?makers?)\b"
        r"|どの(会社|企業|機関|組織|団体|病院|大学|省)|どこが|công ty nào|tổ chức nào|cơ quan nào|bệnh viện nào|bộ nào|"
        + DEPARTMENT_ASKED,
    ),
    (
        "yesno",
        r"^(is|are|was|were|did|does|do|has|have|can|will)\b|ですか[?？]?$|ましたか[?？]?$|ますか[?？]?$"
        r"|có phải|không[?？]?$",
    ),
)
TYPES = tuple(name for name, _ in _TYPE_PATTERNS)
_INTERROGATIVE = re.compile(
    r"^(what|which|how|why|who|where|when)\b|何|なに|どの|どう|どこ|どちら|どれ|どんな|いつ|誰|だれ|なぜ|いくつ|いくら"
    r"|\b(gì|nào|sao|đâu|ai|bao nhiêu|mấy)\b",
    re.IGNORECASE,
)
_TYPE_RE = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _TYPE_PATTERNS}


def expected_answer_type(question: str) -> str | None:
    """The first matching kind (rank, date, number, person, country, place, organisation, yes/no), or None
    ("what …")."""
    q = unicodedata.normalize("NFKC", question).strip()
    for name in TYPES:
        if name == "yesno":  # 誰ですか is a person question that also ends in ですか: checked last
            continue
        if _TYPE_RE[name].search(q):
            return name
    # a question ending in ですか / không is yes-or-no only when it has no interrogative word: "…は何ですか",
    # "どのような…ましたか", "… là gì không" ask what, not whether
    if _TYPE_RE["yesno"].search(q) and not _INTERROGATIVE.search(q):
        return "yesno"
    return None


_DATE_RE = re.compile(
    r"(?<!\d)(19|20)\d{2}(?!\d)|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}月\d{1,2}日|令和|平成|tháng \d"
    r"|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"\d")
# a whole date as a question writes it (2021年10月, tháng 10/2021, 15/11/2024, October 2021, 27 October 2021):
# its numbers are a date, not quantities or codes to look for literally
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE_SPAN_RE = re.compile(
    r"(19|20)\d{2}年(\d{1,2}月(\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{1,2}月"
    r"|((ngày|tháng) )?\d{1,2}/(\d{1,2}/)?\d{2,4}|(ngày|tháng|năm) \d{1,4}"
    rf"|(\d{{1,2}} )?\b({MONTHS})\b( \d{{1,2}})?,? ((19|20)\d{{2}})?",
    re.IGNORECASE,
)


def without_dates(text: str) -> str:
    """The text with its dates blanked out (a bare year stays: it is also a name's number, "the 2019 MoC")."""
    return _DATE_SPAN_RE.sub(" ", unicodedata.normalize("NFKC", text))


_CODE_RE = re.compile(rf"{CODE}|第\d+(?:/[\w-]+)?号|\bNo\.\s?\d+")  # a document number (documents.py), or 第N号, No. N
# a position in an order: an ordinal number (2nd, 第2位, 2番目, thứ 2), an ordinal word before a superlative
# (third-largest), a superlative that ranks (largest, 最大, lớn nhất) or the word rank itself
_ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
_RANK_RE = re.compile(
    rf"\b\d+(st|nd|rd|th)\b|\b({_ORDINAL_WORDS})[- ](largest|biggest|highest|lowest|most|leading|top)\b"
    r"|\b(largest|biggest|leading|highest|lowest|top \d+|No\. ?\d+|rank(s|ed|ing)?)\b"
    r"|第\d+位|\d+位|\d+番目|最大|首位|トップ|上位|順位"
    r"|(đứng|xếp|hạng) thứ \w+|xếp hạng|lớn nhất|cao nhất|đứng đầu|hàng đầu",
    re.IGNORECASE,
)
# a capitalised name of two or more words (Ito Naoki, Dang Quang Tan), a title (Dr, Minister, Ambassador)
# or a Japanese name/title (katakana run with ・, 博士, 氏, 大臣, 大使)
_PERSON_RE = re.compile(
    r"\b(Dr|Mr|Ms|Mrs|H\.E\.|Minister|Ambassador|Director|President|Prime Minister)\b"
    r"|\b[A-Z][a-zà-ỹ]+ [A-Z][a-zà-ỹ]+( [A-Z][a-zà-ỹ]+)?\b|[ァ-ヶー]+・[ァ-ヶー]+|博士|氏|大臣|大使|局長"
)
_ORG_RE = re.compile(
    r"\b(Ministry|Agency|Company|Group|Hospital|University|Organi[sz]ation|JICA|WHO|ERIA|Society|Centre|Center"
    r"|Pharmaceuticals?|Pharma|Corporation|Corp|Inc|Ltd|Holdings|JSC|Foundation|Institute|Association|Department|Bank)\b"
    r"|製薬|薬品|株式会社|大学|病院|省|機関|ホールディングス|研究所|協会|財団|銀行|局|庁|グループ"
    r"|Bộ|Công ty|Bệnh viện|Tập đoàn|Viện|Cục|Hiệp hội|Quỹ|Ngân hàng"
)
# a place within a country: a city, a province, a prefecture. "Where …?" asked about two countries' affairs
# is not answered by naming one of them ("in Vietnam" beside "in Hanoi and HCM City"); a country answers
# "which country …?" (_COUNTRY_RE)
_PLACE_RE = re.compile(
    r"\b(Hanoi|HCM City|Ho Chi Minh|Tokyo|Osaka|Himeji|Da Nang|Hai Phong|Hue|(?i:city|province|prefecture|district))\b"
    r"|市|県|(?<!政)府|都|区|ハノイ|ホーチミン|ダナン|東京|大阪|Hà Nội|TP\.? ?HCM|Đà Nẵng|Hải Phòng|tỉnh|thành phố|quận|huyện"
)
# countries (the G7, ASEAN and East Asia, in the three languages) and the words for one
_COUNTRY_RE = re.compile(
    r"\b(Japan|Vietnam|Viet Nam|China|Korea|Thailand|Singapore|Malaysia|Indonesia|Philippines|Laos|Cambodia"
    r"|Myanmar|Brunei|India|Australia|Germany|France|Italy|Canada|the UK|Britain|the US|the United States"
    r"|country|countries|nation)\b"
    r"|日本|ベトナム|中国|韓国|(?<![ァ-ヶー])タイ(?![ァ-ヶー])|シンガポール|マレーシア|インドネシア|フィリピン|ラオス|カンボジア|ミャンマー|インド"
    r"|オーストラリア|ドイツ|フランス|イタリア|カナダ|イギリス|英国|アメリカ|米国|か国|カ国"
    r"|Nhật Bản|Việt Nam|Trung Quốc|Hàn Quốc|Thái Lan|Singapore|Lào|Campuchia|Ấn Độ|Úc|Đức|Pháp|Mỹ|Hoa Kỳ|quốc gia"
)


# a number that places something in an order is not a count of anything: "ranks 2nd", 第2位, 2番目,
# "đứng thứ 2", "No. 1" (the fact finder reads the bare number as a quantity)
_ORDINAL_BEFORE = re.compile(r"(第|(?:thứ|hạng|No\.?|#)\s?)$", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^(st|nd|rd|th)\b|^(位|番目|番手)", re.IGNORECASE)


def is_ordinal(text: str, fact: Fact) -> bool:
    """Does this number of the text place something in an order (52nd, 第2位, thứ 2) rather than count?"""
    return bool(
        _ORDINAL_BEFORE.search(text[max(0, fact.start - 4) : fact.start])
        or _ORDINAL_AFTER.search(text[fact.end : fact.end + 2])
    )


# a span of years ("From 2021 to 2024", 1973–2025, 2021年から2024年): dates, never a count of anything
YEAR_SPAN = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(?:-|–|—|~|〜|～|\bto\b|\buntil\b|\bthrough\b|đến|tới|から)\s*((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)


def counts(text: str) -> list[Fact]:
    """The counts and amounts of a text (facts.py quantities, or numbers it could not value), without the
    ordinals among them, nor the years of a span ("(1973–2025)" counts no years); and the counts it spells
    out, from two ("gave three reasons", 二つの専門センター: spelled_counts; "the two countries" counts
    countries, which answers "how many countries signed?" and not "how many projects?")."""
    spans = [m.span() for m in YEAR_SPAN.finditer(text)]
    found = [
        f
        for f in facts_of(text)
        if f.kind in ("quantity", "unread")
        and not is_ordinal(text, f)
        and not any(start <= f.start and f.end <= end for start, end in spans)
    ]
    return found + spelled_beyond(text, found)


_WORD_AFTER = re.compile(r"[\s-]+([^\W\d_]+)")
# an ordinal around a spelled number: "twenty-fifth", lần thứ hai (the second time), thứ ba (Tuesday),
# 三回目 (the third time), 第二十三回 (a numeral that goes on, or opens with 第)
_SPELLED_ORDINAL_AFTER = re.compile(rf"[- ](?:{'|'.join(ORDINAL_WORDS)}|\w+th)\b|[一二三四五六七八九十百]*(?:回|番|度|期|人|本)?目", re.IGNORECASE)
_SPELLED_ORDINAL_BEFORE = re.compile(r"(?:thứ|hạng)\s+$|[第一二三四五六七八九十百]$", re.IGNORECASE)


@lru_cache(maxsize=65_536)
def spelled_counts(text: str) -> tuple[Fact, ...]:
    """Counts a text writes as words (kept per text): not one ("one of the priorities" counts nothing, nor
    一つ), nor an ordinal ("the third-largest", "twenty-fifth", lần thứ hai, 三回目, 第三). Their unit is the
    word after them, so that "the two sides" counts no devices: a unit of facts.py when it is one (三人:
    people), else the word itself ("three reasons": reasons)."""
    written = unicodedata.normalize("NFKC", text)
    out = []
    for q in spelled_numbers(written):
        start, end = q.span
        if q.value < 2 or spelled_ordinal(q):
            continue
        if _SPELLED_ORDINAL_BEFORE.search(written, max(0, start - 8), start) or _SPELLED_ORDINAL_AFTER.match(written, end):
            continue
        after = _WORD_AFTER.match(written, end)
        word = after.group(1).lower() if after else written[end : end + 1]
        out.append(Fact("quantity", start, end, q.text, Decimal(int(q.value)), unit_of(word) or word or None))
    return tuple(out)


def spelled_beyond(text: str, facts: Sequence[Fact]) -> list[Fact]:
    """The counts a text spells out that are not part of a fact already read (三 of 三人)."""
    return [f for f in spelled_counts(text) if not any(f.original in g.original for g in facts)]


def unit_named_in(fact: Fact, question: str) -> bool:
    """Is a spelled count's unit word (facts.py names no such unit: "reasons", "countries") one of the
    question's words, in any inflection ("How many countries signed?" and "the two countries signed")?"""
    if fact.unit is None or fact.unit in UNITS:
        return True
    stem = fact.unit.rstrip("s")
    return len(stem) >= 3 and any(t.rstrip("s") == stem for t in re.findall(r"[^\W\d_]+", question.lower()))


# what a "how many" answer must hold beyond a number, when the question says so; durations ("how long",
# "how many years") are often answered by a span of dates or in words, so they ask for no quantity — but a
# sum of money or a share alone is no length of time
_DURATION_RE = re.compile(
    r"\bhow long\b|\bhow many years\b|bao lâu|(?:bao nhiêu|mấy) năm\b(?!\s*\d)"  # not "bao nhiêu năm 2024"
    r"|どのくらいの期間|何年間|何か月",
    re.IGNORECASE,
)
# a share asked for ("what share of …", "the enrolment rate", 加入率, 割合, "tỷ lệ"): answered by a percentage,
# not by a count (the number of records created that year); not 効率 (efficiency), 倍率 (a ratio), 率いる
# ("to lead"), 率先 ("taking the lead"), "first-rate", "at any rate", an exchange or interest rate
_PERCENT_RE = re.compile(
    r"\bpercent(age)?\b|\bwhat (?:share|proportion|fraction)\b"
    r"|(?<!first-)(?<!any )(?<!exchange )(?<!interest )\b(?:rates?|proportion)\b"
    r"|パーセント|何%|割合|何割|(?<![効能倍確])率(?![い先])|phần trăm|tỷ lệ",
    re.IGNORECASE,
)
_MONEY_RE = re.compile(
    r"\bhow much (money|funding|capital|investment)\b|\b(worth|cost|budget)\b|いくら|金額|費用|予算|資金"
    r"|bao nhiêu tiền|trị giá|kinh phí|ngân sách|vốn",
    re.IGNORECASE,
)
# a count of things ("how many …", 何台, "bao nhiêu thiết bị"), not an amount ("how much", いくら, "bao nhiêu tiền")
_COUNT_RE = re.compile(
    r"\bhow many\b(?! (?:million|billion|thousand|yen|dollars|usd|vnd|percent))|何(?:人|名|件|社|台|本|回|か所|カ所|ヶ所|校|病院)|いくつ"
    r"|(?:bao nhiêu|mấy) (?!tiền|vốn|đô|usd|yên|đồng|kinh phí|ngân sách|phần trăm|tỷ|triệu|%)\w",
    re.IGNORECASE,
)
# "how many hours/days …?" asks for a length of time: a number of those (or other) time units
_TIME_COUNT_RE = re.compile(
    r"\bhow many (hours|minutes|days|weeks|months)\b|何(時間|分間|日間|週間|か月|ヶ月|カ月)"
    r"|(bao nhiêu|mấy) (giờ|tiếng|phút|ngày|tuần|tháng)\b",
    re.IGNORECASE,
)
_TIME_TEXT = re.compile(
    r"\d\s*(hours?|hrs?|minutes?|mins?|days?|weeks?|months?|時間|分|日間|週間|か月|ヶ月|カ月"
    r"|giờ|tiếng|phút|ngày|tuần|tháng)",
    re.IGNORECASE,
)
_AGE_RE = re.compile(r"\bhow old\b|何歳|bao nhiêu tuổi|mấy tuổi", re.IGNORECASE)
_AGE_TEXT = re.compile(r"\d\s*(years? old|-year-old|歳|才|tuổi)", re.IGNORECASE)
# written forms the fact finder does not value (a prefixed symbol, other currencies, "per cent")
_PERCENT_TEXT = re.compile(r"\d\s*(%|per ?cent|パーセント|phần trăm)", re.IGNORECASE)
_MONEY_TEXT = re.compile(
    r"[$¥€£₫]\s?\d|\d[\d.,]*\s*(?:million|billion|triệu|tỷ|万|億)?\s*"
    r"(?:dollars?|euros?|EUR|USD|JPY|VN[DĐ]|đồng|yen|円|ドル|ユーロ|đô)",
    re.IGNORECASE,
)


def _covered(date: tuple, given: tuple) -> bool:
    """Does `date` state nothing beyond `given` ((2019, None, None) beside the question's 2019)?"""
    return all(part is None or part == known for part, known in zip(date, given, strict=True))


def without_given(text: str, question: str) -> str:
    """The text (NFKC) with the amounts and counts the question itself states blanked out: "How many
    provinces does the 3 million USD project cover?" is not answered by "the 3 million USD project"."""
    given = {f.value for f in facts_of(question) if f.kind == "quantity" and f.value is not None}
    text = unicodedata.normalize("NFKC", text)
    if not given:
        return text
    for f in reversed(facts_of(text)):
        if f.kind == "quantity" and f.value in given:
            text = text[: f.start] + " " * (f.end - f.start) + text[f.end :]
    return text


def holds_new_answer(text: str, kind: str | None, question: str) -> bool:
    """has_answer_type, with a value the question did not give itself: "On what date was the 2019
    memorandum signed?" is not answered by "signed in 2019" (a date stating no more than the question's),
    nor a count by the question's own number. Other kinds as has_answer_type."""
    if kind == "number":
        return bool(counts(without_given(text, question)))
    if kind == "code":  # a number the question does not give, of the kind of document it asks about
        return new_code_of_kind(question, text)
    if kind == "organisation" and DEPARTMENT_QUESTION.search(unicodedata.normalize("NFKC", question)):
        return bool(UNIT_RE.search(unicodedata.normalize("NFKC", text)))
    if kind != "date" or not has_answer_type(text, "date"):
        return has_answer_type(text, kind)
    given, dates = dates_in(question), dates_in(text)
    if not given or not dates:  # nothing to compare, or a date the fact finder cannot read: not judged
        return True
    return any(not any(_covered(d, g) for g in given) for d in dates)


def dates_in(text: str) -> list[tuple]:
    """The (year, month, day) dates a text gives (None for a part it leaves out), and a bare year as that
    year alone: "the 2019 memorandum", "signed in 2019" (the fact finder reads it as a number)."""
    facts = facts_of(text)
    return [f.date for f in facts if f.kind == "date" and f.date] + [
        (int(f.value), None, None)
        for f in facts
        if f.kind == "quantity" and f.unit is None and f.value is not None and 1900 <= f.value <= 2100 and f.value == int(f.value)
    ]


def answers_kind(question: str, text: str) -> bool:
    """Can `text` answer `question` at all, by its kind? A "when" question needs a date; a "how many" one
    a count or an amount (a percentage, a sum of money, a number of hours or days, an age when it asks
    for one; a count in the unit it names, counted_unit); "which city" a city, province or district. Other
    kinds, and durations, are not checked here (names are too varied to demand without a model; "how long"
    is often answered by a span of dates)."""
    kind = expected_answer_type(question)
    q = unicodedata.normalize("NFKC", question)
    if kind == "date":
        return holds_new_answer(text, "date", question)
    if DISTRICT_QUESTION.search(q):  # "which district of HCM City …?" is not answered by the city
        return bool(DISTRICT_RE.search(unicodedata.normalize("NFKC", text)))
    if CITY_QUESTION.search(q):  # "which city …?" is answered by a city (or a province, a district)
        return bool(_PLACE_RE.search(unicodedata.normalize("NFKC", text)))
    if kind != "number":
        return True
    text = without_given(text, question)
    every = counts(text)
    # a count spelled out carries the word after it as its unit ("three reasons", "the two countries"): it
    # answers "how many …?" asked plainly; a question that names what it counts only when it names that
    # word too ("how many countries signed?" against "the two countries signed", not "how many devices?"
    # against "the two sides") — or, for a count of things, when the question is in another language and
    # its words cannot be compared ("mấy lý do" against "three reasons"); never a length of time, a share,
    # an age or a sum
    facts = [f for f in every if f.unit is None or f.unit in UNITS]
    named = [f for f in every if unit_named_in(f, q)]
    if _DURATION_RE.search(q):
        return not facts or has_answer_type(text, "date") or any(f.unit not in (*MONEY_UNITS, "%") for f in facts)
    # (a share the question gives, or names beside a count of things it asks for, is not what it asks:
    # "With an enrolment rate of 87.9%, how many …", "how many … despite the low diagnosis rate")
    if _PERCENT_RE.search(q) and not _PERCENT_TEXT.search(q) and not _COUNT_RE.search(q):
        return any(f.unit == "%" for f in facts) or bool(_PERCENT_TEXT.search(text))
    if _TIME_COUNT_RE.search(q):
        return bool(_TIME_TEXT.search(unicodedata.normalize("NFKC", text)))
    if _AGE_RE.search(q):
        return any(f.unit == "years old" for f in facts) or bool(_AGE_TEXT.search(unicodedata.normalize("NFKC", text)))
    if _MONEY_RE.search(q):
        return any(f.unit in MONEY_UNITS for f in facts) or bool(_MONEY_TEXT.search(text))
    wanted = counted_unit(q)
    if wanted is not None:  # a count of what is asked, or of nothing said: not a count of something else
        across = wanted == "things" and detect_lang(q) != detect_lang(text)
        return any(counts_as(f.unit, wanted) for f in (every if across else named))
    if _COUNT_RE.search(q):  # "how many devices …?" is not answered by a sum of money or a share
        return any(f.unit not in (*MONEY_UNITS, "%") for f in every)
    return bool(every)  # a number read or not: only its presence is asked for here


# Per-sentence values that do not depend on the question are kept per text (bounded): a server meets the
# same sentences among many questions' candidates, and recomputing them was ~5 ms of a ~48 ms question
# (cProfile over the load test's questions). Pure functions of the text, so answers are unchanged.
SENTENCE_CACHE = 65_536


@lru_cache(maxsize=SENTENCE_CACHE)
def date_precision(text: str) -> float:
    """How much of a date the text's fullest one gives: a year alone 1/3, a year and month (or a month and
    day) 2/3, a day, month and year 1; 0 without a date. "When was it signed?" is answered better by
    2024年11月15日 than by "in 2024"."""
    dates = [f.date for f in facts_of(text) if f.kind == "date" and f.date]
    return max((sum(p is not None for p in d) / 3 for d in dates), default=0.0)


def precision_within_passage(texts: Sequence[str], owners: Sequence[int]) -> np.ndarray:
    """date_precision of each sentence less the fullest of its passage's candidates (≤ 0): a passage that
    gives "2024年11月15日" in one line and "2024年に" in another answers "when" with the first."""
    precision = np.array([date_precision(t) for t in texts])
    best: dict[int, float] = {}
    for o, p in zip(owners, precision, strict=True):
        best[o] = max(best.get(o, 0.0), p)
    return precision - np.array([best[o] for o in owners])


@lru_cache(maxsize=SENTENCE_CACHE)
def has_answer_type(text: str, kind: str | None) -> bool:
    text = unicodedata.normalize("NFKC", text)
    if kind == "date":
        return bool(_DATE_RE.search(text))
    if kind == "number":
        # a count or an amount: not a year or a date ("From 2021 to 2024", 2025年11月), not a number inside
        # a name or code (COVID-19, 57-NQ/TW)
        # nor an ordinal ("ranks 2nd", 第2位): a position is not a count
        return bool(counts(text))
    if kind == "person":  # "who organised it?" is answered by an organisation as often as by a person
        return bool(_PERSON_RE.search(text) or _ORG_RE.search(text))
    if kind == "organisation":
        return bool(_ORG_RE.search(text))
    if kind == "place":
        return bool(_PLACE_RE.search(text))
    if kind == "country":
        return bool(_COUNTRY_RE.search(text) or _PLACE_RE.search(text))
    if kind == "rank":
        return bool(_RANK_RE.search(text))
    if kind == "code":
        return bool(_CODE_RE.search(text))
    return False
