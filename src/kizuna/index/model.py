"""The loaded index: documents, passages, sentence units and the retrieval backends, as one typed object."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from kizuna.index.manifest import Manifest
from kizuna.ingest.text import normalise_for_matching, tokenize
from kizuna.ingest.units import embedding_text
from kizuna.models import Document, DocumentMeta, Passage, Segment
from kizuna.retrieval.searcher import SearchData


@dataclass
class Index:
    path: Path
    manifest: Manifest
    documents: dict[str, Document]
    passages: list[Passage]
    # sentence units inside passages: rows of (passage index, start, end), offsets in the passage text,
    # grouped by passage in passage order
    sentences: np.ndarray
    search: SearchData
    _positions: dict[str, int] | None = field(default=None, repr=False)
    _df: tuple | None = field(default=None, repr=False)
    _by_doc: dict[str, list[int]] | None = field(default=None, repr=False)
    _labels: tuple | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # per loaded index, bounded: answers and quotes look at the sentences of a few candidates per query
        self.sentence_tokens = lru_cache(maxsize=65_536)(self._sentence_tokens)
        # a document reduced to letters and digits, with offsets back: exact quote matching reads it per query
        self.normalised_text = lru_cache(maxsize=64)(self._normalised_text)

    def _normalised_text(self, slug: str) -> tuple[str, list[int]]:
        return normalise_for_matching(self.documents[slug].text)

    def position(self, key: str) -> int:
        """The index of the passage with this citation key (KeyError when there is none)."""
        if self._positions is None:
            self._positions = {p.key: i for i, p in enumerate(self.passages)}
        return self._positions[key]

    def doc_passages(self, slug: str) -> list[int]:
        """Positions of a document's passages, in order."""
        if self._by_doc is None:
            by_doc: dict[str, list[int]] = {}
            for i, p in enumerate(self.passages):
                by_doc.setdefault(p.doc, []).append(i)
            self._by_doc = by_doc
        return self._by_doc.get(slug, [])

    def passage_mask(self, doc: set[str] | None = None, lang: set[str] | None = None) -> np.ndarray:
        """Which passages belong to these documents (slugs) or languages, as a boolean array."""
        if self._labels is None:  # per-passage document and language labels, built once per loaded index
            docs = {slug: i for i, slug in enumerate(self.documents)}
            langs = {name: i for i, name in enumerate(sorted({p.lang for p in self.passages}))}
            self._labels = (
                (docs, np.array([docs.get(p.doc, -1) for p in self.passages], dtype=np.int64)),
                (langs, np.array([langs[p.lang] for p in self.passages], dtype=np.int64)),
            )
        (doc_ids, doc_labels), (lang_ids, lang_labels) = self._labels
        if doc is not None:
            return np.isin(doc_labels, [doc_ids[d] for d in doc if d in doc_ids])
        return np.isin(lang_labels, [lang_ids[x] for x in (lang or ()) if x in lang_ids])

    def passage_before(self, key: str) -> Passage | None:
        """The passage that precedes this one in its document (None for a document's first)."""
        position = self.position(key)
        order = self.doc_passages(self.passages[position].doc)
        at = order.index(position)
        return self.passages[order[at - 1]] if at else None

    def document_text(self, passage: Passage) -> str:
        """The whole text of a passage's document (the passage's own text if the document is not held)."""
        document = self.documents.get(passage.doc)
        return document.text if document else passage.text

    def sentence_text(self, row: int) -> str:
        owner, start, end = self.sentences[row]
        return self.passages[owner].text[start:end]

    def _sentence_tokens(self, row: int) -> frozenset[str]:
        return frozenset(tokenize(self.sentence_text(row)))

    def document_frequencies(self) -> tuple:
        """Token document frequencies over passages (for idf) and the passage count.

        The lexical index already holds them; without one they are counted once per loaded index.
        """
        if self._df is None:
            lexical = self.search.lexical
            if lexical is not None and hasattr(lexical, "document_frequencies"):
                self._df = (lexical.document_frequencies(), len(self.passages))
            else:
                df: Counter = Counter()
                for p in self.passages:
                    df.update(set(tokenize(embedding_text(p.text))))
                self._df = (df, len(self.passages))
        return self._df


# ---- (de)serialisation of the text side -----------------------------------------------------------------
def document_to_json(doc: Document) -> dict:
    return {
        "meta": asdict(doc.meta),
        "text": doc.text,
        "sha256": doc.sha256,
        "page_count": doc.page_count,
        "segments": [[s.start, s.end, s.src_start, s.src_end, s.page, s.paragraph] for s in doc.segments],
    }


def document_from_json(data: dict) -> Document:
    return Document(
        meta=DocumentMeta(**data["meta"]),
        text=data["text"],
        sha256=data["sha256"],
        page_count=data.get("page_count"),
        segments=tuple(Segment(*s) for s in data["segments"]),
    )


def passage_to_json(p: Passage) -> dict:
    data = asdict(p)
    data["paragraphs"] = list(p.paragraphs)
    return data


def passage_from_json(data: dict) -> Passage:
    data = dict(data)
    data["paragraphs"] = tuple(data["paragraphs"])
    return Passage(**data)


def write_text_side(index: Index, directory: Path) -> None:
    (directory / "documents.json").write_text(
        json.dumps([document_to_json(d) for d in index.documents.values()], ensure_ascii=False),
        encoding="utf-8",
    )
    with (directory / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for p in index.passages:
            fh.write(json.dumps(passage_to_json(p), ensure_ascii=False) + "\n")
    with (directory / "sentences.npy").open("wb") as fh:
        np.save(fh, index.sentences)


def read_text_side(directory: Path) -> tuple[dict[str, Document], list[Passage], np.ndarray]:
    raw = json.loads((directory / "documents.json").read_text(encoding="utf-8"))
    documents = {d.slug: d for d in (document_from_json(x) for x in raw)}
    with (directory / "passages.jsonl").open(encoding="utf-8") as fh:
        passages = [passage_from_json(json.loads(line)) for line in fh if line.strip()]
    sentences = np.load(directory / "sentences.npy")
    return documents, passages, sentences
