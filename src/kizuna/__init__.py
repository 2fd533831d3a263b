"""kizuna: cited-passage retrieval over Vietnam–Japan healthcare cooperation documents.

The public names load on first use, so importing one submodule (the CLI, a pure function) does not pull
in the engine, its index backends or the models.
"""

import os
from importlib import import_module

# Thread pools read these once, when their library loads, so they are set before anything of kizuna
# imports numpy (the CLI, the app, tests and library use alike). A question is a handful of small matrix
# products: on a small machine shared with other processes a second BLAS thread buys nothing, and pools
# whose idle workers spin steal the cores the query needs (measured in eval/results/bench.md).
# Set either variable to override.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

_PUBLIC = {
    "Kizuna": "kizuna.engine",
    "Settings": "kizuna.settings",
    "load_settings": "kizuna.settings",
    "Citation": "kizuna.models",
    "Document": "kizuna.models",
    "Hit": "kizuna.models",
    "Passage": "kizuna.models",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'kizuna' has no attribute {name!r}")
