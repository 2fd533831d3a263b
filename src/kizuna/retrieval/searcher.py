"""From a question to calibrated, fused scores for a few hundred candidate passages and their sentences.

1. Candidates: each retriever returns its top `candidates` passages (dense retrievers also their top
   sentences, whose passages join), with the document/language filter applied inside the search.
2. Exact scores on the candidates: dense similarities of every candidate passage and of each of its
   sentences from the stored vectors; BM25 scores from the query's postings.
3. Calibration with the statistics stored at build time (calibration.py), then fusion.
Nothing here touches every passage of the collection, and nothing here knows which backend is behind the
vector or lexical index.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from kizuna.retrieval.base import LexicalIndex, VectorIndex
from kizuna.retrieval.calibration import (
    MIN_GROUP,
    GroupMoments,
    GroupStats,
    blend,
    lexical_stats,
    weighted_sum,
    with_fallback,
)
from kizuna.retrieval.fusion import weighted_rrf
from kizuna.settings import RetrievalSettings, RetrieverSpec

# passages per language whose best-sentence similarity calibrates that score (see best_sentence_stats)
SAMPLE_PER_GROUP = 512


@dataclass
class DenseUnits:
    """One encoder's vectors of passages and sentences, with their build-time moments per language."""

    passages: VectorIndex
    sentences: VectorIndex
    passage_moments: GroupMoments
    sentence_moments: GroupMoments


@dataclass
class SearchData:
    """What retrieval needs of an index: backends, language labels and the passage→sentence layout."""

    languages: tuple[str, ...]  # group names; labels index into it
    passage_labels: np.ndarray  # (n_passages,) language label of each passage
    sentence_owner: np.ndarray  # (n_sentences,) passage of each sentence; sentences are grouped by passage
    dense: dict[str, DenseUnits] = field(default_factory=dict)  # encoder spec -> units
    lexical: LexicalIndex | None = None
    _first: np.ndarray | None = None
    _samples: dict[str, tuple] = field(default_factory=dict)

    @property
    def n_passages(self) -> int:
        return len(self.passage_labels)

    @property
    def group_counts(self) -> np.ndarray:
        return np.bincount(self.passage_labels, minlength=len(self.languages))

    def sentence_rows(self, passage_ids: np.ndarray) -> np.ndarray:
        """The sentence rows of these passages, passage by passage."""
        if self._first is None:  # sentences are stored grouped by passage: offsets by binary search
            self._first = np.searchsorted(self.sentence_owner, np.arange(self.n_passages + 1))
        first = self._first
        parts = [np.arange(first[p], first[p + 1]) for p in passage_ids]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)


    def best_sentence_stats(self, encoder: str, query: np.ndarray) -> GroupStats:
        """Per language, the mean and spread of the query's best-sentence similarity over passages.

        A maximum is not linear in the query, so no build-time moment gives it: it is measured on a fixed
        sample of up to SAMPLE_PER_GROUP passages per language (all of them in a small collection, where
        this is exact), whose vectors are kept in memory after the first query.
        """
        if encoder not in self._samples:
            self._samples[encoder] = self._sample(encoder)
        labels, passage_vectors, sentence_vectors, owner = self._samples[encoder]
        best = passage_vectors @ query
        if len(owner):
            sentence_best = np.full(len(labels), -np.inf)
            np.maximum.at(sentence_best, owner, sentence_vectors @ query)
            best = np.where(np.isfinite(sentence_best), sentence_best, best)
        n_groups = len(self.languages)
        counts = np.bincount(labels, minlength=n_groups)
        sums = np.bincount(labels, weights=best, minlength=n_groups)
        squares = np.bincount(labels, weights=best * best, minlength=n_groups)
        safe = np.maximum(counts, 1)
        true_counts = np.where(self.group_counts >= MIN_GROUP, counts, 0)  # small groups: the whole sample
        return with_fallback(true_counts, sums / safe, squares / safe, overall=(best.mean(), (best**2).mean()))

    def _sample(self, encoder: str) -> tuple:
        rng = np.random.default_rng(0)  # fixed: the same sample, and so the same scores, on every load
        picked = []
        for g in range(len(self.languages)):
            ids = np.flatnonzero(self.passage_labels == g)
            if len(ids) > SAMPLE_PER_GROUP:
                ids = np.sort(rng.choice(ids, SAMPLE_PER_GROUP, replace=False))
            picked.append(ids)
        ids = np.sort(np.concatenate(picked)) if picked else np.zeros(0, np.int64)
        rows = self.sentence_rows(ids)
        owner = np.searchsorted(ids, self.sentence_owner[rows])
        units = self.dense[encoder]
        return self.passage_labels[ids], units.passages.vectors(ids), units.sentences.vectors(rows), owner


