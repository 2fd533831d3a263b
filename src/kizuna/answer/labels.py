"""Training labels for the answer model: does a candidate sentence hold a question's evidence?"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from kizuna.ingest.text import squash


def holds_evidence(sentence: str, evidence: Sequence[str], share: float = 0.8) -> bool:
    """The sentence contains an evidence string, or a stretch of it at least `share` of its length (an
    evidence string may run over a sentence boundary)."""
    s = squash(sentence)
    for e in evidence:
        e = squash(e)
        if not e:
            continue
        if e in s:
            return True
        m = difflib.SequenceMatcher(None, e, s, autojunk=False).find_longest_match(0, len(e), 0, len(s))
        if m.size >= share * len(e):
            return True
    return False
