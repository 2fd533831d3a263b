"""Checking a claim against the source sentence it matches: the same numbers, dates and names?

Numbers are compared as values, across languages and formats (quantities.py): 7,500 = 7.500 = 7,5 nghìn;
3,200万 = 32 triệu; "15 November 2024" holds the same facts as 2024年11月15日. Dates are read whole. Names
(capitalised words, katakana runs) are compared between texts in the same script; across scripts, people
in people.py, and ministries, countries and cities through the gazetteers. Words a literal match replaces
are differences too ("malaria" for "dengue"). Pure functions.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from kizuna.answer.diseases import disease_mentions
from kizuna.answer.documents import code_kind, codes
from kizuna.answer.facts import facts_of
from kizuna.answer.gazetteer import Gazetteer
from kizuna.answer.lexicon import english_of_japanese, english_words
from kizuna.answer.ministries import MINISTRY_NAMES
from kizuna.answer.organisations import HOSPITAL_NAMES, ORGANISATION_NAMES
from kizuna.answer.places import CITY_NAMES, COUNTRY_NAMES, REGION_NAMES
from kizuna.answer.quantities import (
    MONTHS,
    matches,
    quantities,
    recounted,
    sort_of,
    spelled_numbers,
    spelled_ordinal,
)
from kizuna.answer.rewording import alike_in_meaning, presenting
from kizuna.answer.terms import focus_found
from kizuna.ingest.text import content_words, fold_diacritics, is_cjk, tokenize

_LATIN_NAME = re.compile(r"(?<![\w])[A-ZÀ-Ỹ][\wÀ-ỹ]*(?:[-'][\wÀ-ỹ]+)?")
_KATAKANA_NAME = re.compile(r"[ァ-ヶー・]{3,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# capitalised words that are not names (sentence openers, titles) in the three languages
_NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "so", "and", "but", "from", "over", "around", "about", "according",
    "during", "since", "with", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i",
    "dr", "mr", "ms", "mrs", "h.e", "vice", "minister", "ambassador", "director", "general", "prime",
    "deputy", "executive", "regional", "two", "many", "more", "than", "năm", "ngày", "tháng", "có",
    "hơn", "khoảng", "bộ", "các", "những", "nhật", "bản", "việt", "nam", "người", "bệnh", "viện",
    # Vietnamese titles: Tiến sĩ, Ông, Bà, Thủ tướng, Thứ trưởng, Đại sứ, Giám đốc, Chủ tịch, Phó, Giáo sư, Bác sĩ
    "tiến", "sĩ", "ông", "bà", "thủ", "thứ", "tướng", "trưởng", "đại", "sứ", "giám", "đốc", "chủ", "tịch", "phó",
    "giáo", "sư", "bác", "ts", "ths", "pgs", "gs", "bs",
    "phường", "quận", "tỉnh", "huyện", "xã",  # and of places
}
# as written: a title is told from a name by its diacritics (trưởng is a title, Trường and Truong are names)
NOT_NAMES_WRITTEN = frozenset(_NOT_NAMES)
_NOT_NAMES |= {fold_diacritics(w) for w in _NOT_NAMES}  # names are compared folded (bộ → bo)
# a capitalised word that opens a sentence and is no name ("Regarding medical assistance, Nam …")
_OPENERS = frozenset(
    "regarding according however meanwhile besides furthermore moreover also currently notably similarly "
    "additionally previously recently earlier later today yesterday accordingly therefore thus overall "
    "further following".split()
)


def without_gazetteer_names(text: str) -> str:
    """The text with the gazetteers' names (ministries, places, hospitals, organisations) blanked: they are
    compared as groups, in every spelling (gazetteer_differences), not as words (Hà Nội = Hanoi = Ha Noi,
    HCM City = Ho Chi Minh City)."""
    # longest first: "Ministry of Health" must not blank the head of "Ministry of Health, Labour and Welfare"
    for shown in sorted({n for gazetteer in GAZETTEERS for n in gazetteer.names_in(text)}, key=len, reverse=True):
        text = text.replace(shown, " " * len(shown))  # same length: spans still point into the text
    return text


def names(text: str) -> set[str]:
    """Name tokens, lower-cased and without diacritics (Vũ Hồng Nam = Vu Hong Nam): capitalised words (but
    common openers and titles, and ministries, countries and cities), katakana runs."""
    text = without_gazetteer_names(unicodedata.normalize("NFKC", text).strip())
    tokens = set()
    for m in _LATIN_NAME.finditer(text):
        if not m.group(0)[0].isupper():  # À-Ỹ spans lower-case letters too (đưa)
            continue
        word = fold_diacritics(m.group(0)).lower()
        opens = not text[: m.start()].strip() or text[: m.start()].rstrip().endswith((".", ":", ";"))
        if opens and (word in _OPENERS or word.endswith(("ing", "ly")) or not tokenize(word)):  # There, This
            continue
        if word not in _NOT_NAMES and word not in MONTHS and not word.isdigit():  # a month is a date
            tokens.add(word)
    tokens |= {m.group(0) for m in _KATAKANA_NAME.finditer(text)}
    return tokens


def _same_stem(name: str, others: set[str]) -> bool:
    """Japan / Japanese, Vietnam / Vietnamese: one name is the other's start (four letters at least)."""
    return any(len(a) >= 4 and b.startswith(a) for o in others for a, b in ((name, o), (o, name)))


