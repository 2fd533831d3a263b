"""What the answer model looks at, per candidate sentence (pure functions over one question's scores).

Every sentence of every retrieved hit is a candidate. Its features: the dense retrievers' similarity to
the question (the sentence's own, and its neighbours' — the answer often sits one sentence after the best
match), the question's idf-weighted vocabulary and its key terms (names, numbers) in the sentence and in its
passage, the hit's rank, whether the sentence holds the kind of answer asked for (a number for "how many",
a date for "when", a name for "who"), and whether it is a heading, caption or title line.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kizuna.answer.extract import dense_evidence, idf_coverage, looks_like_heading, question_idf
from kizuna.answer.facts import find_facts
from kizuna.index.model import Index
from kizuna.ingest.text import content_words, detect_lang, fold_diacritics, tokenize
from kizuna.models import Hit
from kizuna.retrieval.searcher import Scores

# ---- expected answer type, in English, Japanese and Vietnamese ---------------------------------------
_TYPE_PATTERNS = (
    (
        "date",
        r"\bwhen\b|\bwhat (year|date|month|day)\b|\bwhich (year|date|month)\b|\bsince when\b"
        r"|いつ|何年|何月|何日|時期|日付|khi nào|bao giờ|năm nào|ngày nào|tháng nào|thời điểm nào|lúc nào",
    ),
    (
        "number",
        r"\bhow (many|much|large|big|long)\b|\bwhat (percentage|share|proportion|rate|number|amount)\b"
        r"|\b(rate|percentage|number) of\b|何件|何人|何名|何社|何回|何か国|何カ国|何台|何校|何%|何パーセント|いくつ|いくら|何か所|何割|何歳"
        r"|どのくらい|どれくらい|割合|数は|bao nhiêu|mấy|tỷ lệ|bao lâu",
    ),
    ("person", r"\bwho\b|\bwhom\b|\bwhose\b|誰|だれ|どなた|\bai\b|người nào"),
    (
        "place",
        r"\bwhere\b|\bwhich (city|country|province|place)\b|どこ|どの(都市|国|地域|場所)|ở đâu|nơi nào"
        r"|tỉnh nào|thành phố nào|nước nào",
    ),
    (
        "organisation",
        r"\bwhich (company|organi[sz]ation|agency|hospital|ministry|university|firm|institution|drug ?maker)\b"
        r"|どの(会社|企業|機関|病院|大学|省)|どこが|công ty nào|tổ chức nào|cơ quan nào|bệnh viện nào|bộ nào",
    ),
    (
        "yesno",
        r"^(is|are|was|were|did|does|do|has|have|can|will)\b|ですか[?？]?$|ましたか[?？]?$|ますか[?？]?$"
        r"|có phải|không[?？]?$",
    ),
)
TYPES = tuple(name for name, _ in _TYPE_PATTERNS)
_TYPE_RE = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _TYPE_PATTERNS}


def expected_answer_type(question: str) -> str | None:
    """The first matching kind (date, number, person, place, organisation, yes/no), or None ("what …")."""
    q = unicodedata.normalize("NFKC", question).strip()
    for name in TYPES:
        if name == "yesno":  # 誰ですか is a person question that also ends in ですか: checked last
            continue
        if _TYPE_RE[name].search(q):
            return name
    return "yesno" if _TYPE_RE["yesno"].search(q) else None


_DATE_RE = re.compile(
    r"(?<!\d)(19|20)\d{2}(?!\d)|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}月\d{1,2}日|令和|平成|tháng \d"
    r"|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"\d")
# a capitalised name of two or more words (Ito Naoki, Dang Quang Tan), a title (Dr, Minister, Ambassador)
# or a Japanese name/title (katakana run with ・, 博士, 氏, 大臣, 大使)
_PERSON_RE = re.compile(
    r"\b(Dr|Mr|Ms|Mrs|H\.E\.|Minister|Ambassador|Director|President|Prime Minister)\b"
    r"|\b[A-Z][a-zà-ỹ]+ [A-Z][a-zà-ỹ]+( [A-Z][a-zà-ỹ]+)?\b|[ァ-ヶー]+・[ァ-ヶー]+|博士|氏|大臣|大使|局長"
)
_ORG_RE = re.compile(
    r"\b(Ministry|Agency|Company|Group|Hospital|University|Organi[sz]ation|JICA|WHO|ERIA|Society|Centre|Center)\b"
    r"|製薬|株式会社|大学|病院|省|機関|ホールディングス|Bộ|Công ty|Bệnh viện"
)
_PLACE_RE = re.compile(
    r"\b(Hanoi|HCM City|Ho Chi Minh|Tokyo|Himeji|Japan|Vietnam|Viet Nam|Da Nang|city|province)\b"
    r"|市|県|都|ハノイ|ホーチミン|Hà Nội|TP\.? ?HCM"
)


# what a "how many" answer must hold beyond a number, when the question says so; durations ("how long")
# are often answered by a span of dates, so they ask for no quantity at all
_DURATION_RE = re.compile(r"\bhow long\b|bao lâu|どのくらいの期間|何年間|何か月", re.IGNORECASE)
_PERCENT_RE = re.compile(r"\bpercent(age)?\b|パーセント|何%|phần trăm", re.IGNORECASE)
_MONEY_RE = re.compile(
    r"\bhow much (money|funding|capital|investment)\b|\b(worth|cost|budget)\b|いくら|金額|費用|予算|資金"
    r"|bao nhiêu tiền|trị giá|kinh phí|ngân sách|vốn",
    re.IGNORECASE,
)
_MONEY_UNITS = ("USD", "yen", "VND")
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


# what a "how many" question counts, when it says so, as facts.py's canonical units: "how many people /
# HAE patients / Japanese companies", 何人, 何件, 何社, bao nhiêu người / dự án. Its answer may count in a
# compatible unit (patients are people; 件 counts cases and projects alike) or in none ("7,500 healthcare
# professionals"), but not in another known one: "52 years" or "78 billion USD" do not say how many people.
_PEOPLE_NOUNS = (
    "people|persons|participants|attendees|nurses|doctors|physicians|workers|staff|students|trainees"
    "|professionals|experts|residents|citizens|caregivers|employees|volunteers|visitors|children|members"
)
_COUNTED = (
    ("patients", re.compile(r"\bhow many (?:[\w-]+ ){0,2}?patients\b|何人の患者|患者数|患者は何|(?:bao nhiêu|mấy) bệnh nhân", re.I)),
    (
        "people",
        re.compile(
            rf"\bhow many (?:[\w-]+ ){{0,2}}?(?:{_PEOPLE_NOUNS})\b|何人|何名|人数|(?:bao nhiêu|mấy) (?:người|chuyên gia|y tá|bác sĩ)",
            re.I,
        ),
    ),
    ("projects", re.compile(r"\bhow many (?:[\w-]+ ){0,2}?projects\b|プロジェクト数|(?:bao nhiêu|mấy) dự án", re.I)),
    (
        "companies",
        re.compile(
            r"\bhow many (?:[\w-]+ ){0,2}?(?:companies|firms|enterprises)\b|何社|企業数|社数"
            r"|(?:bao nhiêu|mấy) (?:công ty|doanh nghiệp)",
            re.I,
        ),
    ),
    ("cases", re.compile(r"\bhow many (?:[\w-]+ ){0,2}?cases\b|何件|件数|(?:bao nhiêu|mấy) (?:ca|trường hợp)\b", re.I)),
)
_COMPATIBLE = {
    "people": {"people", "patients"},
    "patients": {"patients", "people", "cases"},
    "projects": {"projects", "cases"},
    "companies": {"companies"},
    "cases": {"cases", "patients", "projects"},
}


def counted_unit(question: str) -> str | None:
    """The unit a "how many" question counts in (a canonical unit of facts.py), or None when it names none."""
    q = unicodedata.normalize("NFKC", question)
    return next((unit for unit, pattern in _COUNTED if pattern.search(q)), None)


def answers_kind(question: str, text: str) -> bool:
    """Can `text` answer `question` at all, by its kind? A "when" question needs a date; a "how many" one
    a count or an amount (a percentage, a sum of money, a number of hours or days, an age when it asks
    for one; a count in the unit it names, counted_unit). Other kinds, and durations, are not checked here (names are too varied to demand without a
    model; "how long" is often answered by a span of dates)."""
    kind = expected_answer_type(question)
    q = unicodedata.normalize("NFKC", question)
    if kind == "date":
        return has_answer_type(text, "date")
    if kind != "number" or _DURATION_RE.search(q):
        return True
    facts = [f for f in find_facts(text, detect_lang(text)) if f.kind in ("quantity", "unread")]
    if _PERCENT_RE.search(q):
        return any(f.unit == "%" for f in facts) or bool(_PERCENT_TEXT.search(text))
    if _TIME_COUNT_RE.search(q):
        return bool(_TIME_TEXT.search(unicodedata.normalize("NFKC", text)))
    if _AGE_RE.search(q):
        return any(f.unit == "years old" for f in facts) or bool(_AGE_TEXT.search(unicodedata.normalize("NFKC", text)))
    if _MONEY_RE.search(q):
        return any(f.unit in _MONEY_UNITS for f in facts) or bool(_MONEY_TEXT.search(text))
    wanted = counted_unit(q)
    if wanted is not None:  # a count of what is asked, or of nothing said: not a count of something else
        return any(f.unit is None or f.unit in _COMPATIBLE[wanted] for f in facts)
    return bool(facts)  # a number read or not: only its presence is asked for here


# Per-sentence values that do not depend on the question are kept per text (bounded): a server meets the
# same sentences among many questions' candidates, and recomputing them was ~5 ms of a ~48 ms question
# (cProfile over the load test's questions). Pure functions of the text, so answers are unchanged.
SENTENCE_CACHE = 65_536


@lru_cache(maxsize=SENTENCE_CACHE)
def date_precision(text: str) -> float:
    """How much of a date the text's fullest one gives: a year alone 1/3, a year and month (or a month and
    day) 2/3, a day, month and year 1; 0 without a date. "When was it signed?" is answered better by
    2024年11月15日 than by "in 2024"."""
    dates = [f.date for f in find_facts(text, detect_lang(text)) if f.kind == "date" and f.date]
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
        return any(f.kind in ("quantity", "unread") for f in find_facts(text, detect_lang(text)))
    if kind == "person":  # "who organised it?" is answered by an organisation as often as by a person
        return bool(_PERSON_RE.search(text) or _ORG_RE.search(text))
    if kind == "organisation":
        return bool(_ORG_RE.search(text))
    if kind == "place":
        return bool(_PLACE_RE.search(text))
    return False


# ---- key terms: names and numbers the answer or its passage must share with the question --------------
# a Latin-script word (with Vietnamese letters, so "Chợ Rẫy" is two words, not "Ch"), digits and the joiners
# of codes (57-NQ/TW), or a katakana run (a name written in Japanese)
_LATIN = r"A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff"
_WORD_RE = re.compile(rf"[{_LATIN}](?:[{_LATIN}\-/.,]*[{_LATIN}])?|[ァ-ヶー]{{2,}}")
# a Japanese proper name in kanji, known by what it ends with: 大阪府, 神奈川県, 保健省, 国立小児病院, 大正製薬
_KANJI_NAME_RE = re.compile(
    r"[\u4e00-\u9fff々]{1,8}?(?:府|県|都|市|省|庁|病院|大学|製薬|機構|協会|銀行)(?![\u4e00-\u9fff々])"
)


def key_terms(question: str) -> set[str]:
    """Capitalised words, numbers, katakana names and codes (57-NQ/TW) of a question, lower-cased, Latin
    ones without diacritics (Chợ Rẫy → cho, ray: names meet their unaccented English spelling); the
    question's first word is left out (it is capitalised because it starts the sentence)."""
    q = unicodedata.normalize("NFKC", question)
    keys = set()
    for m in _WORD_RE.finditer(q):
        word = m.group(0)
        if "ァ" <= word[0] <= "ヶ":
            keys.add(word)
        elif any(c.isdigit() for c in word) or (word[0].isupper() and len(word) >= 2 and m.start() > 0):
            keys.add(fold_diacritics(word.lower()))
    keys.update(m.group(0) for m in _KANJI_NAME_RE.finditer(q))
    return keys


