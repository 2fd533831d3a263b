"""One cold `kizuna ask`, split into its phases; run in a fresh interpreter by `kizuna bench`.

    python -m kizuna.evaluation.coldstart [--config F] [--corpus D] [--index D] QUESTION

prints one JSON object: seconds spent importing, loading the index, loading the models and answering,
and which heavy libraries the process ended up importing. The phases are the ones `kizuna ask` goes
through, in its order; the index must already be built (a cold start, not a build).
"""

from __future__ import annotations

import time

_started = time.perf_counter()

import json  # noqa: E402 - the import phase is what is being timed
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

# what a cold start should only import when the configuration needs it
HEAVY = ("torch", "sentence_transformers", "transformers", "gradio", "faiss", "bm25s", "scipy", "pandas")


def main(argv: list[str]) -> dict:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("question")
    parser.add_argument("--config", type=Path)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    args = parser.parse_args(argv)

    import kizuna.cli  # noqa: F401 - the command's own imports
    from kizuna.engine import Kizuna
    from kizuna.retrieval.encoders import EncoderPool
    from kizuna.settings import load_settings

    imported = time.perf_counter()
    settings = load_settings(args.config, args.corpus, args.index)
    app = Kizuna(settings, EncoderPool())
    app.index(auto_build=False)
    indexed = time.perf_counter()
    for spec in settings.retrieval.encoders:
        app.pool.get(spec)
    loaded = time.perf_counter()
    response = app.ask(args.question)
    answered = time.perf_counter()
    return {
        "imports": imported - _started,
        "index": indexed - imported,
        "models": loaded - indexed,
        "query": answered - loaded,
        "total": answered - _started,
        "hits": len(response.hits),
        "heavy_modules": sorted(name for name in HEAVY if name in sys.modules),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
