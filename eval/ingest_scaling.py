"""Cleaning and chunking time against file size: `python eval/ingest_scaling.py 1 5 50` (sizes in MB).

The text is the bundled corpus repeated, each copy's lines tagged so that repeat detection and tail
rules cannot drop them (the worst case for cleaning). Prints CPU seconds per stage and per MB.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kizuna.ingest.chunking import chunk_document
from kizuna.ingest.clean import clean_pages
from kizuna.ingest.loaders import decode_bytes
from kizuna.models import Document, DocumentMeta
from kizuna.settings import ChunkSettings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def synthetic(megabytes: float) -> str:
    seeds = "\n\n".join(decode_bytes(p.read_bytes()) for p in sorted(CORPUS.glob("*.txt")))
    lines = seeds.split("\n")
    target, out, size, copy = int(megabytes * 1_000_000), [], 0, 0
    while size < target:
        block = "\n".join(f"r{copy}l{j} {ln}" if ln.strip() else ln for j, ln in enumerate(lines))
        out.append(block)
        size += len(block.encode())
        copy += 1
    return "\n\n".join(out)


def main(sizes: list[float]) -> None:
    for mb in sizes:
        raw = synthetic(mb)
        started = time.process_time()
        text, segments = clean_pages([(None, raw)])
        clean_s = time.process_time() - started
        started = time.process_time()
        passages = chunk_document(Document(DocumentMeta("d", "d.txt", "D"), text, segments, "0"), ChunkSettings())
        chunk_s = time.process_time() - started
        real_mb = len(raw.encode()) / 1e6
        print(
            f"{real_mb:6.2f} MB: clean {clean_s:7.2f} s, chunk {chunk_s:6.2f} s CPU "
            f"({(clean_s + chunk_s) / real_mb:.2f} s/MB, {len(passages)} passages)",
            flush=True,
        )


if __name__ == "__main__":
    main([float(x) for x in sys.argv[1:]] or [1, 5])
