"""Does the answer's value belong to what the question asks about? Checks on the chosen sentence that no
feature of the ranker sees, each one a way a sentence holds the *kind* of answer asked for and still does
not answer (pure functions of the question and the text).

- A question naming a year, answered by a sentence that states only other years: "How many records by the
  end of 2022?" is not answered by "In 2024, 32 million records had been created".
- A question asking who holds a role ("Who is the chairman of ERIA?", "Ai là …", "大使は誰ですか") is
  answered by a person's name, never by a sentence naming only organisations.
- A number in one item of a list, when the question names another item: "What was the budget of the
  hepatitis project?" is not answered by "the 3 million USD project on telemedicine, and the project on
  viral hepatitis".
- A date a sentence gives another document ("2026年6月26日付計画第2121/KH-BYT号") is not the date of the
  document the question names (決定第787/QD-BYT号).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kizuna.answer.documents import codes, date_count, dated_codes
from kizuna.answer.extract import years
from kizuna.answer.facts import facts_of
from kizuna.answer.japanese_names import foreign_people, japanese_people
from kizuna.answer.kinds import MONTHS, ROLE_ASKED, YEAR_SPAN, has_answer_type, holds_new_answer
from kizuna.answer.people import latin_person_names
from kizuna.answer.places import COUNTRY_NAMES
from kizuna.ingest.text import detect_lang, fold_diacritics, tokenize


def stated_years(text: str) -> set[str]:
    """The years a text states, a span's years included."""
    t = unicodedata.normalize("NFKC", text)
    out = years(t)
    for first, last in YEAR_SPAN.findall(t):
        if int(first) < int(last) <= int(first) + 100:
            out |= {str(y) for y in range(int(first), int(last) + 1)}
    return out


# a year the question bounds a period with: "since 2008", "from 2008" (that year or later); "by 2022",
# "before 2022", "until 2022" (that year or earlier); in Vietnamese and Japanese too
_SINCE = re.compile(r"\b(?:since|from|after)\s+((?:19|20)\d{2})\b|\b(?:từ|kể từ|sau)\s+(?:năm\s+)?((?:19|20)\d{2})\b"
                    r"|((?:19|20)\d{2})年?(?:以降|以来|から)", re.IGNORECASE)
_BY = re.compile(r"\b(?:by|before|until|through)\s+(?:the end of\s+)?((?:19|20)\d{2})\b"
                 r"|\b(?:đến|trước|tới)\s+(?:(?:cuối\s+)?năm\s+)?((?:19|20)\d{2})\b|((?:19|20)\d{2})年?(?:末)?(?:まで|以前)",
                 re.IGNORECASE)


def _allowed_years(question: str) -> list[tuple[int, int]]:
    """The periods the question's years allow, as (first, last) years."""
    q = unicodedata.normalize("NFKC", question)
    since = {int(next(g for g in m.groups() if g)) for m in _SINCE.finditer(q)}
    by = {int(next(g for g in m.groups() if g)) for m in _BY.finditer(q)}
    spans = [(y, 2100) for y in since] + [(1900, y) for y in by]
    spans += [(int(y), int(y)) for y in stated_years(q) if int(y) not in since | by]
    return spans


def other_years_only(question: str, text: str, kind: str | None) -> bool:
    """The question names a year that is not what it asks for, and the text states years, none of them
    in the period the question's allow ("in 2022"; "since 2008" or later; "by 2022" or earlier). A "when"
    question's year is part of what it asks ("when in 2021 …?"): not judged."""
    if kind == "date" or not years(question):
        return False
    stated = stated_years(text)
    allowed = _allowed_years(question)
    return bool(stated) and not any(first <= int(y) <= last for y in stated for first, last in allowed)


def _days(text: str) -> set[tuple[int, int]]:
    return {(f.date[1], f.date[2]) for f in facts_of(text) if f.kind == "date" and f.date and f.date[1] and f.date[2]}


def missing_days(question: str, document: str) -> bool:
    """The question names a day of a month ("the November 17 workshop", 11月17日, ngày 17 tháng 11) that the
    answer's document never gives: it is about another event than the document's."""
    asked = _days(question)
    return bool(asked) and not asked <= _days(document)


