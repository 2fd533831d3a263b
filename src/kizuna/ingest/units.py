"""Sentence units inside passages, and the text an encoder sees (pure functions).

Both shape what is embedded, so this module is part of the index fingerprint (index/manifest.py hashes
every module of this package): a change here rebuilds the index instead of silently doing nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kizuna.ingest.chunking import split_sentences
from kizuna.ingest.text import without_urls
from kizuna.models import Passage

MIN_SENTENCE_CHARS = 30


def sentence_spans(passages: Sequence[Passage], min_chars: int = MIN_SENTENCE_CHARS) -> np.ndarray:
    """Every sentence of every passage as (passage index, start, end).

    A line shorter than min_chars (a heading, a label, a date line) is joined to the sentence after
    it: alone it is too short for an encoder to place, and it is usually that sentence's context.
    """
    rows = []
    for i, p in enumerate(passages):
        pending = None
        for a, b in split_sentences(p.text):
            if pending is not None:
                a, pending = pending, None
            if b - a < min_chars:
                pending = a
                continue
            rows.append((i, a, b))
        if pending is not None:
            if rows and rows[-1][0] == i:
                rows[-1] = (i, rows[-1][1], len(p.text.rstrip()))
            else:
                rows.append((i, pending, len(p.text.rstrip())))
    return np.array(rows, dtype=np.int32).reshape(-1, 3)


def embedding_text(text: str) -> str:
    """What an encoder sees: the text without web addresses (noise to a sentence encoder)."""
    return without_urls(text).strip() or text
