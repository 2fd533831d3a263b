"""The facade both the command line and the chat UI call: it orchestrates, the stages do the work.

ingest (read and cut documents) -> index (build, store, load) -> retrieval (candidates, calibration,
fusion) -> answer (the answering sentence, citations, quotes).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kizuna.answer.citations import CitationError, CitationView, lookup
from kizuna.answer.extract import Answer
from kizuna.answer.followup import resolve_followup
from kizuna.answer.gloss import NOT_FOUND_MESSAGES, Gloss, closest_label, make_gloss, not_found_message
from kizuna.answer.lexicon import translated_query
from kizuna.answer.quotes import QuoteResult, find_quote
from kizuna.answer.select import select_answer
from kizuna.evaluation.metrics import EvalSetError, Retrieved
from kizuna.index.model import Index
from kizuna.index.serving import ServedIndex
from kizuna.index.store import BuildReport, Freshness, IndexError_, ProgressCallback
from kizuna.index.watch import CorpusWatcher
from kizuna.ingest.loaders import CorpusError, line_source_text
from kizuna.ingest.text import LANGS, content_words, detect_lang
from kizuna.models import Citation, Hit, Passage
from kizuna.retrieval import searcher
from kizuna.retrieval.encoders import EncoderError, EncoderPool
from kizuna.retrieval.searcher import Scores
from kizuna.settings import ConfigError, QuoteSettings, RetrieverSpec, Settings

FUSED = "fused"
# citation keys are "<slug>#<n>": anything far longer is not one (and would make difflib slow)
MAX_KEY_CHARS = 200


@dataclass(frozen=True)
class Response:
    """What `ask` returns: the extracted answer (or an abstention) and the passages it cites."""

    question: str
    hits: list[Hit]
    answer: Answer | None
    # what was searched when the question was a follow-up resolved against the conversation (else None)
    resolved: str | None = None
    # for an answer in another language than the question: its facts in the question's language
    gloss: Gloss | None = None

    @property
    def abstained(self) -> bool:
        return self.answer is None or self.answer.abstained

    @property
    def message(self) -> str | None:
        """What a declined question is told, in its own language (None when it is answered)."""
        if not self.abstained:
            return None
        if self.answer is None:
            return not_found_message(self.question)
        return not_found_message(self.question, self.answer.declined_because, self.answer.unnamed, self.answer.hit)

    @property
    def closest(self) -> str | None:
        """For a declined question whose passages hold a candidate: the label to show its closest sentence
        with, in the question's language (None otherwise)."""
        if not self.abstained or self.answer is None:
            return None
        a = self.answer
        return closest_label(self.question, a.hit, a.confidence if a.grounded and not a.declined_because else None)

    def for_evaluation(self) -> Retrieved:
        """What the evaluation scores: the passages, the answer text, its support and the abstention."""
        a = self.answer
        return Retrieved(
            [h.passage for h in self.hits],
            a.text if a else None,
            a.support if a else None,
            self.abstained,
            forced_abstention=bool(a and not a.grounded),
            confidence=a.confidence if a else None,
        )

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "resolved_question": self.resolved,
            "answer": self.answer.to_dict() if self.answer else None,
            "gloss": self.gloss.to_dict() if self.gloss else None,
            "abstained": self.abstained,
            "message": self.message,
            # a declined question's closest sentence is `answer.text`; this labels it for display (else None)
            "closest": self.closest,
            "hits": [h.to_dict() for h in self.hits],
        }


NOT_FOUND = NOT_FOUND_MESSAGES["en"]  # kept for callers that want the English one


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


def _kept_by_the_index(name: str) -> property:
    """An attribute the served index keeps (one copy: setting `app.settings` changes what it builds with)."""
    return property(
        lambda self: getattr(self.served, name),
        lambda self, value: setattr(self.served, name, value),
        doc=f"The served index's {name}.",
    )