# "who is/was the …", "who heads …", "Ai là …", "… là ai?", and any Japanese 誰 but 誰でも, 誰も (anyone, no
# one) (not English "who did …?":
# who did something may be an organisation, "who organised it?"; Japanese asks that with どこが, and each of
# the 17 誰 questions of eval/ by six writers asks for a person, "署名したのは誰", "講演したのは誰" too)
_ROLE_QUESTION = re.compile(
    r"^who (?:is|was|are|were|heads?|headed|leads?|led|chairs?|chaired)\b|^ai (?:là|đang là|đã là)\b"
    r"|\blà ai\s*[?？]?\s*$|(?:誰|だれ|どなた)(?!でも|も)|" + ROLE_ASKED,
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def asks_for_person(question: str) -> bool:
    return bool(_ROLE_QUESTION.search(unicodedata.normalize("NFKC", question).strip()))


# the roles people hold, as each language writes them; the more specific first (a deputy minister is no
# minister, 大使館 is an embassy), since each role's words are blanked before the next is looked for
_ROLES = tuple(
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        ("prime minister", r"\bprime minister\b|首相|総理(?:大臣)?|thủ tướng"),
        ("deputy minister", r"\b(?:deputy|vice)[ -]minister\b|副大臣|thứ trưởng"),
        ("minister", r"\bminister\b|大臣|bộ trưởng"),
        ("deputy director", r"\bdeputy director(?:[ -]general)?\b|副局長|phó cục trưởng|phó vụ trưởng|phó giám đốc"),
        # the head of a body: a president, a chair, a director or a chief executive are one in another language
        # (JICA's 理事長 is its President; a hospital's "tổng giám đốc" its director)
        ("head", r"\b(?:ceo|chief executive|general director)\b|社長|tổng giám đốc"),
        ("director", r"\bdirector(?:[ -]general)?\b|局長|部長|所長|院長|cục trưởng|vụ trưởng|giám đốc|viện trưởng"),
        ("ambassador", r"\bambassador\b|大使(?!館)|đại sứ(?! quán)"),
        ("consul", r"\bconsul(?:[ -]general)?\b|領事(?!館)|lãnh sự(?! quán)"),
        ("president", r"\bpresident\b|大統領|国家主席|chủ tịch nước"),
        ("head", r"\bchair(?:man|woman|person)?\b|会長|理事長|議長|chủ tịch"),
        ("governor", r"\bgovernor\b|知事|thống đốc"),
        ("professor", r"\bprofessor\b|教授|giáo sư"),
    )
)


# one role, whatever a language calls it: a country's president is 大統領, an organisation's 理事長 or 会長
_SAME_ROLE = {"president": "head", "director": "head"}


def roles(text: str) -> frozenset[str]:
    """The roles a text names (_ROLES' names; the heads of bodies as one), in any of the three languages."""
    text = unicodedata.normalize("NFKC", text)
    found = set()
    for role, pattern in _ROLES:
        if pattern.search(text):
            found.add(_SAME_ROLE.get(role, role))
            text = pattern.sub(" ", text)
    return frozenset(found)


# the part of a question that names the role it asks about: "Who is <the Japanese Ambassador to Vietnam>?",
# "Which <Japanese health minister> signed …?", "Ai là <Cục trưởng …>?", "<…大使>は誰ですか", "<Đại sứ …> là ai?"
_ASKED_ROLE = (
    re.compile(r"^who (?:is|was|are|were|heads?|headed|leads?|led|chairs?|chaired) (?:the )?(.+?)(?:[?？]|$)", re.I),
    re.compile(r"^ai (?:là|đang là|đã là) (.+?)(?:[?？]|$)", re.I),
    re.compile(r"^(.+?) là ai\s*[?？]?\s*$", re.I),
    re.compile(r"([^、。]{1,30}?)は(?:誰|だれ)"),
)


def asked_roles(question: str) -> frozenset[str]:
    """The roles named where the question says which role it asks about (not those it merely mentions:
    "Which official met the Japanese health minister?" asks about an official)."""
    q = unicodedata.normalize("NFKC", question).strip()
    which = re.search(ROLE_ASKED, q, re.I)
    if which:
        return roles(which.group(0))
    for pattern in _ASKED_ROLE:
        if m := pattern.search(q):
            return roles(m.group(1))
    return frozenset()


def another_role(question: str, answer: str) -> bool:
    """A question asking who holds one role ("Which Japanese health minister signed …?"), answered by a
    sentence that gives its person another role only ("Dang Quang Tan, Director General of …"), or the same
    role for other countries only (the Vietnamese ambassador to Japan for "Japan's ambassador to Vietnam").
    An answer naming no role is not judged: a person is often named without one."""
    asked = asked_roles(question)
    if len(asked) != 1:
        return False
    given = roles(answer)
    if given and not asked & given:
        return True
    if asked != {"ambassador"}:
        return False
    wanted = next(iter(ambassadors(question)), (None, None))
    stated = ambassadors(answer)
    return any(wanted) and bool(stated) and all(_conflict(wanted, s) for s in stated)