@dataclass(frozen=True)
class Scores:
    """Calibrated scores for one question, for the candidate passages (`ids`) and their sentences (`rows`)."""

    question: str
    ids: np.ndarray  # candidate passage ids
    passages: dict[str, np.ndarray]  # retriever -> calibrated passage scores, aligned with ids
    total: np.ndarray  # fused passage scores, aligned with ids
    rows: np.ndarray  # sentence rows of the candidates
    sentences: dict[str, np.ndarray]  # dense retriever -> calibrated sentence scores, aligned with rows
    raw_sentences: dict[str, np.ndarray]  # dense retriever -> raw cosine, aligned with rows
    weights: dict[str, float]

    def ranked(self) -> np.ndarray:
        """Positions into `ids`, best fused score first (ties: lower passage id)."""
        return np.lexsort((self.ids, -self.total))

    def own_ranks(self) -> dict[str, dict[int, int]]:
        """Each retriever's 1-based rank of each candidate passage."""
        return {
            name: {int(self.ids[p]): rank for rank, p in enumerate(np.lexsort((self.ids, -s)), 1)}
            for name, s in self.passages.items()
        }

    def support(self, position: int) -> float | None:
        """Raw cosine of the sentence at this position under the highest-weighted dense retriever."""
        dense = [name for name in self.raw_sentences if self.weights.get(name, 0) > 0]
        if not dense:
            return None
        return float(self.raw_sentences[max(dense, key=lambda name: self.weights[name])][position])


def _dense_candidates(
    units: DenseUnits, data: SearchData, query: np.ndarray, k: int, allowed: np.ndarray | None
) -> np.ndarray:
    _, passage_ids = units.passages.search(query, k, allowed)
    sentence_allowed = allowed[data.sentence_owner] if allowed is not None else None
    _, sentence_ids = units.sentences.search(query, k, sentence_allowed)
    return np.concatenate([passage_ids, data.sentence_owner[sentence_ids]])


def score(
    data: SearchData,
    question: str,
    specs: Sequence[RetrieverSpec],
    queries: Mapping[str, np.ndarray],
    settings: RetrievalSettings,
    weights: Mapping[str, float],
    allowed: np.ndarray | None = None,
    lexical_queries: Mapping[str, str] | None = None,
) -> Scores:
    """Candidates, exact scores, calibration and fusion for one question.

    `queries` maps each dense retriever's encoder spec to the question's (normalised) vector;
    `lexical_queries` a BM25 retriever's name to the text it matches instead of the question (its
    translation, RetrieverSpec.translated).
    """
    lexical_queries = lexical_queries or {}
    calibrate = settings.calibration == "language"
    k = settings.candidates
    matches = {}
    found = []
    for spec in specs:
        if spec.kind == "bm25":
            assert data.lexical is not None
            matches[spec.name] = data.lexical.match(lexical_queries.get(spec.name, question))
            found.append(matches[spec.name].top(k, allowed)[1])
        else:
            found.append(_dense_candidates(data.dense[spec.encoder], data, queries[spec.encoder], k, allowed))
    ids = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
    rows = data.sentence_rows(ids)
    owner_pos = np.searchsorted(ids, data.sentence_owner[rows])
    labels = data.passage_labels[ids]
    row_labels = labels[owner_pos]

    passages: dict[str, np.ndarray] = {}
    sentences: dict[str, np.ndarray] = {}
    raw_sentences: dict[str, np.ndarray] = {}
    for spec in specs:
        if spec.kind == "bm25":
            match = matches[spec.name]
            raw = match.at(ids)
            if calibrate:
                stats = lexical_stats(*match.group_sums(data.passage_labels, len(data.languages)), data.group_counts)
                raw = stats.standardise(raw, labels)
            passages[spec.name] = raw
            continue
        units = data.dense[spec.encoder]
        q = np.asarray(queries[spec.encoder], dtype=np.float32).reshape(-1)
        passage_sims = units.passages.vectors(ids) @ q
        sentence_sims = units.sentences.vectors(rows) @ q
        best = np.full(len(ids), -np.inf)
        np.maximum.at(best, owner_pos, sentence_sims)
        has_sentence = np.isfinite(best)
        if calibrate:
            passage_z = units.passage_moments.stats(q).standardise(passage_sims, labels)
            sentence_z = units.sentence_moments.stats(q).standardise(sentence_sims, row_labels)
            best = np.where(has_sentence, best, passage_sims)
            best_z = data.best_sentence_stats(spec.encoder, q).standardise(best, labels)
        else:
            passage_z, sentence_z = passage_sims.astype(np.float64), sentence_sims.astype(np.float64)
            best_z = np.where(has_sentence, best, passage_z)
        passages[spec.name] = blend(passage_z, best_z, settings.sentence_weight)
        sentences[spec.name] = sentence_z
        raw_sentences[spec.name] = sentence_sims.astype(np.float64)

    if settings.fusion == "rrf" and len(ids):
        ranked = {name: list(np.lexsort((ids, -s))) for name, s in passages.items()}
        fused = dict(weighted_rrf(ranked, weights, settings.rrf_k))
        total = np.array([fused.get(i, 0.0) for i in range(len(ids))])
    elif len(ids):
        total = weighted_sum(passages, weights)
    else:
        total = np.zeros(0)
    return Scores(question, ids, passages, np.asarray(total, dtype=np.float64), rows, sentences, raw_sentences, dict(weights))