@lru_cache(maxsize=SENTENCE_CACHE)
def _folded(text: str) -> tuple[str, str]:
    """The text NFKC-normalised and lower-cased; and that without diacritics (for Latin keys only: folding
    would also strip katakana's voicing marks, ベ → ヘ)."""
    t = unicodedata.normalize("NFKC", text).lower()
    return t, fold_diacritics(t)


def key_coverage(keys: set[str], text: str) -> float:
    """Share of the keys in the text: a Latin key where a word starts (viet in Vietnamese, not bo in
    about), a Japanese one anywhere."""
    if not keys:
        return 1.0
    t, folded = _folded(text)

    def found(key: str) -> bool:
        if not ("0" <= key[0] <= "9" or "a" <= key[0] <= "z"):  # a Japanese name: no word boundaries
            return key in t
        return re.search(rf"(?<![{_LATIN}]){re.escape(key)}", folded) is not None

    return sum(found(k) for k in keys) / len(keys)


def checkable_keys(keys: set[str], question_lang: str, passage_lang: str) -> set[str]:
    """The key terms whose absence from a passage says something: all of them in the question's own
    language; across languages only numbers and codes (2025, 57-NQ/TW), and Latin-script names when the
    passage is in Latin script too (Takeda, JICA, Cho Ray are spelled alike in English and Vietnamese; a
    Japanese passage writes them in its own script, and a katakana or kanji name has no English form here)."""
    if question_lang == passage_lang:
        return set(keys)
    latin_passage = passage_lang in ("en", "vi")
    return {k for k in keys if any(c.isdigit() for c in k) or (latin_passage and "a" <= k[0] <= "z")}


