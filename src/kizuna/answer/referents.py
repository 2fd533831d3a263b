"""Whom a sentence that names no one speaks of: the person its document named last before it.

An article names a speaker once, in full and with a role, and then goes on "He also thanked Japan…",
"According to the diplomat, …", "同氏は…". Such a sentence bears out a claim that names the speaker only
if the speaker is read from the text before it. The nearest person named before the sentence is taken, not
any person of the document: "Ambassador Vu Hong Nam said X" is not borne out by a sentence that follows
another speaker's name. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from kizuna.answer.claims import Difference
from kizuna.answer.japanese_names import foreign_people, japanese_people
from kizuna.answer.people import latin_person_names
from kizuna.answer.terms import key_coverage

# how far back a sentence's speaker is looked for: a few paragraphs of an article
LOOKBACK_CHARS = 1500

_SENTENCE_END = re.compile(r"[.!?。！？]\s|[。！？]|\n")


def people_named(text: str, lang: str) -> list[str]:
    """The people a text names, as written in it: capitalised runs of a Latin-script text; katakana names
    with a middle dot and the kanji names JMnedict knows in a Japanese one."""
    if lang != "ja":
        return latin_person_names(text)
    return [name for name, _ in foreign_people(text)] + [name.split(" (")[0] for name, _ in japanese_people(text)]


def _sentence_around(text: str, position: int) -> str:
    """The sentence of `text` that holds `position`."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, position)]
    start = starts[-1] if starts else 0
    end = _SENTENCE_END.search(text, position)
    return text[start : end.end() if end else len(text)].strip()


def speaker_before(document: str, offset: int, lang: str, sentence: str) -> str:
    """The sentence in which `document` last named a person before `offset`, when `sentence` (which starts
    there) names no one itself; "" when it names someone or no one is named in the LOOKBACK_CHARS before."""
    if people_named(sentence, lang):
        return ""
    start = max(0, offset - LOOKBACK_CHARS)
    before = document[start:offset]
    found = [(before.rfind(name), name) for name in people_named(before, lang)]
    found = [(at, name) for at, name in found if at >= 0]
    if not found:
        return ""
    at, _ = max(found)
    return _sentence_around(before, at)


def speaker_differences(
    people: Sequence[tuple[str, AbstractSet[str]]], document: str, offset: int, sentence: str
) -> list[Difference]:
    """A Latin-script claim's people (each with the folded tokens of its name) against the speaker of a
    Latin-script sentence that names no one: a claim that puts the sentence's words in another person's
    mouth ("Ambassador Vu Hong Nam said…" where the article's "the diplomat" is Ito Naoki) says otherwise."""
    # the sentence may name them in part ("Regarding medical assistance, Nam highly appreciated…")
    if not people or any(key_coverage(set(tokens), sentence) > 0 for _, tokens in people):
        return []
    speaker = speaker_before(document, offset, "en", sentence)
    if not speaker or any(key_coverage(set(tokens), speaker) > 0 for _, tokens in people):
        return []
    return [Difference("name", "; ".join(name for name, _ in people), "; ".join(people_named(speaker, "en")))]
