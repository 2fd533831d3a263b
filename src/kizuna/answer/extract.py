"""Extractive answers: the answer type, the sentence-level helpers and the Answer itself.

No language model: candidate sentences are scored by a learned logistic ranker over their features
(features.py, model.py) and the answer is chosen and given its confidence in select.py.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from kizuna.answer.facts import facts_of
from kizuna.ingest.text import tokenize
from kizuna.settings import AnswerSettings


@dataclass(frozen=True)
class Candidate:
    row: int  # sentence row in the index
    hit: int  # 1-based rank of the hit (passage) it belongs to
    start: int  # span in the passage
    end: int
    score: float


@dataclass(frozen=True)
class Answer:
    text: str
    hit: int  # 1-based rank of the cited hit: the [n] marker
    key: str  # citation key of that passage
    span: tuple[int, int]  # in the passage
    doc_span: tuple[int, int]  # in the cleaned document
    score: float  # the ranker's score (logit) of the chosen sentence among the candidates
    support: float  # what abstention is based on: the answer model's calibrated probability (= confidence)
    confidence: float
    abstained: bool
    grounded: bool = True  # False: the question names something (a year) the passage never mentions
    # why an ungrounded answer is declined, when a check can say (select.decline_reason): "no date",
    # "no number", "years", or one of binding.unbound's reasons
    declined_because: str | None = None
    unnamed: tuple[str, ...] = ()  # "unnamed": the question's names the answer's document never gives

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "marker": f"[{self.hit}]",
            "citation": {"hit": self.hit, "id": self.key},
            "span": {"start": self.span[0], "end": self.span[1]},
            "doc_span": {"start": self.doc_span[0], "end": self.doc_span[1]},
            "score": round(self.score, 4),
            "support": round(self.support, 4),
            "confidence": round(self.confidence, 4),
            "abstained": self.abstained,
            "grounded": self.grounded,
            "declined_because": self.declined_because,
            "unnamed": list(self.unnamed),
        }


def document_frequencies(texts: Iterable[str]) -> tuple[Counter, int]:
    df: Counter = Counter()
    n = 0
    for text in texts:
        df.update(set(tokenize(text)))
        n += 1
    return df, n


def lexical_coverage(
    question_tokens: Sequence[str], sentence: str | AbstractSet[str], df: Mapping[str, int], n_docs: int
) -> float:
    """Share of the question's idf mass whose tokens occur in the sentence (0..1).

    `sentence` is its text, or its token set when the caller has it already (the index caches them).
    """
    present = set(tokenize(sentence)) if isinstance(sentence, str) else sentence
    return idf_coverage(question_idf(question_tokens, df, n_docs), present)


def question_idf(question_tokens: Sequence[str], df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """The idf of each of the question's tokens (computed once per question, used for every candidate)."""
    return {t: math.log(1 + n_docs / (1 + df.get(t, 0))) for t in set(question_tokens)}


def idf_coverage(idf: Mapping[str, float], present: AbstractSet[str]) -> float:
    """Share of the question's idf mass (`question_idf`) whose tokens are in `present` (0..1)."""
    total = sum(idf.values())
    return sum(w for t, w in idf.items() if t in present) / total if total else 0.0


_NUMBER_RE = re.compile(r"\d")
_TERMINAL = tuple('.。!！」』)）"”’')


_YEAR_RE = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")


def years(text: str) -> set[str]:
    """Four-digit years (1900–2099) in a text, after width normalisation (２０２４ -> 2024)."""
    return set(_YEAR_RE.findall(unicodedata.normalize("NFKC", text)))


def missing_years(question: str, passage: str) -> set[str]:
    """Years the question names that the passage does not mention."""
    return years(question) - years(passage)


_CAPTION = re.compile(r"\((Photo|Ảnh|写真)\b|^(Photo|Ảnh|写真)\s*[:：]|\(写真|（写真", re.IGNORECASE)


def looks_like_caption(text: str) -> bool:
    """A photo caption ("Vietnamese Ambassador to Japan Vu Hong Nam (Photo: VNA)"): it names people and
    places like an answer but says nothing."""
    return bool(_CAPTION.search(text))


