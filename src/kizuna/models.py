"""The small value types every layer passes around."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Segment:
    """A stretch of cleaned text and the stretch of the source file it came from.

    Offsets into the cleaned text are exact; inside one segment the source position is interpolated,
    which is precise to the line (cleaning only rewrites characters within a line).
    """

    start: int
    end: int
    src_start: int
    src_end: int
    page: int | None
    paragraph: int


@dataclass(frozen=True)
class DocumentMeta:
    """What the catalog says about a corpus file."""

    slug: str
    path: str
    title: str
    publisher: str | None = None
    date: str | None = None
    language: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    text: str
    segments: tuple[Segment, ...]
    sha256: str
    page_count: int | None = None

    @property
    def slug(self) -> str:
        return self.meta.slug

    def locate(self, offset: int) -> Segment | None:
        """The segment holding a cleaned-text offset."""
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return self.segments[-1] if self.segments and offset >= self.segments[-1].end else None

    def source_offset(self, offset: int) -> int | None:
        seg = self.locate(offset)
        if seg is None:
            return None
        clean_len = max(seg.end - seg.start, 1)
        within = min(max(offset - seg.start, 0), clean_len)
        return seg.src_start + round(within * (seg.src_end - seg.src_start) / clean_len)


@dataclass(frozen=True)
class Passage:
    key: str  # stable citation key: "<doc slug>#<n>"
    doc: str  # document slug
    ordinal: int  # 1-based position in its document
    text: str
    start: int  # span in the cleaned document text
    end: int
    lang: str
    page: int | None = None
    paragraphs: tuple[int, int] = (1, 1)

    def location(self) -> str:
        first, last = self.paragraphs
        para = f"¶{first}" if first == last else f"¶{first}–{last}"
        return f"p. {self.page}, {para}" if self.page is not None else para


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    publisher: str | None
    date: str | None
    url: str | None
    file: str
    location: str
    span: tuple[int, int]

    def short(self) -> str:
        bits = [self.title]
        if self.publisher:
            bits.append(self.publisher)
        if self.date:
            bits.append(self.date)
        bits.append(self.location)
        return ", ".join(bits)


@dataclass(frozen=True)
class Hit:
    passage: Passage
    citation: Citation
    score: float
    rank: int
    # each retriever's 1-based rank for this passage (absent = that retriever did not return it)
    ranks: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        p, c = self.passage, self.citation
        return {
            "rank": self.rank,
            "id": p.key,
            "text": p.text,
            "score": round(self.score, 6),
            "doc": p.doc,
            "title": c.title,
            "publisher": c.publisher,
            "date": c.date,
            "url": c.url,
            "lang": p.lang,
            "page": p.page,
            "location": c.location,
            "span": list(c.span),
            "citation": c.short(),
            "retriever_ranks": dict(self.ranks),
        }