def _script(text: str) -> str:
    return "cjk" if _CJK.search(text) else "latin"


@dataclass(frozen=True)
class Difference:
    kind: str  # "number" (dates included) | "name" | "term" (a word put in place of another)
    claim: str  # as the claim has it
    source: str  # as the source has it ("" when it says nothing there)
    dated: bool = False  # a number read as a year, a month or a day, or a whole date

    @property
    def label(self) -> str:
        """What a reader is told the difference is in: "date" for a number written as a date (kind stays
        "number": dates are compared as numbers), else the kind; a year alone when it was read as one (not
        "2010 nurses")."""
        if self.kind == "number" and (self.dated or any(_DATE_WORDS.search(t) for t in (self.claim, self.source) if t)):
            return "date"
        return self.kind

    def to_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "claim": self.claim, "source": self.source}


# a date as the differences show it: a month or a day named, 2024年 (not 3年間), tháng 11, 15/11/2024
_DATE_WORDS = re.compile(
    rf"\d\s*年(?!間)|\d\s*月|\d\s*日(?!間)|\b(?:tháng|ngày)\s+\d|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
    rf"|\b(?:{'|'.join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))})\b",
    re.IGNORECASE,
)


def differences(claim: str, source: str, context: str = "") -> list[Difference]:
    """What the claim states that the source sentence states otherwise: numbers (dates included) that
    neither the sentence nor its `context` (the passage) holds, paired in order with the sentence's numbers
    the claim does not hold (an empty source side: the source says nothing there); and, in the same script
    only, names put in place of the sentence's names."""
    # a date that differs is shown whole, and its numbers are not compared again one by one (its month
    # beside it, or its "2" of 9/2/2025 paired with a count: "2 hospitals" in the same claim is compared)
    dates = date_differences(claim, source, context)
    rest = unicodedata.normalize("NFKC", claim)
    for whole in dates:
        rest = rest.replace(whole.claim, " ")
    out: list[Difference] = []
    claimed, stated = quantities(rest), quantities(source)
    around = stated + quantities(context) + spelled_numbers(source)
    wrong = [q for q in claimed if not matches(q, around)]
    unused = [q for q in stated if not matches(q, claimed)]
    # a count the claim spells out ("bốn lý do", "thirty-six patients", 四つの柱) is held against the count
    # the sentence gives, but is no obligation: "the two countries" may be "both" in the source. "one" is
    # an article as often as a number
    claim_spelled = spelled_numbers(rest)
    spelled = [q for q in claim_spelled if q.value != 1 and not matches(q, around)]
    unused_spelled = [q for q in spelled_numbers(source) if not matches(q, claimed + claim_spelled)]
    # a count of the same thing said in the same words is its other version ("53 HAE patients" is "35 HAE
    # patients", not "over 70 seminars")
    same_thing = {claimed_.split()[0]: stated_.split()[0] for claimed_, stated_ in recounted(rest, source)}
    for q in [*wrong, *spelled]:  # each paired with the closest (by ratio) of the source's numbers the claim
        # lacks, of the same sort: "500 beds" is not another version of "2025年11月", nor 2016 of "7,500 people";
        # the source's counts in words too ("5点を挙げた" against "gave three reasons"), but not "one" (an
        # article as often) nor "two" ("the two countries" is no other version of the claim's 5 hospitals), nor a
        # rank ("the third meeting")
        rank = _rank(q.text, rest)  # a rank is held against a rank (第2位 against "third-largest"), a count a count
        pool = unused + [
            o for o in unused_spelled if q in spelled or (spelled_ordinal(o) == rank and (rank or o.value > 2))
        ]
        alike = [o for o in pool if sort_of(o) == sort_of(q)]
        near = next((o for o in alike if o.text == same_thing.get(q.text)), None) or min(
            alike, key=lambda o: abs(math.log((abs(q.value) + 1) / (abs(o.value) + 1))), default=None
        )
        if near is not None:
            (unused if near in unused else unused_spelled).remove(near)
        elif q in spelled:
            continue
        out.append(Difference("number", q.text, near.text if near else "", dated=sort_of(q) != "count"))
    out += dates + code_differences(claim, source, context)
    if _script(claim) == _script(source):
        claimed_names, stated_names = names(claim), names(source)
        extra = sorted(claimed_names - stated_names)
        missing = sorted(stated_names - claimed_names)
        # a substitution, not an omission: the claim names someone or somewhere the sentence does not,
        # where the sentence names another
        present = fold_diacritics(unicodedata.normalize("NFKC", source)).lower()
        extra = [n for n in extra if n.lower() not in present and not _same_stem(n, stated_names)]
        missing = [n for n in missing if not _same_stem(n, claimed_names)]
        if extra and missing:
            out.append(Difference("name", " ".join(extra), " ".join(missing)))
    return out


