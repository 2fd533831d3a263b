"""kizuna: cited-passage retrieval over Vietnam–Japan healthcare cooperation documents.

The public names load on first use, so importing one submodule (the CLI, a pure function) does not pull
in the engine, its index backends or the models.
"""

from importlib import import_module

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
