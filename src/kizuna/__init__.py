"""kizuna: cited-passage retrieval over Vietnam–Japan healthcare cooperation documents."""

from kizuna.engine import Kizuna
from kizuna.models import Citation, Document, Hit, Passage
from kizuna.settings import Settings, load_settings

__all__ = ["Citation", "Document", "Hit", "Kizuna", "Passage", "Settings", "load_settings"]