def looks_like_heading(text: str) -> bool:
    """A question (documents' FAQ headings), a photo caption, or lines none of which ends a sentence:
    titles, datelines and labels. A single short label that carries a number ("MOU締結時期 2024年11月15日")
    is data, not a heading."""
    stripped = text.strip()
    if stripped.endswith(("?", "？")) or looks_like_caption(stripped):
        return True
    lines = [ln.strip() for ln in stripped.split("\n") if ln.strip()]
    # a FAQ question over its label row ("(1) どのような機関ですか?\n組織名 … (Ministry of Health, …)"); not over
    # its answer ("Who can apply?\nAnyone who has lived in Japan for three months…": short lines join the next)
    if len(lines) > 1 and opens_with_question(stripped) and states_nothing("\n".join(lines[1:])):
        return True
    if len(lines) == 1 and len(lines[0]) < 40 and _NUMBER_RE.search(lines[0]):
        return False
    # a label line with its value among headings ("MOU締結時期 2024年11月15日\nMOUの目的・内容\n目的": the units
    # join lines that end no sentence) is still data: a date or a quantity, not an enumerator or a code
    if len(lines) > 1 and any(len(ln) < 40 and _holds_value(ln) for ln in lines):
        return False
    return all(not ln.endswith(_TERMINAL) for ln in lines)


def opens_with_question(text: str) -> bool:
    """Does the text's first line end with a question mark ("(1) どのような機関ですか?", "Who can apply?")?"""
    return text.strip().split("\n")[0].rstrip().endswith(("?", "？"))


def joins_answer(text: str, above: bool) -> bool:
    """Can a sentence beside the answer be shown as part of it? A photo's caption cannot, nor a title or
    heading above it (a list after a label can: "主な協力内容" then its items), nor a sentence below it that
    opens with a question heading, which starts the document's next section ("(1) どのような機関ですか?\n組織名
    …")."""
    if looks_like_caption(text) or (above and looks_like_heading(text)):
        return False
    return above or not opens_with_question(text)


def states_nothing(text: str) -> bool:
    """For a claim: a heading (looks_like_heading), or lines none of which states anything, a question line
    over a label with its gloss in brackets ("(1) どのような機関ですか?\n組織名 … 保健省 (Ministry of Health,
    …)"). A bracket ends a sentence only after one ("…しました。)", "…(HAE)."). A label with its value
    ("MOU締結時期 2024年11月15日") is data, and may bear a claim out."""
    if looks_like_heading(text):
        return True
    lines = [ln.strip() for ln in text.strip().split("\n") if ln.strip()]
    if any(len(ln) < 40 and _holds_value(ln) for ln in lines) or (len(lines) == 1 and _NUMBER_RE.search(lines[0])):
        return False
    return all(ln.endswith(("?", "？")) or not _ends_sentence(ln) for ln in lines)


def _ends_sentence(line: str) -> bool:
    if line.endswith((")", "）")) and (opening := max(line.rfind("("), line.rfind("（"))) >= 0:
        return line[:-1].endswith(_TERMINAL) or line[:opening].rstrip().endswith(_TERMINAL)
    return line.endswith(_TERMINAL)


def _holds_value(line: str) -> bool:
    """A label and its value: a date or a quantity, and words besides it (a date alone under a title is a
    dateline)."""
    facts = [f for f in facts_of(line) if f.kind in ("date", "quantity")]
    if not facts:
        return False
    label = unicodedata.normalize("NFKC", line)
    for f in sorted(facts, key=lambda f: -f.start):
        label = label[: f.start] + label[f.end :]
    return sum(c.isalpha() for c in label) >= 2


# a line this short is a caption or a heading even when it ends with a full stop ("会議風景。", "Toàn cảnh
# hội thảo.": a photo's "scene of the meeting"), not a sentence of the answer
_CAPTION_CHARS = 12


def _heading_line(line: str, keep: Callable[[str], bool] | None) -> bool:
    """A line that can be a heading: short and ending no sentence, or a caption-short line; and not a label
    holding the answer asked for (`keep`)."""
    stripped = line.strip()
    short = (len(stripped) < 40 and not stripped.endswith(_TERMINAL)) or len(stripped) <= _CAPTION_CHARS
    return short and not (keep is not None and keep(line))


def trim_leading_labels(text: str, keep: Callable[[str], bool] | None = None) -> int:
    """Offset past leading heading lines (short, no sentence ending) when a real sentence follows.

    A line for which `keep` is true stops the trimming: a label that holds the answer asked for
    ("MOU締結時期 2024年11月15日" for "when …?") is the answer, not a heading."""
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines[:-1]):
        rest = "\n".join(lines[i + 1 :]).strip()
        if (_heading_line(line, keep) or _caption_line(line, lines[i + 1], keep)) and rest.endswith(_TERMINAL):
            offset += len(line) + 1
        else:
            break
    return offset


# who a photo's caption shows: a person by a title
_PERSON_TITLE = re.compile(
    r"博士|氏|大臣|大使|局長|首相|\b(?:Dr|Mr|Ms|Mrs|Minister|Ambassador|Director|Ông|Bà|TS|Thứ trưởng|Bộ trưởng|Đại sứ)\b"
)


