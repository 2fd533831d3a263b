"""Whether a word a claim puts in place of its source's says the same thing in other words ("creating" for
"the establishment of", "set out" for "gave") or another thing ("malaria" for "dengue", "last" for "first"),
judged by the JMdict senses both translate. Pure functions over the packaged dictionary, for
claims.replaced_terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from kizuna.answer.lexicon import jmdict_db
from kizuna.ingest.text import content_words

# endings taken off an English word to find the base form a dictionary glosses (creating → create), and
# the nouns made from a verb (create → creation, establish → establishment); a form that is no word finds
# nothing
_ENDINGS = (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ies", "y"))


def _base_forms(word: str) -> set[str]:
    bases = {word} | {
        word[: -len(end)] + add for end, add in _ENDINGS if word.endswith(end) and len(word) - len(end) >= 3
    }
    nouns = {b[:-1] + "ion" for b in bases if b.endswith("ate")} | {b + "ment" for b in bases if b.endswith("ish")}
    return bases | nouns


@lru_cache(maxsize=4096)
def _senses_of(phrase: str) -> frozenset[int]:
    jmdict = jmdict_db()
    words = {phrase, *content_words(phrase)}
    forms = sorted({g for w in words for base in _base_forms(w) for g in (base, f"to {base}")})
    return jmdict.senses_glossed(forms) if jmdict else frozenset()


def alike_in_meaning(said: str, stated: str) -> bool:
    """Does one sense of a JMdict word translate both English phrases ("creating" and "the establishment
    of", "biggest" and "largest")? Then one put in place of the other says the same thing. One sense, not
    one word: 先 is both "first" and "last", in two senses; "malaria" and "dengue" share none."""
    return bool(_senses_of(said.lower()) & _senses_of(stated.lower()))


# verbs that put forward what follows them ("gave / set out / listed three reasons"): one for another
# words the same deed anew
_PRESENTING = frozenset(
    "give gives gave given giving set sets out list lists listed listing cite cites cited citing name names named "
    "outline outlines outlined present presents presented offer offers offered raise raises raised put forward "
    "point pointed state states stated share shares shared".split()
)


def presenting(words: Sequence[str]) -> bool:
    """Are these (lower-case) words all of a verb that puts forward what follows it?"""
    return bool(words) and all(w in _PRESENTING for w in words)
