"""BM25 over kizuna's own tokens (CJK bigrams, diacritic-folded Latin words), stored with bm25s."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kizuna.ingest.text import tokenize


class BM25Retriever:
    def __init__(self, model) -> None:
        self._model = model

    @classmethod
    def build(cls, texts: Sequence[str]) -> BM25Retriever:
        import bm25s

        model = bm25s.BM25()
        # An empty passage still needs a token list; bm25s adds an empty-string token for that.
        model.index([tokenize(t) for t in texts], show_progress=False)
        return cls(model)

    def scores(self, query: str) -> np.ndarray:
        vocab = self._model.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        n = self._model.scores["num_docs"]
        if not tokens:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)

    def save(self, directory: Path) -> None:
        import bm25s

        self._model.save(str(directory))
        (directory / "kizuna-bm25.json").write_text(json.dumps({"bm25s": bm25s.__version__}))

    @classmethod
    def load(cls, directory: Path) -> BM25Retriever:
        import bm25s

        return cls(bm25s.BM25.load(str(directory)))
