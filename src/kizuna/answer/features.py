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
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kizuna.answer.binding import holds_asked_value
from kizuna.answer.extract import dense_evidence, idf_coverage, looks_like_heading, question_idf
from kizuna.answer.kinds import (
    SENTENCE_CACHE,
    expected_answer_type,
    precision_within_passage,
)
from kizuna.answer.terms import focus_tokens, key_coverage, key_terms
from kizuna.answer.transliteration import sounded_keys
from kizuna.index.model import Index
from kizuna.ingest.text import detect_lang, tokenize
from kizuna.models import Hit
from kizuna.retrieval.searcher import Scores

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


def key_share(keys: set[str], text: str, lang: str) -> float:
    """terms.key_coverage, and in a Japanese text also the Latin names it writes in katakana (Hau Giang in
    ハウザン製薬: transliteration.sounded_keys)."""
    if lang != "ja" or not keys:
        return key_coverage(keys, text)
    literal = {k for k in keys if key_coverage({k}, text) == 1.0}
    if len(literal) == len(keys):
        return 1.0
    return len(literal | sounded_keys(frozenset(keys), text)) / len(keys)


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
    passage_keys = {o: key_share(keys, t, index.passages[o].lang) for o, t in passage_text.items()}  # once a passage
    kind = expected_answer_type(scores.question)
    question_lang = detect_lang(scores.question)
    typed = np.array([holds_asked_value(t, kind, scores.question) for t in texts], dtype=float)
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
            np.array([key_share(keys, t, index.passages[o].lang) for t, o in zip(texts, owners, strict=True)]),
            np.array([passage_keys[o] for o in owners]),
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
