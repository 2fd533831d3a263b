"""Follow-up questions in a conversation: "And when was it signed?" means something only after the
question before it. A follow-up (short, or leaning on a pronoun or an ellipsis, in English, Japanese or
Vietnamese) is resolved by adding the previous question's content — its words without the interrogative
phrase, so the follow-up's own kind of question ("when", "who") still decides what kind of answer is wanted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from kizuna.answer.kinds import _TYPE_RE

_PRONOUN = re.compile(
    r"^(and|but|also|so|what about|how about|then)\b|\b(it|its|they|them|their|that|this|those|these|he|she|him|her)\b"
    r"|^(そして|では|じゃあ|また|それで)|それ|その|これ|この|あれ|彼|彼女|同(社|省|年|氏)"
    r"|^(và|còn|thế|vậy)\b|\b(nó|đó|này|ấy|họ|việc đó|điều đó)\b",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _is_short(question: str) -> bool:
    if _CJK.search(question):
        return len(re.sub(r"\s", "", question)) <= 12
    return len(question.split()) <= 5


def is_followup(question: str) -> bool:
    """Does this question lean on an earlier one (a pronoun, a leading "and", or very few words)?"""
    q = unicodedata.normalize("NFKC", question).strip()
    return bool(q) and (bool(_PRONOUN.search(q)) or _is_short(q))


def topic(question: str) -> str:
    """A question's content: the question without its interrogative phrases and final punctuation."""
    q = unicodedata.normalize("NFKC", question).strip()
    for pattern in _TYPE_RE.values():
        q = pattern.sub(" ", q)
    q = re.sub(r"\b(what|which|how|did|does|do|is|are|was|were)\b|は?何(です|でした)?か?|ですか|ましたか|ますか", " ", q, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", q).strip(" ?？。.、,")


def resolve_followup(question: str, history: Sequence[str]) -> str:
    """The question to search with, given the earlier questions of the conversation (oldest first).

    A standalone question comes back unchanged; a follow-up gets the previous question's topic appended,
    itself resolved against the turns before it.
    """
    question = question.strip()
    if not history or not is_followup(question):
        return question
    previous = resolve_followup(history[-1], history[:-1])
    context = topic(previous)
    if not context:
        return question
    return f"{question} ({context})"
