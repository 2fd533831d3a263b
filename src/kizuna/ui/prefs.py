"""The Settings tab's values: kept in the browser's local storage, checked when read back, and summarised
in the chat while they filter what is searched.

What the browser stores is the user's data, not ours: a value read back that no longer fits (a document
since removed, a retriever no longer configured, a k out of range) is dropped, never passed to a query.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kizuna.ingest.text import LANGS
from kizuna.ui.corpus_info import LANG_NAMES

# the local-storage entry; its content is not secret (filters and a count), the key only keeps it stable
# across server restarts so settings survive them too
STORAGE_KEY = "kizuna-settings"
STORAGE_SECRET = "kizuna-settings-are-not-secret"
K_RANGE = (1, 10)


@dataclass(frozen=True)
class Prefs:
    k: int
    docs: tuple[str, ...]  # empty: every document
    langs: tuple[str, ...]
    retrievers: tuple[str, ...]

    def to_json(self) -> dict:
        return {"k": self.k, "docs": list(self.docs), "langs": list(self.langs), "retrievers": list(self.retrievers)}


def defaults(k: int, retrievers: Sequence[str]) -> Prefs:
    return Prefs(k, (), tuple(LANGS), tuple(retrievers))


def restore(stored: object, known_docs: Sequence[str], retrievers: Sequence[str], default_k: int) -> Prefs:
    """Stored settings made safe: unknown documents, languages and retrievers dropped; an empty language or
    retriever choice (which could not answer) falls back to all of them."""
    base = defaults(default_k, retrievers)
    if not isinstance(stored, Mapping):
        return base

    def pick(key: str, allowed: Sequence[str]) -> tuple[str, ...]:
        value = stored.get(key)
        if not isinstance(value, list):
            return ()
        return tuple(dict.fromkeys(v for v in value if isinstance(v, str) and v in allowed))

    k = stored.get("k")
    k = int(k) if isinstance(k, int | float) and K_RANGE[0] <= k <= K_RANGE[1] else default_k
    return Prefs(
        k=k,
        docs=pick("docs", known_docs),
        langs=pick("langs", LANGS) or base.langs,
        retrievers=pick("retrievers", retrievers) or base.retrievers,
    )


def filters_html(prefs: Prefs, titles: Mapping[str, str], all_retrievers: Sequence[str]) -> str:
    """One line under the chat naming every active filter ('' when every passage is searched)."""
    parts = []
    if prefs.docs:
        names = [titles.get(d, d) for d in prefs.docs]
        shown = ", ".join(f"“{html.escape(n)}”" for n in names[:3])
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        parts.append(f"only {len(names)} document{'s' if len(names) != 1 else ''}: {shown}{more}")
    if prefs.langs and set(prefs.langs) != set(LANGS):
        parts.append("passages in " + ", ".join(LANG_NAMES.get(x, html.escape(x)) for x in prefs.langs))
    if prefs.retrievers and set(prefs.retrievers) != set(all_retrievers):
        parts.append("retrievers: " + ", ".join(html.escape(r) for r in prefs.retrievers))
    if not parts:
        return ""
    return (
        '<div class="kz-filters" role="status"><b>Filters on:</b> '
        + " · ".join(parts)
        + " <small>(change them in Settings)</small></div>"
    )