FEATURES = (
    "dense",  # calibrated dense similarity of the sentence (weighted over the dense retrievers)
    "dense_neighbour",  # best of the previous sentence's and the next one's
    "lexical",  # idf-weighted share of the question's tokens in the sentence
    "lexical_window",  # … in the sentence and its two neighbours
    "keys_sentence",  # share of the question's key terms (names, numbers) in the sentence
    "keys_passage",  # … in its passage
    "inverse_rank",  # 1 / rank of the hit
    "passage_z",  # the hit's fused score, standardised over the hits
    "typed",  # the question expects a kind of answer and the sentence holds one
    "untyped",  # the question expects one and the sentence holds none
    "heading",  # a heading, caption, title line or question
    "short",  # a sentence under 40 characters
    "dense_rank",  # 1 / the sentence's rank by dense similarity among the candidates
    "support",  # raw question-sentence cosine under the main dense retriever (0 without one)
    "same_language",  # the sentence is in the question's language
    "phrase",  # share of the question's adjacent token pairs adjacent in the sentence too ("Japanese Ambassador")
    # the question's focus: its content words other than the names it gives and its question words ("beds",
    # "budget", "doses" in "Vinmec's beds", "JICA's budget"); an answer about the named entity that never
    # mentions what is asked of it is no answer. Lexical, so 0 for a sentence in another language.
    "focus_window",  # idf-weighted share of the focus in the sentence and its two neighbours
    "focus_passage",  # … in its passage
    "focus_missing",  # the most specific focus word absent from the passage (its idf, scaled to 0..1)
    "date_precision",  # a "when" question: how much less of a date (year, month, day) than its passage's fullest
)