def _rank(number: str, text: str) -> bool:
    """Is this number of the text a rank (第2位, 2nd), not a count?"""
    n = re.escape(number)
    return bool(re.search(rf"第\s*{n}(?!\d)|(?<!\d){n}\s*(?:位|番目|st\b|nd\b|rd\b|th\b)", text))


def code_differences(claim: str, source: str, context: str = "") -> list[Difference]:
    """A document number the claim gives that neither the sentence nor its passage does, where the sentence
    gives another of the same kind (68-NQ/TW for 決議第57-NQ/TW号: both resolutions of the Party)."""
    claimed, stated = _by_key(codes(claim)), _by_key(codes(source))
    out = []
    for key in sorted(set(claimed) - set(stated) - set(_by_key(codes(context)))):
        others = sorted(stated[k] for k in set(stated) - set(claimed) if code_kind(stated[k]) == code_kind(claimed[key]))
        if others:
            out.append(Difference("number", claimed[key], others[0]))
    return out


def _by_key(found: AbstractSet[str]) -> dict[str, str]:
    """Document numbers by what tells them apart: 787/2024/QĐ-BYT is 787/QĐ-BYT with its year written in."""
    return {re.sub(r"/(?:19|20)\d{2}(?=/)", "", code): code for code in found}


def stated_nearby(found: Sequence[Difference], nearby: str) -> list[Difference]:
    """`found` less the numbers a sentence leaves unsaid (an empty source side) that `nearby` (the passage
    before the sentence's) states: "the 2025–2026 framework's nine core tasks" where the passage before
    announces the framework for 2025–2026. A number the sentence states otherwise stays."""
    around = quantities(nearby) + spelled_numbers(nearby)

    def said_nearby(d: Difference) -> bool:
        claimed = quantities(d.claim) or spelled_numbers(d.claim)
        return d.kind == "number" and not d.source and bool(claimed) and all(matches(q, around) for q in claimed)

    return [d for d in found if not said_nearby(d)]