# an ambassador's country and the country he is posted to, as each language writes them: "Japan's / the
# Japanese Ambassador to Vietnam", 駐ベトナム日本大使, 駐日ベトナム大使, "Đại sứ Nhật Bản tại Việt Nam"
_CAPITALISED = r"[A-ZĐÀ-Ỹ][\w’'À-ỹ-]*"
_AMBASSADOR = (
    re.compile(
        rf"(?:((?:{_CAPITALISED}\s+)?{_CAPITALISED})\s+)?[Aa]mbassador(?:\s+of\s+(?:the\s+)?({_CAPITALISED}(?:\s+{_CAPITALISED})?))?"
        rf"(?:\s+to\s+(?:the\s+)?({_CAPITALISED}(?:\s+{_CAPITALISED})?))?"
    ),
    re.compile(r"(?:(日本|ベトナム)の)?駐(日本?|越|ベトナム)(日本国?|ベトナム)?(?:特命全権)?大使(?!館)"),
    re.compile(
        rf"[Đđ]ại sứ(?:\s+đặc mệnh toàn quyền)?((?:\s+{_CAPITALISED}){{1,2}})?(?:\s+tại((?:\s+{_CAPITALISED}){{1,2}}))?(?! quán)"
    ),
)
_ADJECTIVES = {"japanese": "japan", "vietnamese": "vietnam", "日": "japan", "越": "vietnam"}


def _country_of(words: str | None) -> str | None:
    if not words:
        return None
    folded = fold_diacritics(words).lower().removesuffix("'s").removesuffix("’s").removesuffix("国")
    if folded in _ADJECTIVES:
        return _ADJECTIVES[folded]
    return next(iter(COUNTRY_NAMES.mentions(words)), None)


def ambassadors(text: str) -> list[tuple[str | None, str | None]]:
    """The ambassadors a text names, as (whose, posted to) countries (places.py groups; None when unsaid)."""
    text = unicodedata.normalize("NFKC", text)
    english, japanese, vietnamese = _AMBASSADOR
    out = [(_country_of(m.group(1)) or _country_of(m.group(2)), _country_of(m.group(3))) for m in english.finditer(text)]
    out += [(_country_of(m.group(1) or m.group(3)), _country_of(m.group(2))) for m in japanese.finditer(text)]
    out += [(_country_of(m.group(1)), _country_of(m.group(2))) for m in vietnamese.finditer(text)]
    return out


def _conflict(wanted: tuple[str | None, str | None], stated: tuple[str | None, str | None]) -> bool:
    """Does a stated ambassador differ from the wanted one in a country both say?"""
    return any(w and s and w != s for w, s in zip(wanted, stated, strict=True))


# what every Latin name of a person holds (people._people_in reads the runs; this only skips texts without)
_CAPITALISED_PAIR = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
# a kanji run followed by a title or an honorific: where a Japanese text names a person in kanji (伊藤直樹大使)
_TITLED_KANJI = re.compile(
    r"[\u4e00-\u9fff々]{2,6}(?:氏|博士|さん|様|大使|大臣|首相|総理|長官|局長|会長|社長|理事長|知事|教授|院長|所長)"
)


def names_person(text: str) -> bool:
    """Does the text name a person: a Latin name that is not a run of English words ("Viral Hepatitis"),
    a katakana name (グエン・ゴ・クアン) or a kanji name JMnedict knows as a person's (伊藤直樹)? The names
    dictionary is read only beside a title (about 20 ms a sentence; every candidate of a "who" question
    is asked)."""
    if (_CAPITALISED_PAIR.search(fold_diacritics(text)) and latin_person_names(text)) or foreign_people(text):
        return True
    return bool(_TITLED_KANJI.search(unicodedata.normalize("NFKC", text))) and bool(japanese_people(text))


def holds_asked_value(text: str, kind: str | None, question: str) -> bool:
    """kinds.holds_new_answer, and for a question asking who holds a role, a person's name: an organisation
    answers "who organised it?", not "who is the ambassador?"."""
    if kind == "person" and asks_for_person(question):
        return names_person(text)
    return holds_new_answer(text, kind, question)


# where one item of a list ends and the next begins: ", and", "; ", "、及び", ", và"
_COORDINATION = re.compile(r",\s*(?:and|as well as)\s+|;\s+|、(?:および|及び|並びに)|,\s*và\s+", re.IGNORECASE)


