"""Ingest time of a web page and a Word file of a given size: `python eval/ingest_formats.py 1` (MB).

The content is the bundled corpus's paragraphs, each copy tagged so repeat detection cannot drop it
(the worst case for cleaning). The web page wraps the article in the furniture news sites have (menu,
cookie banner, share bar, related links, footer) and is padded to the size with article paragraphs;
the Word file holds the same paragraphs with a heading every ten and a table every fifty, until the
.docx file itself (zip-compressed) reaches the size. Prints the file size and the CPU seconds to read
it (extraction, cleaning) and to chunk it, in this process.
"""

from __future__ import annotations

import html
import sys
import tempfile
import time
from pathlib import Path

from kizuna.ingest.chunking import chunk_document
from kizuna.ingest.loaders import decode_bytes, load_document
from kizuna.settings import ChunkSettings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def paragraphs():
    seeds = [
        p.strip()
        for f in sorted(CORPUS.glob("*.txt"))
        for p in decode_bytes(f.read_bytes()).split("\n")
        if len(p.strip()) > 40
    ]
    copy = 0
    while True:
        for j, p in enumerate(seeds):
            yield f"r{copy}p{j} {p}"
        copy += 1


def web_page(megabytes: float) -> bytes:
    furniture = (
        '<div class="cookie-banner">We use cookies on this website. <button>Accept</button></div>'
        '<header><nav><ul><li><a href="/">Home</a></li><li><a href="/health">Health</a></li></ul></nav></header>'
        '<main><article><h1>Synthetic article</h1><div class="share"><a href="#">Share</a> <a href="#">Print</a></div>'
    )
    tail = (
        '</article><aside class="related"><h3>Related articles</h3><ul><li><a href="/r">Other news</a></li></ul>'
        "</aside></main><footer><p>© 2024 Example</p></footer></body></html>"
    )
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Synthetic</title></head><body>']
    parts.append(furniture)
    size, target = 0, int(megabytes * 1_000_000)
    for i, p in enumerate(paragraphs()):
        piece = f"<h2>Section {i}</h2>" if i % 10 == 0 else ""
        piece += f"<p>{html.escape(p)}</p>\n"
        parts.append(piece)
        size += len(piece.encode())
        if size >= target:
            break
    parts.append(tail)
    return "".join(parts).encode()


def word_file(megabytes: float, path: Path) -> None:
    import docx

    target = int(megabytes * 1_000_000)
    document = docx.Document()
    source = paragraphs()
    step = 2000
    while True:
        for i in range(step):
            p = next(source)
            if i % 10 == 0:
                document.add_heading(f"Section {i}", level=2)
            if i % 50 == 0:
                table = document.add_table(rows=2, cols=3)
                for c, value in enumerate(("Hospital", "City", p[:30])):
                    table.cell(0, c).text = value
            document.add_paragraph(p)
        document.save(str(path))
        if path.stat().st_size >= target:
            return


def measure(path: Path) -> None:
    started = time.process_time()
    doc = load_document(path, path.parent, {})
    read_s = time.process_time() - started
    started = time.process_time()
    passages = chunk_document(doc, ChunkSettings())
    chunk_s = time.process_time() - started
    print(
        f"{path.name}: {path.stat().st_size / 1e6:.2f} MB file, {len(doc.text) / 1e6:.2f} M chars of text, "
        f"{len(passages)} passages; read+clean {read_s:.2f} CPU s, chunk {chunk_s:.2f} CPU s"
    )


def main(sizes: list[float]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            page = Path(tmp) / f"page-{mb:g}mb.html"
            page.write_bytes(web_page(mb))
            measure(page)
            word = Path(tmp) / f"report-{mb:g}mb.docx"
            word_file(mb, word)
            measure(word)


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [1.0])