def _dates(text: str) -> list[tuple[str, tuple[int | None, int | None, int | None]]]:
    return [(f.original, f.date) for f in facts_of(text) if f.kind == "date" and f.date and f.date[0]]


def _agrees(claimed: tuple, stated: tuple) -> bool:
    """Does a stated date say what the claimed one does, in every part the claim gives?"""
    return all(c is None or c == s for c, s in zip(claimed, stated, strict=True))


def date_differences(claim: str, source: str, context: str = "") -> list[Difference]:
    """Dates, read whole (9/2/2025 is 9 February; 2025年1月9日 is 9 January): a claimed date that no date of
    the sentence or its passage agrees with, where the sentence gives another day or month of the same year.
    Its numbers alone would not tell: 9, 2 and 2025 may each stand somewhere in the passage."""
    stated = _dates(source)
    around = stated + _dates(context)
    out = []
    for text, date in _dates(claim):
        if date[1] is None or any(_agrees(date, d) for _, d in around):
            continue
        other = next((t for t, d in stated if d[0] == date[0] and d[1] is not None), None)
        if other is not None:
            out.append(Difference("number", text, other, dated=True))
    return out


# a title in capitals: two capitalised words or more, joined by lower-case small words ("Memorandum of
# Cooperation in the Field of Medicine and Health", "Vietnam Administration of Disease Prevention")
_TITLE_RUN = re.compile(
    r"(?<![\w’'])[A-Z][a-z]+(?:(?:\s+(?:of|for|and|the|in|on|to|with))*\s+[A-Z][a-z]+)+(?![\w’'])"
)


