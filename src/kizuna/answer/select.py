"""Choosing the answer sentence among the retrieved passages (the scoring itself is in extract.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kizuna.answer.extract import (
    Answer,
    Candidate,
    confidence,
    lexical_coverage,
    missing_years,
    pick,
    score_candidates,
    trim_leading_labels,
)
from kizuna.index.model import Index
from kizuna.ingest.text import tokenize
from kizuna.models import Hit
from kizuna.retrieval.searcher import Scores
from kizuna.settings import AnswerSettings


def select_answer(index: Index, scores: Scores, hits: Sequence[Hit], settings: AnswerSettings) -> Answer | None:
    """The best answering sentence among the hits' passages, or None when they hold no sentence."""
    if not hits:
        return None
    rank_of = {index.position(h.passage.key): h.rank for h in hits}
    owners_all = index.sentences[scores.rows, 0] if len(scores.rows) else np.zeros(0, np.int64)
    positions = [int(i) for i in np.flatnonzero(np.isin(owners_all, list(rank_of)))]
    if not positions:
        return None
    rows = [int(scores.rows[i]) for i in positions]
    df, n_docs = index.document_frequencies()
    question_tokens = tokenize(scores.question)
    lexical = [lexical_coverage(question_tokens, index.sentence_tokens(r), df, n_docs) for r in rows]
    owners = [int(index.sentences[r, 0]) for r in rows]
    passage_score = dict(zip(scores.ids.tolist(), scores.total.tolist(), strict=True))
    values = score_candidates(
        positions,
        [index.sentence_text(r) for r in rows],
        scores.question,
        scores.sentences,
        scores.weights,
        lexical,
        [passage_score[o] for o in owners],
        settings,
    )
    candidates = [
        Candidate(r, rank_of[o], int(index.sentences[r, 1]), int(index.sentences[r, 2]), float(v))
        for r, o, v in zip(rows, owners, values, strict=True)
    ]
    best, neighbour = pick(candidates, settings)
    start = min(best.start, neighbour.start) if neighbour else best.start
    end = max(best.end, neighbour.end) if neighbour else best.end
    passage = index.passages[int(index.sentences[best.row, 0])]
    start += trim_leading_labels(passage.text[start:end])
    # without a dense retriever (e.g. BM25 alone) there is no cosine: fall back to the selection score
    position_of = dict(zip(rows, positions, strict=True))
    used = [best.row] + ([neighbour.row] if neighbour else [])
    supports = [x for x in (scores.support(position_of[r]) for r in used) if x is not None]
    support = max(supports) if supports else best.score
    grounded = not (settings.require_question_years and missing_years(scores.question, passage.text))
    return Answer(
        text=passage.text[start:end],
        hit=best.hit,
        key=passage.key,
        span=(start, end),
        doc_span=(passage.start + start, passage.start + end),
        score=best.score,
        support=support,
        confidence=confidence(support, settings),
        abstained=support < settings.abstain_below or not grounded,
        grounded=grounded,
    )
