"""Which paragraphs repeat an earlier one: linear-time containment over a whole document (pure).

Keys are paragraph texts in squashed form (squash: no whitespace, case-folded), so "\n" can join them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence

import numpy as np

# Finding "is this paragraph contained in an earlier one" without comparing it with every earlier one
# (that made cleaning quadratic: 1 MB 1.8 s, 5 MB 35 s). Content-defined anchors: the positions whose
# 8-character window hashes to 0 mod 16. An anchor inside a paragraph is an anchor wherever that text
# occurs, so an earlier paragraph that contains it holds all its anchors: only paragraphs sharing its
# rarest anchor need the exact substring test. Paragraphs with no anchor (short ones: headings, labels)
# are compared exactly with every earlier paragraph's whole text and by substring with the most recent
# ones (_RECENT_CHARS of text, more than a whole typical document: for documents under that size the
# result is exactly the all-pairs one).
_ANCHOR_Q = 8
_ANCHOR_EVERY = 16
_MAX_CANDIDATES = 200  # exact tests per paragraph; more only happens in text that repeats itself
_RECENT_CHARS = 200_000
_BATCH_CHARS = 1_000_000  # anchors are hashed in batches of this much text (bounded memory)


def _anchor_batches(keys: Sequence[str]) -> Iterator[list[list[int]]]:
    """For each key, its anchor hashes; yields them batch by batch (one numpy pass per batch)."""
    start = 0
    while start < len(keys):
        end, size = start, 0
        while end < len(keys) and (size < _BATCH_CHARS or end == start):
            size += len(keys[end])
            end += 1
        yield _anchors(keys[start:end])
        start = end


def _anchors(keys: Sequence[str]) -> list[list[int]]:
    joined = "".join(keys)
    n = len(joined) - _ANCHOR_Q + 1
    if n <= 0:
        return [[] for _ in keys]
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for j in range(_ANCHOR_Q):  # polynomial hash of every 8-character window; uint64 wraps around
        h = h * np.uint64(1_000_003) + codes[j : j + n]
    h ^= h >> np.uint64(29)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    positions = np.flatnonzero(h % np.uint64(_ANCHOR_EVERY) == 0)
    values = h[positions].tolist()
    ends = np.cumsum([len(k) for k in keys])
    starts = ends - np.array([len(k) for k in keys])
    lo = np.searchsorted(positions, starts).tolist()
    hi = np.searchsorted(positions, ends - _ANCHOR_Q + 1).tolist()  # windows wholly inside the key
    return [values[a:b] if b > a else [] for a, b in zip(lo, hi, strict=True)]


def contained_in_earlier(keys: Sequence[str], min_chars: int = 8) -> list[bool]:
    """For each key: is it (at least min_chars long and) contained in an earlier key that was kept?

    A key found contained is dropped, so later keys are compared with the kept ones only. Linear in
    the total length (see the note on anchors above).
    """
    repeated: list[bool] = []
    kept_keys: list[str] = []
    whole: set[str] = set()
    by_anchor: dict[int, list[int]] = {}
    recent = _RecentText()
    i = 0
    for batch in _anchor_batches(keys):
        for anchors in batch:
            key = keys[i]
            i += 1
            if len(key) >= min_chars and _contained(key, anchors, whole, by_anchor, kept_keys, recent):
                repeated.append(True)
                continue
            repeated.append(False)
            kept_keys.append(key)
            whole.add(key)
            for h in set(anchors):
                by_anchor.setdefault(h, []).append(len(kept_keys) - 1)
            recent.add(key)
    return repeated


class _RecentText:
    """The last _RECENT_CHARS of kept paragraph keys, searchable by substring at C speed: keys are
    joined into blocks with "\n", which no key contains (squash removed all whitespace)."""

    _BLOCK = 8_000

    def __init__(self) -> None:
        self.blocks: deque[str] = deque()
        self.open: list[str] = []
        self.open_chars = 0

    def add(self, key: str) -> None:
        self.open.append(key)
        self.open_chars += len(key) + 1
        if self.open_chars >= self._BLOCK:
            self.blocks.append("\n".join(self.open))
            self.open, self.open_chars = [], 0
            while len(self.blocks) * self._BLOCK > _RECENT_CHARS:
                self.blocks.popleft()

    def holds(self, key: str) -> bool:
        return any(key in block for block in self.blocks) or any(key in k for k in self.open)


def _contained(
    key: str,
    anchors: Sequence[int],
    whole: set[str],
    by_anchor: dict[int, list[int]],
    kept_keys: Sequence[str],
    recent: _RecentText,
) -> bool:
    if key in whole:
        return True
    if not anchors:
        return recent.holds(key)
    rarest: list[int] = []
    for h in anchors:
        holders = by_anchor.get(h)
        if holders is None:  # no earlier paragraph holds this anchor, so none holds the key
            return False
        if not rarest or len(holders) < len(rarest):
            rarest = holders
    return any(key in kept_keys[k] for k in reversed(rarest[-_MAX_CANDIDATES:]))