def phrase_coverage(question_tokens: Sequence[str], sentence_tokens: Sequence[str]) -> float:
    """Share of the question's adjacent token pairs that are adjacent in the sentence (word order matters:
    "Japanese Ambassador to Vietnam" is not "Vietnamese Ambassador to Japan")."""
    wanted = set(itertools.pairwise(question_tokens))
    if not wanted:
        return 0.0
    present = set(itertools.pairwise(sentence_tokens))
    return len(wanted & present) / len(wanted)


# words that ask rather than say what is asked about (tokens as `tokenize` gives them: folded, lower-cased)
_QUESTION_WORDS = frozenset(
    "many much long often year years date day days month kind type name names "  # how many, what year …
    "ai gi nao bao nhieu may khi dau gio luc ten nam".split()  # ai, gì, nào, bao nhiêu, mấy, khi nào, năm …
    # English function words that tokenize's stopwords keep: they say nothing of what is asked about
    # ("between" in "What did Takeda do between 2021 and 2024?" is answered by "From 2021 to 2024")
    + "between through during among within without before after under over across against along around "
    "since until till toward towards upon per via all each every some other such than then only just "
    "more most very".split()
)
_JA_QUESTION = re.compile("[何誰幾]")


def focus_tokens(question: str) -> list[str]:
    """The question's content words other than its names, numbers and codes (key_terms) and its question
    words: what it asks *about* the entity it names."""
    keys = set(tokenize(" ".join(key_terms(question))))
    return [
        t
        for t in dict.fromkeys(content_words(question))
        if t not in keys and t not in _QUESTION_WORDS and not _JA_QUESTION.search(t)
    ]


