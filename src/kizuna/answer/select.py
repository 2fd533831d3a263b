"""Choosing the answer sentence among the retrieved passages, and how sure to be of it.

Every sentence of every hit is a candidate (features.py says what is looked at); the learned ranker
(model.py) scores them, the best one (with an adjacent sentence when that belongs to the answer) is the
answer, and the confidence model gives the probability that it is right. Abstention is that probability
below the cross-validated threshold, or an answer that is not grounded (the gates in compose_answer).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from kizuna.answer.binding import document_dated, missing_days, unbound
from kizuna.answer.extract import (
    Answer,
    Candidate,
    cut_at_headings,
    joins_answer,
    missing_years,
    pick,
    trim_leading_labels,
)
from kizuna.answer.features import FEATURES, CandidateSet, candidate_features, support_scaled, text_tokens
from kizuna.answer.kinds import (
    answers_kind,
    date_precision,
    dates_in,
    expected_answer_type,
    has_answer_type,
    holds_new_answer,
    without_dates,
)
from kizuna.answer.labels import holds_evidence
from kizuna.answer.lexicon import concepts, focus_in_other_language, visible_keys
from kizuna.answer.model import AnswerModel, load_model, question_features, sigmoid
from kizuna.answer.names import unnamed
from kizuna.answer.people import latin_people, named_in_full
from kizuna.answer.places import DISTRICT_QUESTION
from kizuna.answer.terms import focus_found, key_coverage, key_terms
from kizuna.index.model import Index
from kizuna.ingest.text import detect_lang
from kizuna.models import Hit, Passage
from kizuna.retrieval.searcher import Scores
from kizuna.settings import AnswerSettings


def compose_answer(
    index: Index,
    scores: Scores,
    cs: CandidateSet,
    model: AnswerModel,
    settings: AnswerSettings,
) -> tuple[Answer, np.ndarray]:
    """The answer for scored candidates (pure given the model): the best one, its neighbour, confidence;
    and the question-level features its confidence came from."""
    kind = expected_answer_type(scores.question)
    texts = [index.sentence_text(r) for r in cs.rows]
    logits = ruled_out(model.rank(cs.X), texts, scores.question, kind)
    if kind == "date" and DAY_ASKED.search(unicodedata.normalize("NFKC", scores.question)):
        owners = [int(index.sentences[r, 0]) for r in cs.rows]
        logits = without_day_ruled_out(logits, texts, owners, cs.X[:, FEATURES.index("date_precision")])
    probabilities = sigmoid(logits)
    candidates = [
        Candidate(r, h, int(index.sentences[r, 1]), int(index.sentences[r, 2]), float(p))
        for r, h, p in zip(cs.rows, cs.hits, probabilities, strict=True)
    ]

    def answers_alone(c: Candidate) -> bool:
        return kind in ("date", "number") and holds_new_answer(index.sentence_text(c.row), kind, scores.question)

    def continues(c: Candidate, best: Candidate) -> bool:
        return joins_answer(index.sentence_text(c.row), above=c.row < best.row)

    best, neighbour = pick(candidates, settings, answers_alone, continues)
    at = cs.rows.index(best.row)
    start = min(best.start, neighbour.start) if neighbour else best.start
    end = max(best.end, neighbour.end) if neighbour else best.end
    passage = index.passages[int(index.sentences[best.row, 0])]
    start += trim_leading_labels(passage.text[start:end], lambda line: has_answer_type(line, kind))
    # a heading line inside the answer (between the sentence and its neighbour) starts another section
    core = (max(best.start, start) - start, best.end - start)
    cut = cut_at_headings(passage.text[start:end], core, lambda line: has_answer_type(line, kind))
    start, end = start + cut[0], start + cut[1]
    support = support_scaled(scores.support(cs.positions[at]))
    evidence = question_features(logits, at, support, cs.X, bool(cs.focus))
    probability = model.probability(evidence)
    # "how many …?" is not answered by a sentence without a count or an amount, "when …?" not by one
    # without a date, however close its words are to the question's; nor by a value of something else
    reason = decline_reason(index, scores.question, kind, passage, index.sentence_text(best.row), (start, end), settings)
    grounded = reason is None and passage_grounded(index, scores.question, cs.focus, passage)
    answer = Answer(
        text=passage.text[start:end],
        hit=best.hit,
        key=passage.key,
        span=(start, end),
        doc_span=(passage.start + start, passage.start + end),
        score=float(logits[at]),
        # what abstention is based on: the calibrated probability that the answer is right
        support=probability,
        confidence=probability,
        abstained=probability < settings.abstain_below or not grounded,
        grounded=grounded,
        declined_because=reason,
        unnamed=unnamed(scores.question, index.document_text(passage), passage.lang)
        if reason == "unnamed"
        else (),
    )
    return answer, evidence


def ruled_out(logits: np.ndarray, sentences: Sequence[str], question: str, kind: str | None) -> np.ndarray:
    """The ranker's logits with the candidates a rule excludes put below all others: when a candidate dates
    the document a "when" question names ("2024年12月22日付の政治局決議第57-NQ/TW号"), a sentence whose every
    date is another document's cannot answer it (the ranker's features cannot see which document a date is
    bound to). Without such a candidate nothing is excluded, and the best one's decline says why it does
    not answer. (An "until when" question's end date is not a rule here: a span of years in an unrelated
    sentence, "(1973–2025)", would win over the sentence that names what is asked.)"""
    dated = [document_dated(question, s, kind) for s in sentences]
    if "asked" not in dated or "other" not in dated:
        return logits
    return below_the_rest(logits, np.array([d == "other" for d in dated], dtype=bool))


def below_the_rest(logits: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """The logits with the excluded candidates put below all others (unchanged when none or all are)."""
    if not excluded.any() or excluded.all():
        return logits
    return np.where(excluded, logits[~excluded].min() - 10.0, logits)


# a question that asks for the day ("On what date …?", 何月何日, "vào ngày nào"), not merely when
DAY_ASKED = re.compile(
    r"\b(?:what|which|exact)\s+(?:exact\s+)?(?:dates?|day)\b(?![-\w]| range)|何月何日|何日(?![間目後])|日付[はを]|の日付"
    r"|(?<!một )ngày nào|ngày bao nhiêu|ngày mấy|ngày tháng năm nào",
    re.IGNORECASE,
)


def without_day_ruled_out(
    logits: np.ndarray, sentences: Sequence[str], owners: Sequence[int], below_passage: np.ndarray
) -> np.ndarray:
    """A question asking for the day is not answered by a sentence giving less of a date than another of its
    passage that gives the day: "ベトナム保健省と神奈川県は、2024年に…MOUを締結" beside "MOU締結時期 2024年11月15日".
    (`owners`: each sentence's passage; `below_passage`: the date_precision feature, each sentence's precision
    less its passage's fullest.)"""
    precision = np.array([date_precision(s) for s in sentences])
    full: dict[int, list[tuple]] = {}
    for s, p, o in zip(sentences, precision, owners, strict=True):
        full.setdefault(o, []).extend(d for d in dates_in(s) if p >= 1.0 and None not in d)
    # only a date that is part of a full one given beside it (its year, its year and month): "本日(11月17日)"
    # is another event's day than "2024年12月22日付の決議", not less of it
    excluded = np.array(
        [
            p < 1.0 and p - b >= 1.0 and any(any(part_of(d, f) for f in full[o]) for d in dates_in(s))
            for s, p, o, b in zip(sentences, precision, owners, below_passage, strict=True)
        ],
        dtype=bool,
    )
    return below_the_rest(logits, excluded)


def part_of(date: tuple, full: tuple) -> bool:
    """Is `date` less of `full` (2024, or 2024-11, of 2024-11-15), with a year at least?"""
    return date[0] is not None and date != full and all(p is None or p == q for p, q in zip(date, full, strict=True))


def decline_reason(
    index: Index,
    question: str,
    kind: str | None,
    passage: Passage,
    sentence: str,
    span: tuple[int, int],
    settings: AnswerSettings,
) -> str | None:
    """Why the answer at `span` of `passage` cannot answer the question, when a check can say so in a way
    the reader can verify: no value of the kind asked for ("no date", "no number"); a year, or a day of a
    month, the question names that the answer's document never mentions ("years", "day"); a name the
    question gives (a company, a prefecture, a hospital) that the document never gives ("unnamed";
    names.unnamed says which); a value that belongs to something else (binding.unbound). None when none of
    these holds (passage_grounded's other checks may still fail)."""
    text = passage.text[span[0] : span[1]]
    if not answers_kind(question, text):  # "when", "how many" and "which city / district" questions
        return "no district" if DISTRICT_QUESTION.search(question) else f"no {kind}"
    # what the answer's document says anywhere: its dateline and title place a passage in time and name its
    # subject ("Around 280 people attended the webinar" is about the Himeji webinar of 27 October 2021 that
    # only the article's first lines name)
    document_text = index.document_text(passage)
    if settings.require_question_years and missing_years(question, document_text):
        return "years"
    if settings.require_question_years and missing_days(question, document_text):
        return "day"
    if unnamed(question, document_text, passage.lang):
        return "unnamed"
    return unbound(question, kind, sentence, text)


def passage_grounded(index: Index, question: str, focus: tuple[str, ...], passage: Passage) -> bool:
    """Can an answer from this passage be grounded at all, whichever of its sentences it is: the checks that
    read the passage and its document, not the answer's own words (the years and days the question names
    are decline_reason's)."""
    question_lang = detect_lang(question)
    document_text = index.document_text(passage)
    # an answer in the question's language whose passage holds none of what the question asks about (its
    # focus words: "beds" in "How many beds does Vinmec have?") is about the entity, not an answer to it;
    # a passage in another language cannot be checked word by word, so it is not judged here
    same_language = passage.lang == question_lang
    if same_language and not focus_found(focus, text_tokens(passage.text)):
        return False
    # a "who" question asks who holds a role (the prime minister, đại sứ, 大使): an answer in another language
    # whose passage names no translation of any of its focus words (lexicon.py) cannot say who holds it — a
    # speaker quoted about something else is a person, but not the one asked for
    # (unless the passage names a person the question names, in the Latin letters both write: "…who held
    # phone talks with Abe Shinzo?" is answered beside "…held phone talks with … Abe Shinzo")
    if not same_language and expected_answer_type(question) == "person" and not names_persons_of(question, passage):
        across = concepts(question, question_lang, focus)
        if focus_in_other_language(across, passage.text, text_tokens(passage.text), passage.lang) is False:
            return False
    # nor is an answer from a document that names none of the names and numbers the question gives (of
    # those that could be seen in its language: a number anywhere, a Latin name in a Latin-script text)
    # (a date is written many ways, 10/2021, October 2021, 2021年10月: its year is checked above instead; a
    # Vietnamese question capitalises words of titles, Bộ Y tế, Cục, which another language translates)
    keys = visible_keys(key_terms(without_dates(question)), question_lang, passage.lang)
    return not (keys and key_coverage(keys, document_text) == 0)


def names_persons_of(question: str, passage: Passage) -> bool:
    """Does a Latin-script passage name in full a person a Latin-script question names?"""
    if "ja" in (passage.lang, detect_lang(question)):
        return False
    return any(named_in_full(name, passage.text) for name, _ in latin_people(question))


def select_answer(
    index: Index, scores: Scores, hits: Sequence[Hit], settings: AnswerSettings, model: AnswerModel | None = None
) -> Answer | None:
    """The best answering sentence among the hits' passages, or None when they hold no sentence."""
    cs = candidate_features(index, scores, hits[: settings.from_passages])
    if cs is None or not len(cs.rows):
        return None
    return compose_answer(index, scores, cs, model or load_model(), settings)[0]


def candidate_labels(index: Index, cs: CandidateSet, evidence: Sequence[str]) -> np.ndarray:
    """1 for candidates that hold the evidence (or most of it, when it runs across a sentence boundary)."""
    return np.array([holds_evidence(index.sentence_text(r), evidence) for r in cs.rows], dtype=float)