def value_in_other_item(question: str, sentence: str, kind: str | None) -> bool:
    """In a sentence listing several things, the item that names most of what the question asks about holds
    no value of the kind asked for, and another item does. Judged only in the question's language (the
    items are told apart by the question's words)."""
    if kind not in ("number", "date") or detect_lang(sentence) != detect_lang(question):
        return False
    items = [part for part in _COORDINATION.split(sentence) if part.strip()]
    if len(items) < 2:
        return False
    words = [set(tokenize(item)) for item in items]
    # the question's words that tell the items apart (JICA, named in every item, does not)
    wanted = {t for t in tokenize(question) if sum(t in w for w in words) == 1}
    shares = [len(wanted & w) for w in words]
    best = max(range(len(items)), key=shares.__getitem__)
    typed = [i for i, item in enumerate(items) if has_answer_type(item, kind)]
    # the item naming most of the question, by two of its words at least, holds no value; another does
    return bool(typed) and best not in typed and shares[best] >= 2 and shares[best] > max(shares[i] for i in typed)


def document_dated(question: str, text: str, kind: str | None) -> str | None:
    """For a "when" question naming a document (its code): "asked" when the text dates that document
    ("2024年12月22日付の政治局決議第57-NQ/TW号" for "決議第57-NQ/TW号はいつ出されましたか？"), "other" when every
    date it gives is bound to another document's code; None otherwise (or for any other question)."""
    asked = codes(question)
    if kind != "date" or not asked:
        return None
    dated = dated_codes(text)
    if asked & set(dated):
        return "asked"
    return "other" if dated and date_count(text) <= len(dated) else None


def dates_another_document(question: str, text: str, kind: str | None) -> bool:
    """A "when" question naming a document answered by a text whose dates are those of other documents only."""
    return document_dated(question, text, kind) == "other"


# "until when …?" asks where a period ends (いつまで, 何年から何年まで, đến khi nào); "how long" asks a
# duration and is not checked here
_UNTIL_ASKED = re.compile(
    r"いつまで|何年まで|\b(?:until|till|through|by) when\b|(?:đến|tới) (?:khi nào|bao giờ|lúc nào|năm nào|ngày nào)",
    re.IGNORECASE,
)
# what says a date ends something: まで, 期限, 末, "until", "no later than", "expires", "by 30 June" (not "by
# the Politburo"), "đến hết năm 2030", "kết thúc"; a span's end (2025~2026年) is YEAR_SPAN's
_ENDS = re.compile(
    r"まで|迄|期限|締め?切り?|終了|満了|末"
    r"|\b(?:until|till|through|no later than|deadline|due|expires?|expired|ends?|ended)\b"
    rf"|\b(?:by|before|to) (?:the (?:end|middle) of |end of |mid-|early |late )?(?:\d|{MONTHS})"
    r"|から\s*(?:(?:19|20)\d{2}年)?\d{1,2}月"  # 2025年4月1日から2026年3月31日
    r"|(?:đến|tới|trước) (?:hết |cuối )?(?:ngày |tháng |năm )?\d|kết thúc|hết hạn|thời hạn|hạn chót",
    re.IGNORECASE,
)


def ends_a_period(text: str) -> bool:
    """Does the text say when something ends (2030年まで, 3月末, until 2030, "no later than 30 June", 2025~2026年)?"""
    t = unicodedata.normalize("NFKC", text)
    return bool(_ENDS.search(t) or YEAR_SPAN.search(t))


def no_end_date(question: str, text: str, kind: str | None) -> bool:
    """An "until when" question answered by a text that dates only a beginning or an act ("2025年2月19日、
    国会は…決議を採択" for "the pilot runs until when?"): nothing in it says when anything ends."""
    return kind == "date" and bool(_UNTIL_ASKED.search(question)) and not ends_a_period(text)


def unbound(question: str, kind: str | None, sentence: str, answer: str) -> str | None:
    """Why the answer (its best `sentence`, the whole `answer` with a neighbour) does not answer the
    question although it holds the kind of value asked for; None when no check finds a reason."""
    if other_years_only(question, answer, kind):
        return "other years"
    if kind == "person" and asks_for_person(question) and not names_person(answer):
        return "no person"
    if kind == "person" and asks_for_person(question) and another_role(question, answer):
        return "another role"
    if value_in_other_item(question, sentence, kind):
        return "value of another item"
    if dates_another_document(question, answer, kind):
        return "date of another document"
    if no_end_date(question, answer, kind):
        return "no end date"
    return None