_SUFFIXES = ("ing", "ies", "es", "ed", "s")  # light English inflections: beds/bed, funded/fund


def _stem(token: str) -> str:
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def _forms(token: str) -> tuple[str, ...]:
    """What an inflection of a Latin token shares with it: the token, its stem after a light suffix
    strip, and its first five letters (diagnosed / diagnosing, plant / plants, bed / beds)."""
    if not (token.isascii() and token.isalpha()):
        return (token,)  # Japanese bigrams and numbers match as they are
    forms = (token, "~" + _stem(token))
    return (*forms, token[:5] + "…") if len(token) >= 5 else forms


@lru_cache(maxsize=SENTENCE_CACHE)
def _inflected(tokens: frozenset[str]) -> frozenset[str]:
    return frozenset(form for t in tokens for form in _forms(t))


def focus_found(focus: Sequence[str], tokens: AbstractSet[str]) -> bool:
    """Does any of the question's focus words occur in `tokens` (a text's tokens as `tokenize` gives
    them)? Latin words also as an inflection of one another (equal after a light suffix strip, or sharing
    their first five letters); Japanese bigrams as they are. True when the question has no focus words
    (nothing to look for)."""
    if not focus:
        return True
    present = _inflected(frozenset(tokens))
    return any(form in present for word in focus for form in _forms(word))


def focus_columns(
    idf: Mapping[str, float],
    windows: Sequence[AbstractSet[str]],
    passages: Sequence[AbstractSet[str]],
    same_language: np.ndarray,
    top: float,
) -> np.ndarray:
    """focus_window, focus_passage, focus_missing per candidate, from the focus words' idf (`top`: the
    largest idf there is; zeros without focus words, or for a sentence in another language)."""
    out = np.zeros((len(windows), 3))
    if not idf:
        return out
    for i, (window, passage) in enumerate(zip(windows, passages, strict=True)):
        if same_language[i]:
            out[i] = (
                idf_coverage(idf, window),
                idf_coverage(idf, passage),
                max((w for t, w in idf.items() if t not in passage), default=0.0) / top,
            )
    return out


@lru_cache(maxsize=SENTENCE_CACHE)
def sentence_tokens(text: str) -> tuple[str, ...]:
    """A candidate sentence's tokens in order (for phrase_coverage), kept per text."""
    return tuple(tokenize(text))


@lru_cache(maxsize=SENTENCE_CACHE)
def text_tokens(text: str) -> frozenset[str]:
    """A passage's token set, kept per text."""
    return frozenset(tokenize(text))


@dataclass(frozen=True)
class CandidateSet:
    rows: list[int]  # sentence rows
    hits: list[int]  # 1-based hit rank of each
    positions: list[int]  # into scores.rows
    X: np.ndarray  # (candidates, len(FEATURES))
    focus: tuple[str, ...] = ()  # the question's focus words (focus_tokens), empty when it has none


def _z(values: np.ndarray) -> np.ndarray:
    std = values.std()
    return (values - values.mean()) / std if std > 1e-9 else np.zeros_like(values)