def english_titles(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The titles a Latin-script claim gives in English words (a department's, a programme's or a
    document's name), each with its content words: a Japanese text translates them, so they are looked for
    through its words' glosses, not as written. People's names and the gazetteers' names are not titles."""
    vocabulary = english_words()
    written = without_gazetteer_names(unicodedata.normalize("NFKC", text))
    out = []
    for m in _TITLE_RUN.finditer(written):
        words = tuple(content_words(m.group(0)))
        if len(words) >= 2 and all(w in vocabulary for w in words):
            out.append((m.group(0), words))
    return out


def translated_in(title: Sequence[str], text: str) -> bool:
    """Does a Japanese text hold half the content words of an English title at least, through its words'
    glosses (協力覚書: memorandum, cooperation) or in Latin letters? A department or a programme named
    otherwise does not: "Economic Partnership Agreement" for 協力覚書."""
    present = english_of_japanese(text) | frozenset(tokenize(text))
    return 2 * sum(focus_found([word], present) for word in title) >= len(title)


# names a claim can give in one language and its source in another: compared group by group
GAZETTEERS: tuple[Gazetteer, ...] = (
    MINISTRY_NAMES, COUNTRY_NAMES, CITY_NAMES, REGION_NAMES, HOSPITAL_NAMES, ORGANISATION_NAMES
)


def gazetteer_differences(claim: str, source: str, document: str) -> list[Difference]:
    """Ministries, countries or cities the claim names that the source's document never names (in any
    language), where the source sentence names another of the same kind: "Bộ Tài chính" against "… under
    the Ministry of Planning and Investment", "Hàn Quốc" against "… ドイツおよびシンガポールと協力して"."""
    out = []
    for gazetteer in GAZETTEERS:
        # a group the claim speaks of by its adjective is no other ("the Vietnamese drugmaker" against
        # "ベトナムの製薬会社")
        found = _group_difference(gazetteer.mentions, claim, source, document, gazetteer.adjectives(claim).keys())
        out += [found] if found else []
    # a disease put in place of another, only in a sentence naming a body the claim names (diseases.py)
    if _shares_a_body(claim, source) and (found := _group_difference(disease_mentions, claim, source, document)):
        out.append(found)
    return out


def _group_difference(
    mentions: Callable[[str], dict[str, str]], claim: str, source: str, document: str, also: AbstractSet[str] = frozenset()
) -> Difference | None:
    """The groups the claim names that the document never names, against the groups the sentence names
    that the claim does not (nor speaks of: `also`); None unless there are both."""
    claimed, stated, named = mentions(claim), mentions(source), mentions(document)
    absent = [name for group, name in claimed.items() if group not in named]
    others = [name for group, name in stated.items() if group not in claimed.keys() | also]
    return Difference("name", "; ".join(absent), "; ".join(others)) if absent and others else None


def _shares_a_body(claim: str, source: str) -> bool:
    """Does the source name an organisation, a ministry or a hospital the claim names? A disease the claim
    names is held against the source's only then: a sentence on "肺がんワクチン" names another disease than
    a claim on Takeda's dengue vaccine, but it is not about Takeda at all."""
    return any(
        g.mentions(claim).keys() & g.mentions(source).keys()
        for g in (MINISTRY_NAMES, HOSPITAL_NAMES, ORGANISATION_NAMES)
    )


# a plan or an intention a claim states ("Takeda plans to build a factory…", "WHO sẽ cử chuyên gia…",
# "…輸出する計画を発表した"): what is planned is not borne out by a sentence about what was done
# (a verb's plan, not the noun: "research plans", 研究計画, "Kế hoạch hành động …" name documents)
_PLAN_CLAIMED = re.compile(
    r"\b(?:will|plans? to|planned to|planning to|intends? to|intended to|is set to|are set to"
    r"|aims? to|aimed to|aiming to|(?:set|sets|setting) (?:a |an |the )?(?:\w+ )?(?:target|goal)s?)\b"
    r"|[るうくすつぬむぶぐ](?:計画|予定|方針|意向)|目標と(?:する|して)|\bsẽ\b|dự kiến|dự định|(?:có|lên) kế hoạch|đặt mục tiêu",
    re.IGNORECASE,
)
# and the words a source says a plan or an aim with, in any of the three languages
_PLAN_STATED = re.compile(
    r"\b(?:will|would|plans?|planned|planning|intends?|intended|aims?|aimed|aiming|expects?|expected|target(?:s|ed)?"
    r"|scheduled|going to|set to|is to|are to|future|next|upcoming|hopes?|hoped|wish(?:es)?|proposed?|seeks?)\b"
    r"|計画|予定|方針|意向|目指|目標|見込|今後|将来|予想|期待|希望|提案|検討|sẽ|dự kiến|dự định|kế hoạch|nhằm|hướng tới|mục tiêu"
    r"|mong muốn|đề xuất|tương lai",
    re.IGNORECASE,
)


def plan_unstated(claim: str, source: str) -> bool:
    """Does the claim state a plan or an intention that the source sentence does not (it says what was or
    is done, not what is meant to be)?"""
    return bool(_PLAN_CLAIMED.search(claim)) and not _PLAN_STATED.search(source)


def planned_clause(claim: str) -> str:
    """The part of the claim its plan governs: in English and Vietnamese from the first plan word to the end
    of its clause ("…plans to open an office in Hanoi in 2026"; "…, which aims to serve residents, opened …"
    ends at the comma); in Japanese, which ends a clause with it,
    from the clause's start to the plan word ("2026年にハノイで…を開設する予定"). Empty without a plan."""
    text = unicodedata.normalize("NFKC", claim)
    marker = _PLAN_CLAIMED.search(text)
    if marker is None:
        return ""
    if is_cjk(text[marker.start()]) or is_cjk(text[max(marker.end() - 1, 0)]):
        start = max(text.rfind("、", 0, marker.start()), text.rfind("。", 0, marker.start())) + 1
        return text[start : marker.end()]
    end = re.search(r"[,.;!?](?:\s|$)", text[marker.start() :])  # a relative clause's aim ends at its comma
    return text[marker.start() : marker.start() + end.start()] if end else text[marker.start() :]


def all_planned(claim: str, found: Sequence[Difference]) -> bool:
    """Is every point the source states otherwise one the claim says is planned (in planned_clause)? Then the
    source, which states no plan, tells of another event; a count or date the claim gives of what was done
    ("Around 380 people attended the webinar, which aims to…") is still the claim's to differ on."""
    clause = planned_clause(claim)
    stated = [d for d in found if d.source]
    return bool(clause and stated) and all(unicodedata.normalize("NFKC", d.claim) in clause for d in stated)


def contradicts(found: list[Difference]) -> bool:
    """Differences that say the source states something else (not merely nothing) on a point."""
    return any(d.source for d in found)


_WORD = re.compile(r"[^\W\d_]+")
# Words that bound or hedge an amount, and prepositions tokenize keeps: put in place of one another they say
# the same thing ("capital of over 78 billion" for "capital exceeding 78 billion"), so no term differs.
_NOT_TERMS = frozenset(
    "over exceeding exceeds exceeded exceed above more than nearly almost around roughly approximately "
    "some up least at under below fewer less just only between through during among within across since "
    "until per via total totalling totaling".split()
)


_MORE = frozenset("over exceeding exceeds exceeded exceed above more".split())
_LESS = frozenset("under below fewer less".split())


def _says_something(words: Sequence[str]) -> bool:
    return any(t not in _NOT_TERMS for t in tokenize(" ".join(words)))


def _bounds_the_other_way(said: Sequence[str], stated: Sequence[str]) -> bool:
    """"under 78 billion" for "over 78 billion": bounds that point opposite ways do differ."""
    a, b = set(said), set(stated)
    return bool((a & _MORE and b & _LESS) or (a & _LESS and b & _MORE))


def replaced_terms(claim: str, source: str) -> list[Difference]:
    """Words the claim puts where a literal match has others ("the first malaria vaccine" for "the first
    dengue vaccine"): for a quote that matches a sentence almost character for character, only in Latin
    script. A misspelling ("frist" for "first") is not a replacement, nor is a word the source has elsewhere."""
    if _script(claim) != "latin" or _script(source) != "latin":
        return []
    a = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFKC", claim))]
    b = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFKC", source))]
    # names are compared as names (differences) and places as groups, not as replaced words: "Ambassador Ito
    # Naoki" for "the diplomat", "Ho Chi Minh City" for "HCM City"
    named = names(claim) | names(source) | set(tokenize(claim) + tokenize(source)) - set(
        tokenize(without_gazetteer_names(claim)) + tokenize(without_gazetteer_names(source))
    )
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 > 3 or j2 - j1 > 3:
            continue
        if {fold_diacritics(w) for w in a[i1:i2] + b[j1:j2]} & named:
            continue
        said, stated = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if _bounds_the_other_way(a[i1:i2], b[j1:j2]):
            out.append(Difference("term", said, stated))
            continue
        if not (_says_something(a[i1:i2]) and _says_something(b[j1:j2])):
            continue
        if difflib.SequenceMatcher(None, said, stated).ratio() < 0.5 and not set(a[i1:i2]) & set(b):
            if (presenting(a[i1:i2]) and presenting(b[j1:j2])) or alike_in_meaning(said, stated):
                continue  # "set out three reasons" for "gave three reasons", "creating" for "the establishment of"
            out.append(Difference("term", said, stated))
    return out


def near_literal(claim: str, text: str, share: float = 0.75) -> bool:
    """Does the text hold most of the claim's words? Then a word put in place of one of the text's is a
    replacement ("the first malaria vaccine" for "the first dengue vaccine"); in a looser paraphrase the word
    alignment pairs words that say different things ("opened a factory" against "licensed for use")."""
    words = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFKC", claim))]
    present = {w.lower() for w in _WORD.findall(unicodedata.normalize("NFKC", text))}
    return bool(words) and sum(w in present for w in words) >= share * len(words)
