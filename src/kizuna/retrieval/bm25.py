"""The embedded lexical backend: BM25 over kizuna's own tokens (CJK bigrams, diacritic-folded Latin words),
stored with bm25s. The only module that imports bm25s.

A query is answered from the postings of its tokens alone: only passages that hold a query token get a
score, so the cost grows with the matches, not with the collection.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from kizuna.ingest.text import tokenize
from kizuna.retrieval.base import Candidates, SparseScores

Tokenizer = Callable[[str], list[str]]


class BM25Index:
    """bm25s arrays plus kizuna's tokenizer (any callable can replace it, as in bm25s)."""

    def __init__(self, model, tokenizer: Tokenizer = tokenize) -> None:
        self._model = model
        self._tokenize = tokenizer
        scores = model.scores
        self._data = np.asarray(scores["data"], dtype=np.float32)
        self._docs = np.asarray(scores["indices"], dtype=np.int64)
        self._indptr = np.asarray(scores["indptr"], dtype=np.int64)
        self._n = int(scores["num_docs"])

    @classmethod
    def build(cls, texts: Sequence[str], tokenizer: Tokenizer = tokenize) -> BM25Index:
        import bm25s

        model = bm25s.BM25()
        # An empty passage still needs a token list; bm25s adds an empty-string token for that.
        model.index([tokenizer(t) for t in texts], show_progress=False)
        return cls(model, tokenizer)

    def count(self) -> int:
        return self._n

    def match(self, query: str) -> SparseScores:
        vocab = self._model.vocab_dict
        token_ids = [vocab[t] for t in self._tokenize(query) if t in vocab]
        if not token_ids:
            return SparseScores(np.zeros(0, np.int64), np.zeros(0, np.float32), self._n)
        # bm25s scores a token once per occurrence in the query, as its get_scores does
        spans = [(self._indptr[t], self._indptr[t + 1]) for t in token_ids]
        docs = np.concatenate([self._docs[a:b] for a, b in spans])
        data = np.concatenate([self._data[a:b] for a, b in spans])
        ids, inverse = np.unique(docs, return_inverse=True)
        scores = np.bincount(inverse, weights=data, minlength=len(ids)).astype(np.float32)
        return SparseScores(ids, scores, self._n)

    def document_frequencies(self) -> DocumentFrequencies:
        """How many documents hold each token (read from the postings, nothing recounted)."""
        return DocumentFrequencies(self._model.vocab_dict, np.diff(self._indptr))

    def postings(self):
        """Every (token, document ids, weights) posting list, for copying the index into a database."""
        for token, t in self._model.vocab_dict.items():
            if t + 1 >= len(self._indptr):  # bm25s's placeholder for empty documents has no postings
                continue
            a, b = self._indptr[t], self._indptr[t + 1]
            yield token, self._docs[a:b], self._data[a:b]

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> Candidates:
        return self.match(query).top(k, allowed)

    def save(self, directory: Path) -> None:
        import bm25s

        directory.mkdir(parents=True, exist_ok=True)
        self._model.save(str(directory))
        (directory / "kizuna-bm25.json").write_text(json.dumps({"bm25s": bm25s.__version__}))

    @classmethod
    def load(cls, directory: Path, tokenizer: Tokenizer = tokenize) -> BM25Index:
        import bm25s

        return cls(bm25s.BM25.load(str(directory)), tokenizer)


class DocumentFrequencies:
    """A read-only token -> document count mapping over the postings (``get`` as on a dict)."""

    def __init__(self, vocab: dict[str, int], counts: np.ndarray) -> None:
        self._vocab = vocab
        self._counts = counts

    def get(self, token: str, default: int = 0) -> int:
        i = self._vocab.get(token)
        return int(self._counts[i]) if i is not None else default