def candidate_features(index: Index, scores: Scores, hits: Sequence[Hit]) -> CandidateSet | None:
    """Features of every sentence of these hits (None when they hold no sentence)."""
    if not hits:
        return None
    rank_of = {index.position(h.passage.key): h.rank for h in hits}
    owners_all = index.sentences[scores.rows, 0] if len(scores.rows) else np.zeros(0, np.int64)
    positions = [int(i) for i in np.flatnonzero(np.isin(owners_all, list(rank_of)))]
    if not positions:
        return None
    rows = [int(scores.rows[i]) for i in positions]
    owners = [int(index.sentences[r, 0]) for r in rows]
    texts = [index.sentence_text(r) for r in rows]
    df, n_docs = index.document_frequencies()
    tokens = tokenize(scores.question)
    dense = dense_evidence(scores.sentences, scores.weights, positions)
    if len(dense) != len(rows):
        dense = np.zeros(len(rows))
    row_at = {r: i for i, r in enumerate(rows)}
    neighbour = np.array(
        [
            max((dense[row_at[n]] for n in (r - 1, r + 1) if n in row_at and owners[row_at[n]] == o), default=dense[i])
            for i, (r, o) in enumerate(zip(rows, owners, strict=True))
        ]
    )
    idf = question_idf(tokens, df, n_docs)
    lexical = np.array([idf_coverage(idf, index.sentence_tokens(r)) for r in rows])
    window, window_tokens = [], []
    for r, o in zip(rows, owners, strict=True):
        near = [n for n in (r - 1, r, r + 1) if n in row_at and owners[row_at[n]] == o]
        window_tokens.append(frozenset().union(*(index.sentence_tokens(n) for n in near)))
        window.append(idf_coverage(idf, window_tokens[-1]))
    keys = key_terms(scores.question)
    passage_text = {o: index.passages[o].text for o in set(owners)}
    fused = dict(zip(scores.ids.tolist(), scores.total.tolist(), strict=True))
    hit_ids = sorted(rank_of, key=rank_of.get)
    passage_z = dict(zip(hit_ids, _z(np.array([fused.get(i, 0.0) for i in hit_ids])), strict=True))
    kind = expected_answer_type(scores.question)
    question_lang = detect_lang(scores.question)
    typed = np.array([has_answer_type(t, kind) for t in texts], dtype=float)
    same_language = np.array([index.passages[o].lang == question_lang for o in owners], dtype=float)
    passage_tokens = {o: text_tokens(t) for o, t in passage_text.items()}
    asks = float(kind not in (None, "yesno"))
    focus = focus_tokens(scores.question)
    X = np.column_stack(
        [
            dense,
            neighbour,
            lexical,
            np.array(window),
            np.array([key_coverage(keys, t) for t in texts]),
            np.array([key_coverage(keys, passage_text[o]) for o in owners]),
            np.array([1.0 / rank_of[o] for o in owners]),
            np.array([passage_z[o] for o in owners]),
            typed * asks,
            (1 - typed) * asks,
            np.array([looks_like_heading(t) for t in texts], dtype=float),
            np.array([len(t.strip()) < 40 for t in texts], dtype=float),
            1.0 / (1 + np.argsort(np.argsort(-dense))),
            np.array([support_scaled(scores.support(p)) for p in positions]),
            same_language,
            np.array([phrase_coverage(tokens, sentence_tokens(t)) for t in texts]),
            focus_columns(
                question_idf(focus, df, n_docs),
                window_tokens,
                [passage_tokens[o] for o in owners],
                same_language,
                math.log(1 + n_docs),
            ),
            precision_within_passage(texts, owners) if kind == "date" else np.zeros(len(texts)),
        ]
    )
    return CandidateSet(rows, [rank_of[o] for o in owners], positions, X, tuple(focus))


def sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    return 1 / (1 + np.exp(-np.clip(z, -60, 60)))




def support_scaled(cosine: float | None) -> float:
    """The raw question–sentence cosine on a usable scale: e5 cosines of related texts sit in 0.75–0.95,
    so (cos - 0.8) × 10 spreads them over about -0.5..1.5 (0 without a dense retriever)."""
    return 0.0 if cosine is None else (cosine - 0.8) * 10
