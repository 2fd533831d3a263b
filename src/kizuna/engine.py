"""The facade both the command line and the chat UI call."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kizuna.answer.citations import (
    CitationError,
    CitationView,
    QuoteMatch,
    QuoteSettings,
    exact_matches,
    fuzzy_matches,
    lookup,
    semantic_matches,
)
from kizuna.answer.extract import (
    Answer,
    Candidate,
    confidence,
    dense_evidence,
    lexical_coverage,
    missing_years,
    pick,
    score_candidates,
    trim_leading_labels,
)
from kizuna.evaluation.metrics import EvalSetError, Retrieved
from kizuna.index.store import (
    BuildReport,
    Freshness,
    Index,
    IndexError_,
    IndexStore,
    ProgressCallback,
)
from kizuna.ingest.loaders import CorpusError, decode_bytes, load_corpus
from kizuna.ingest.text import LANGS, detect_lang, tokenize
from kizuna.models import Citation, Hit, Passage
from kizuna.retrieval.calibration import blend, max_by_owner, weighted_sum, zscores_by_group
from kizuna.retrieval.encoders import EncoderError, EncoderPool
from kizuna.retrieval.fusion import weighted_rrf
from kizuna.settings import ConfigError, RetrieverSpec, Settings

FUSED = "fused"


@dataclass(frozen=True)
class Scores:
    """Calibrated scores for one question: per retriever for passages and (dense only) sentences."""

    question: str
    passages: dict[str, np.ndarray]
    sentences: dict[str, np.ndarray]
    weights: dict[str, float]
    total: np.ndarray  # fused passage scores
    raw_sentences: dict[str, np.ndarray] = field(default_factory=dict)  # uncalibrated sentence cosines

    def support(self, row: int) -> float | None:
        """Raw cosine of a sentence under the highest-weighted dense retriever (None without one)."""
        dense = [name for name in self.raw_sentences if self.weights.get(name, 0) > 0]
        if not dense:
            return None
        return float(self.raw_sentences[max(dense, key=lambda name: self.weights[name])][row])


@dataclass(frozen=True)
class Response:
    """What `ask` returns: the extracted answer (or an abstention) and the passages it cites."""

    question: str
    hits: list[Hit]
    answer: Answer | None

    @property
    def abstained(self) -> bool:
        return self.answer is None or self.answer.abstained

    def for_evaluation(self) -> Retrieved:
        """What the evaluation scores: the passages, the answer text, its support and the abstention."""
        a = self.answer
        return Retrieved(
            [h.passage for h in self.hits],
            a.text if a else None,
            a.support if a else None,
            self.abstained,
            forced_abstention=bool(a and not a.grounded),
        )

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer.to_dict() if self.answer else None,
            "abstained": self.abstained,
            "message": NOT_FOUND if self.abstained else None,
            "hits": [h.to_dict() for h in self.hits],
        }


NOT_FOUND = (
    "The corpus does not appear to answer this. The nearest passages are listed below, marked as weak."
)


class QueryError(ValueError):
    """A question or filter that cannot be answered as given; the message says how to fix it."""


# Errors whose message is for the user as it stands: the CLI prints them on one line, the UI and the API
# show them (gr.Error). Anything else is a bug and keeps its traceback.
USER_ERRORS = (
    ConfigError,
    CorpusError,
    EncoderError,
    EvalSetError,
    IndexError_,
    QueryError,
    CitationError,
)


def _checked_text(text: str | None, what: str, limit: int, setting: str) -> str:
    """The stripped text, or a QueryError when it is empty or longer than the configured limit."""
    text = (text or "").strip()
    if not text:
        raise QueryError(f"the {what} is empty")
    if len(text) > limit:
        raise QueryError(
            f"the {what} is {len(text):,} characters long; the limit is {limit:,} "
            f"(shorten it, or raise limits.{setting} in the configuration)"
        )
    return text


class Kizuna:
    def __init__(self, settings: Settings, pool: EncoderPool | None = None) -> None:
        self.settings = settings
        self.pool = pool or EncoderPool()
        self.store = IndexStore(settings.index_dir)
        self._index: Index | None = None

    # ---- index -----------------------------------------------------------------------------------
    def status(self) -> Freshness:
        return self.store.check(self.settings)

    def build(self, show_progress: bool = True, on_progress: ProgressCallback | None = None) -> BuildReport:
        documents = load_corpus(self.settings.corpus_dir)
        self._index, report = self.store.build(
            self.settings, documents, self.pool, show_progress, on_progress
        )
        return report

    def index(self, auto_build: bool = True, show_progress: bool = True) -> Index:
        """The loaded index; with auto_build a missing, stale or incompatible one is (re)built first."""
        if self._index is not None:
            return self._index
        if auto_build:
            freshness = self.status()
            if not freshness.usable:
                if show_progress:
                    why = "; ".join(freshness.reasons[:3])
                    print(f"kizuna: index {freshness.status} ({why}); building…", file=sys.stderr)
                self.build(show_progress=show_progress)
                assert self._index is not None
                return self._index
        self._index = self.store.load(self.settings)  # raises MissingIndexError / IncompatibleIndexError
        return self._index

    # ---- retrieval -------------------------------------------------------------------------------
    def citation(self, passage: Passage) -> Citation:
        doc = self.index().documents[passage.doc]
        return Citation(
            key=passage.key,
            title=doc.meta.title,
            publisher=doc.meta.publisher,
            date=doc.meta.date,
            url=doc.meta.url,
            file=doc.meta.path,
            location=passage.location(),
            span=(passage.start, passage.end),
        )

    def _allowed(self, index: Index, docs: Sequence[str] | None, langs: Sequence[str] | None) -> np.ndarray:
        mask = np.ones(len(index.passages), dtype=bool)
        if docs:
            known = index.documents
            by_file = {doc.meta.path: slug for slug, doc in known.items()}
            wanted = set()
            for name in docs:
                slug = name if name in known else by_file.get(name)
                if slug is None:
                    raise QueryError(f"unknown document '{name}'; known: {', '.join(sorted(known))}")
                wanted.add(slug)
            mask &= np.array([p.doc in wanted for p in index.passages])
        if langs:
            bad = [lang for lang in langs if lang not in LANGS]
            if bad:
                raise QueryError(f"unknown language {bad[0]!r}; use one of {', '.join(LANGS)}")
            mask &= np.array([p.lang in langs for p in index.passages])
        return mask

    def _specs(self, question: str, retriever: str, only: Sequence[str] | None = None) -> list[RetrieverSpec]:
        if retriever != FUSED:
            return [self.settings.retrieval.retriever(retriever)]  # raises with the list of configured names
        for name in only or ():
            self.settings.retrieval.retriever(name)
        lang = detect_lang(question)
        weighted = [r for r in self.settings.retrieval.retrievers if r.weight > 0 and (not only or r.name in only)]
        # when no retriever claims the question's language, all of them try rather than none
        specs = [r for r in weighted if r.serves(lang)] or weighted
        if not specs:
            raise QueryError("every configured retriever has weight 0")
        return specs

    def score(self, question: str, retriever: str = FUSED, only: Sequence[str] | None = None) -> Scores:
        """Every passage's (and every sentence's) calibrated score for a question, per retriever and fused.

        `only` restricts the fusion to some of the configured retrievers (the UI's settings).
        """
        limits = self.settings.limits
        question = _checked_text(question, "question", limits.max_question_chars, "max_question_chars")
        specs = self._specs(question, retriever, only)
        index = self.index()
        calibrate = self.settings.retrieval.calibration == "language"
        langs = [p.lang for p in index.passages] if calibrate else None
        sentence_langs = [index.passages[o].lang for o in index.sentences[:, 0]] if calibrate else None
        n = len(index.passages)
        passages: dict[str, np.ndarray] = {}
        sentences: dict[str, np.ndarray] = {}
        raw_sentences: dict[str, np.ndarray] = {}
        for spec in specs:
            if spec.kind == "bm25":
                if index.bm25 is None:
                    raise QueryError("this index was built without BM25")
                raw = index.bm25.scores(question)
                passages[spec.name] = zscores_by_group(raw, langs) if langs else raw
                continue
            assert spec.encoder is not None
            query = self.pool.get(spec.encoder).encode_queries([question])
            passage_sims = _all_similarities(index.dense[spec.encoder], query, n)
            sentence_sims = _all_similarities(index.sentence_dense[spec.encoder], query, len(index.sentences))
            best_sentence = max_by_owner(sentence_sims, index.sentences[:, 0], n)
            passages[spec.name] = blend(passage_sims, best_sentence, langs, self.settings.retrieval.sentence_weight)
            sentences[spec.name] = (
                zscores_by_group(sentence_sims, sentence_langs) if calibrate else sentence_sims
            )
            raw_sentences[spec.name] = sentence_sims
        weights = {r.name: (r.weight if retriever == FUSED else 1.0) for r in specs}
        if self.settings.retrieval.fusion == "rrf":
            ranked = {name: list(np.argsort(-s, kind="stable")) for name, s in passages.items()}
            fused = dict(weighted_rrf(ranked, weights, self.settings.retrieval.rrf_k))
            total = np.array([fused.get(i, 0.0) for i in range(n)])
        else:
            total = weighted_sum(passages, weights)
        return Scores(question, passages, sentences, weights, total, raw_sentences)

    def search(
        self,
        question: str,
        k: int | None = None,
        docs: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
        retriever: str = FUSED,
        scores: Scores | None = None,
    ) -> list[Hit]:
        """The k best passages for a question, fused across the configured retrievers (or one of them)."""
        k = self.settings.retrieval.k if k is None else k
        if k < 1:
            raise QueryError("k must be at least 1")
        scores = scores or self.score(question, retriever)
        index = self.index()
        candidates = np.flatnonzero(self._allowed(index, docs, langs))
        own_ranks = {
            name: {
                int(i): rank
                for rank, i in enumerate(candidates[np.argsort(-s[candidates], kind="stable")], 1)
            }
            for name, s in scores.passages.items()
        }
        order = candidates[np.argsort(-scores.total[candidates], kind="stable")][:k]
        return [
            Hit(
                index.passages[i],
                self.citation(index.passages[i]),
                float(scores.total[i]),
                rank,
                {name: r[int(i)] for name, r in own_ranks.items()},
            )
            for rank, i in enumerate(order, start=1)
        ]

    def cite(self, key: str) -> CitationView:
        """A passage by citation key, with its context and its document's metadata."""
        index = self.index()
        view = lookup(index, key)
        source = self.settings.corpus_dir / view.document.meta.path
        if view.passage.page is None and source.is_file():
            # the line number is a convenience; the citation stands without it
            with contextlib.suppress(CorpusError):
                view = lookup(index, key, decode_bytes(source.read_bytes(), source.name))
        return view

    def find_quote(self, quote: str, settings: QuoteSettings | None = None) -> QuoteResult:
        """Where a quote or claim comes from: exact, then fuzzy, then semantic matches (any language)."""
        limits = self.settings.limits
        quote = _checked_text(quote, "quote", limits.max_quote_chars, "max_quote_chars")
        settings = settings or self.settings.quotes
        index = self.index()
        literal = exact_matches(index, quote)
        literal += [m for m in fuzzy_matches(index, quote, settings) if not m.overlaps_any(literal)]
        scores = self.score(quote)
        semantic = semantic_matches(index, _quote_scores(self, scores), settings, settings.max_matches)
        semantic = [m for m in semantic if not m.overlaps_any(literal)]
        strong = [m for m in semantic if m.score >= settings.semantic_min]
        supported = bool(literal or strong)
        if supported:  # weaker semantic neighbours only matter when nothing supports the quote
            semantic = strong
        return QuoteResult(quote, (literal + semantic)[: settings.max_matches], supported)

    def ask(
        self,
        question: str,
        k: int | None = None,
        docs: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
        retriever: str = FUSED,
        answer_from: int | None = None,
        only: Sequence[str] | None = None,
    ) -> Response:
        """Passages for a question plus the sentence among them that answers it, or an abstention.

        The answer comes from the first `answer_from` hits (default: settings.answer.from_passages).
        """
        scores = self.score(question, retriever, only)
        hits = self.search(question, k, docs, langs, retriever, scores=scores)
        answer_from = answer_from or self.settings.answer.from_passages
        return Response(question.strip(), hits, _answer(self, scores, hits[:answer_from]))


def _all_similarities(dense, query: np.ndarray, n: int) -> np.ndarray:
    """Inner products of the query with all n stored vectors, in storage order."""
    sims, ids = dense.search(query, n)
    out = np.full(n, -1.0)
    valid = ids[0] >= 0
    out[ids[0][valid]] = sims[0][valid]
    return out


@dataclass(frozen=True)
class QuoteResult:
    quote: str
    matches: list[QuoteMatch]
    supported: bool

    def to_dict(self) -> dict:
        return {
            "quote": self.quote,
            "supported": self.supported,
            "matches": [m.to_dict() for m in self.matches],
        }


def _answer(app: Kizuna, scores: Scores, hits: Sequence[Hit]) -> Answer | None:
    """The best answering sentence among the hits' passages (see answer.py for the scoring)."""
    if not hits:
        return None
    index = app.index()
    settings = app.settings.answer
    rank_of = {index.position(h.passage.key): h.rank for h in hits}
    rows = [int(r) for r in np.flatnonzero(np.isin(index.sentences[:, 0], list(rank_of)))]
    if not rows:
        return None
    df, n_docs = index.document_frequencies()
    question_tokens = tokenize(scores.question)
    lexical = [lexical_coverage(question_tokens, index.sentence_tokens(r), df, n_docs) for r in rows]
    owners = [int(index.sentences[r, 0]) for r in rows]
    texts = [index.sentence_text(r) for r in rows]
    values = score_candidates(
        rows,
        texts,
        scores.question,
        scores.sentences,
        scores.weights,
        lexical,
        [float(scores.total[o]) for o in owners],
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
    rows_used = [best.row] + ([neighbour.row] if neighbour else [])
    supports = [x for x in (scores.support(r) for r in rows_used) if x is not None]
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


def _quote_scores(app: Kizuna, scores: Scores) -> np.ndarray:
    """Semantic support for a quote, per sentence: the dense retrievers' calibrated similarity (weighted
    mean) plus the idf-weighted share of the quote's words the sentence contains."""
    index = app.index()
    dense = dense_evidence(scores.sentences, scores.weights)
    if len(dense) != len(index.sentences):  # no dense retriever: lexical evidence only
        dense = np.zeros(len(index.sentences))
    df, n_docs = index.document_frequencies()
    tokens = tokenize(scores.question)
    lexical = np.array(
        [lexical_coverage(tokens, index.sentence_tokens(r), df, n_docs) for r in range(len(dense))]
    )
    return dense + lexical