class Kizuna:
    """Answers questions, opens citations and traces quotes from the index that `served` keeps."""

    settings = _kept_by_the_index("settings")
    pool = _kept_by_the_index("pool")
    store = _kept_by_the_index("store")
    last_update = _kept_by_the_index("last_update")  # the watcher's latest background build

    def __init__(self, settings: Settings, pool: EncoderPool | None = None) -> None:
        # opening, freshness, rebuilding while serving and the last good index: see index/serving.py
        self.served = ServedIndex(settings, pool or EncoderPool())

    # ---- index -----------------------------------------------------------------------------------
    def status(self, full: bool = False) -> Freshness:
        """Missing, incompatible, damaged, stale or fresh; `full` hashes every index file whole."""
        return self.served.status(full)

    def build(
        self,
        show_progress: bool = True,
        on_progress: ProgressCallback | None = None,
        only_if_stale: bool = False,
        wait: bool = True,
    ) -> BuildReport | None:
        """Build the index now; None when another build left it fresh (see ServedIndex.build)."""
        return self.served.build(show_progress, on_progress, only_if_stale, wait)

    def index(self, auto_build: bool = True, show_progress: bool = True) -> Index:
        """The index to answer from; with auto_build a missing, stale, incompatible or damaged one is
        rebuilt first, and the last good one answers while that fails or another process builds."""
        return self.served.index(auto_build, show_progress)

    def refresh(self) -> BuildReport | None:
        """Rebuild when the corpus changed; the build's report, or None when nothing changed."""
        return self.served.refresh()

    def watch(self, interval: float = 2.0) -> CorpusWatcher:
        """Keep the index in step with the corpus folder from a background thread (see index/watch.py)."""
        return self.served.watch(interval)

    # ---- retrieval -------------------------------------------------------------------------------
    def citation(self, passage: Passage, index: Index | None = None) -> Citation:
        doc = (index or self.index()).documents[passage.doc]
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

    def _allowed(
        self, index: Index, docs: Sequence[str] | None, langs: Sequence[str] | None
    ) -> np.ndarray | None:
        """The passages the filters let through (None: no filter)."""
        if not docs and not langs:
            return None
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
            mask &= index.passage_mask(doc=wanted)
        if langs:
            bad = [lang for lang in langs if lang not in LANGS]
            if bad:
                raise QueryError(f"unknown language {bad[0]!r}; use one of {', '.join(LANGS)}")
            in_langs = index.passage_mask(lang=set(langs))
            if not in_langs.any():  # the filter cannot match: say what the corpus holds
                held = sorted({p.lang for p in index.passages})
                raise QueryError(f"no document in {', '.join(langs)}; the corpus holds {', '.join(held)}")
            mask &= in_langs
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

    def score(
        self,
        question: str,
        retriever: str = FUSED,
        only: Sequence[str] | None = None,
        allowed: np.ndarray | None = None,
        index: Index | None = None,
    ) -> Scores:
        """Calibrated, fused scores of the question's candidate passages and their sentences.

        `only` restricts the fusion to some of the configured retrievers (the UI's settings); `allowed`
        is a passage mask applied inside every retriever's search.
        """
        limits = self.settings.limits
        question = _checked_text(question, "question", limits.max_question_chars, "max_question_chars")
        specs = self._specs(question, retriever, only)
        index = index or self.index()  # one index for the whole request: a background build may swap it
        if any(s.kind == "bm25" for s in specs) and index.search.lexical is None:
            raise QueryError("this index was built without BM25")
        queries = {
            s.encoder: self.pool.get(s.encoder).encode_queries([question])[0]
            for s in specs
            if s.kind == "dense" and s.encoder
        }
        lexical = {s.name: translated_query(question, detect_lang(question)) for s in specs if s.translated}
        if retriever == FUSED:
            # nothing translated: that vote would be plain BM25 a second time, so it stays out of the fusion
            specs = [s for s in specs if not s.translated or lexical[s.name]] or specs
        lexical = {name: text or question for name, text in lexical.items()}  # a translated retriever asked alone
        weights = {r.name: (r.weight if retriever == FUSED else 1.0) for r in specs}
        return searcher.score(
            index.search, question, specs, queries, self.settings.retrieval, weights, allowed, lexical
        )

    def search(
        self,
        question: str,
        k: int | None = None,
        docs: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
        retriever: str = FUSED,
        scores: Scores | None = None,
        index: Index | None = None,
    ) -> list[Hit]:
        """The k best passages for a question, fused across the configured retrievers (or one of them)."""
        k = self.settings.retrieval.k if k is None else k
        if k < 1:
            raise QueryError("k must be at least 1")
        index = index or self.index()
        scores = scores or self.score(question, retriever, allowed=self._allowed(index, docs, langs), index=index)
        own_ranks = scores.own_ranks()
        hits = []
        for rank, position in enumerate(scores.ranked()[:k], start=1):
            i = int(scores.ids[position])
            passage = index.passages[i]
            ranks = {name: r[i] for name, r in own_ranks.items()}
            hits.append(Hit(passage, self.citation(passage, index), float(scores.total[position]), rank, ranks))
        return hits

    def cite(self, key: str) -> CitationView:
        """A passage by citation key, with its context and its document's metadata."""
        key = (key or "").strip()
        if not key or len(key) > MAX_KEY_CHARS:
            shown = f"{key[:40]}…" if len(key) > 40 else key
            raise QueryError(f"'{shown}' is not a citation key (keys look like kanagawa-moh-profile#3)")
        index = self.index()
        view = lookup(index, key)
        source = self.settings.corpus_dir / view.document.meta.path
        if view.passage.page is None and source.is_file() and self._inside_corpus(source):
            # the line number is a convenience; the citation stands without it
            with contextlib.suppress(CorpusError):
                view = lookup(index, key, line_source_text(source))
        return view

    def _inside_corpus(self, path) -> bool:
        """A source file may be read for a citation only inside the corpus folder (a link swapped after
        indexing must not expose an outside file), unless the settings allow links outside."""
        if self.settings.limits.follow_symlinks_outside:
            return True
        return path.resolve().is_relative_to(self.settings.corpus_dir.resolve())

    def find_quote(self, quote: str, settings: QuoteSettings | None = None) -> QuoteResult:
        """Where a quote or claim comes from: exact, then fuzzy, then semantic matches (any language)."""
        limits = self.settings.limits
        quote = _checked_text(quote, "quote", limits.max_quote_chars, "max_quote_chars")
        if not content_words(quote):  # emoji, markup, control characters: nothing to look for
            return QuoteResult(quote, [], False)
        index = self.index()
        return find_quote(index, self.score(quote, index=index), settings or self.settings.quotes)

    def answer_scores(
        self,
        asked: str,
        resolved: str,
        scores: Scores,
        hits: Sequence[Hit],
        index: Index,
        retriever: str = FUSED,
        only: Sequence[str] | None = None,
    ) -> Scores:
        """What the answer sentence is chosen by. A follow-up is searched with the topic it refers to, but
        the sentence that answers it is the one that answers its own words ("how many were diagnosed?"
        wants the diagnosed count, not the sentence that best names the topic): its candidates, the
        passages already retrieved, are scored again for the follow-up as asked."""
        if resolved == asked or not content_words(asked):
            return scores
        allowed = np.zeros(len(index.passages), dtype=bool)
        allowed[[index.position(h.passage.key) for h in hits]] = True
        return self.score(asked, retriever, only, allowed=allowed, index=index)

    def ask(
        self,
        question: str,
        k: int | None = None,
        docs: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
        retriever: str = FUSED,
        answer_from: int | None = None,
        only: Sequence[str] | None = None,
        history: Sequence[str] | None = None,
    ) -> Response:
        """Passages for a question plus the sentence among them that answers it, or an abstention.

        The answer comes from the first `answer_from` hits (default: settings.answer.from_passages).
        `history` holds the conversation's earlier questions, oldest first: a follow-up ("and when was it
        signed?") is searched together with the topic it refers to, and the response says so.
        """
        index = self.index()
        asked = (question or "").strip()
        question = resolve_followup(asked, list(history or [])) if asked else asked
        scores = self.score(question, retriever, only, allowed=self._allowed(index, docs, langs), index=index)
        hits = self.search(question, k, retriever=retriever, scores=scores, index=index)
        answer_from = answer_from or self.settings.answer.from_passages
        # a question with no content word in any language (emoji, "?", markup) is not answered
        answer = None
        if content_words(question):
            chosen_by = self.answer_scores(asked, question, scores, hits[:answer_from], index, retriever, only)
            answer = select_answer(index, chosen_by, hits[:answer_from], self.settings.answer)
        gloss = None
        if answer is not None:
            gloss = make_gloss(answer.text, asked, index=index, position=index.position(answer.key))
        return Response(asked, hits, answer, question if question != asked else None, gloss)
