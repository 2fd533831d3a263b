"""kizuna: cited-passage retrieval over Vietnam–Japan healthcare cooperation documents."""

from .config import Settings, load_settings
from .engine import Kizuna
from .models import Citation, Document, Hit, Passage

__all__ = ["Citation", "Document", "Hit", "Kizuna", "Passage", "Settings", "load_settings"]