def _caption_line(line: str, following: str, keep: Callable[[str], bool] | None) -> bool:
    """A restated caption that can be cut: not one holding the answer asked for (`keep`) unless the line
    restating it holds it too."""
    return restated_caption(line, following) and (keep is None or not keep(line) or keep(following))


def restated_caption(line: str, following: str) -> bool:
    """Is `line` a photo's caption that the sentence below restates: a short sentence of its own, showing a
    person by a title, whose opening the longer next line repeats ("保健副大臣のグエン・トリ・トゥック博士が講演し
    た。" over "保健副大臣のグエン・チー・トゥック博士は、…")? It says nothing the sentence does not. ("ベトナム保健省は
    同意した。" over "ベトナム保健省は、…" is a sentence of the text: it shows no one.)"""
    line, following = line.strip(), following.strip()
    if not line.endswith(_TERMINAL) or len(line) >= 40 or len(following) <= len(line):
        return False
    if not _PERSON_TITLE.search(line):
        return False
    shared = next((i for i, (a, b) in enumerate(zip(line, following, strict=False)) if a != b), len(line))
    return shared >= 8 and shared * 3 >= len(line)


def cut_at_headings(text: str, core: tuple[int, int], keep: Callable[[str], bool] | None = None) -> tuple[int, int]:
    """The span of `text` to answer with when a heading line sits inside it ("…推進しています。\n民間事業\n疾病構造の…":
    a sentence, a heading, the next section's sentence): the part between heading lines that overlaps the
    best sentence (`core`, offsets in `text`) most. A heading line is short and ends no sentence; a line
    for which `keep` is true (a label holding the answer asked for) is not one; a caption the next line
    restates (restated_caption) is. The first and last lines
    are left to trim_leading_labels and the sentence units."""
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, offset + len(line), line))
        offset += len(line) + 1
    cuts = [
        (a, b)
        for i, (a, b, line) in enumerate(lines)
        if 0 < i < len(lines) - 1
        and line.strip()
        and (_heading_line(line, keep) or _caption_line(line, lines[i + 1][2], keep))
    ]
    if not cuts:
        return 0, len(text)
    bounds, start = [], 0
    for a, b in cuts:
        bounds.append((start, a))
        start = b + 1
    bounds.append((start, len(text)))
    best = max(bounds, key=lambda s: (min(s[1], core[1]) - max(s[0], core[0]), -s[0]))
    segment = text[best[0] : best[1]]
    lead = len(segment) - len(segment.lstrip())
    return best[0] + lead, best[0] + len(segment.rstrip())


def dense_evidence(
    sentence_scores: Mapping[str, np.ndarray], weights: Mapping[str, float], rows: Sequence[int] | None = None
) -> np.ndarray:
    """The dense retrievers' calibrated sentence scores, weighted-averaged (for `rows`, or every sentence)."""
    total_weight = sum(weights.get(name, 0.0) for name in sentence_scores)
    dense: np.ndarray | None = None
    for name, scores in sentence_scores.items():
        part = weights.get(name, 0.0) * (scores if rows is None else scores[np.asarray(rows, dtype=int)])
        dense = part if dense is None else dense + part
    if dense is None:
        return np.zeros(0 if rows is None else len(rows))
    return dense / total_weight if total_weight > 0 else dense


def pick(
    candidates: Sequence[Candidate],
    settings: AnswerSettings,
    answers_alone: Callable[[Candidate], bool] = lambda c: False,
    continues: Callable[[Candidate, Candidate], bool] = lambda c, best: True,
) -> tuple[Candidate, Candidate | None]:
    """The best candidate, and an adjacent sentence of the same passage that scores nearly as well.

    A short best sentence is a label or a fragment whose content follows ("主な協力内容" then the list), so
    the next sentence is added — unless `answers_alone` says it already holds the kind of answer asked for
    ("MOU締結時期 2024年11月15日" answers "when was it signed?" by itself). A neighbour for which `continues`
    (neighbour, best) is false (a photo's caption, a title above the sentence) is not added."""
    best = max(candidates, key=lambda c: (c.score, -c.hit, -c.start))
    adjacent = [
        c for c in candidates if c.hit == best.hit and c.row in (best.row - 1, best.row + 1) and continues(c, best)
    ]
    if best.end - best.start < settings.short_answer_chars and not answers_alone(best):
        following = [c for c in adjacent if c.row == best.row + 1]
        if following:
            return best, following[0]
    close = [c for c in adjacent if best.score > 0 and c.score >= settings.neighbour_share * best.score]
    return best, max(close, key=lambda c: c.score) if close else None
