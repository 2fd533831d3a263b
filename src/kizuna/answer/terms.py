"""The words of a question an answer must answer to: its key terms (names, numbers, codes) and its focus
(what it asks about the entity it names: "beds" in "How many beds does Vinmec have?"), and how to find
them in a text in any of the three languages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from kizuna.answer.kinds import SENTENCE_CACHE
from kizuna.ingest.text import content_words, fold_diacritics, tokenize

# ---- key terms: names and numbers the answer or its passage must share with the question --------------
# a Latin-script word (with Vietnamese letters, so "Chợ Rẫy" is two words, not "Ch"), digits and the joiners
# of codes (57-NQ/TW), or a katakana run (a name written in Japanese)
_LATIN = r"A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff"
_WORD_RE = re.compile(rf"[{_LATIN}](?:[{_LATIN}\-/.,]*[{_LATIN}])?|[ァ-ヶー]{{2,}}")
# a Japanese proper name in kanji, known by what it ends with: a place's or a ministry's word (大阪府, 神奈川県,
# 保健省) or a body's (国立小児病院, 大正製薬, 東和薬品, 理化学研究所)
BODY_ENDINGS = "病院|大学|製薬|薬品|研究所|機構|協会|銀行|財団"
_KANJI_NAME_RE = re.compile(rf"[\u4e00-\u9fff々]{{1,8}}?(?:府|県|都|市|省|庁|{BODY_ENDINGS})(?![\u4e00-\u9fff々])")


def key_terms(question: str) -> set[str]:
    """Capitalised words, numbers, katakana names and codes (57-NQ/TW) of a question, lower-cased, Latin
    ones without diacritics (Chợ Rẫy → cho, ray: names meet their unaccented English spelling); the
    question's first word is left out (it is capitalised because it starts the sentence; opening_name says
    when it is a name all the same)."""
    q = unicodedata.normalize("NFKC", question)
    keys = set()
    for m in _WORD_RE.finditer(q):
        word = m.group(0)
        if "ァ" <= word[0] <= "ヶ":
            keys.add(word)
        elif any(c.isdigit() for c in word) or (word[0].isupper() and len(word) >= 2 and m.start() > 0):
            head, _, tail = word.partition("-")
            if tail.isalpha() and tail.islower():  # "Takeda-backed", "Japan-funded": the name is the head
                word = head
            keys.add(fold_diacritics(word.lower()))
    keys.update(m.group(0) for m in _KANJI_NAME_RE.finditer(q) if not _kanji_word(m.group(0)))
    return keys


def _kanji_word(match: str) -> bool:
    """Is a kanji run _KANJI_NAME_RE took for a name a generic word: one of two characters that JMdict marks
    common (都市 "city", 政府 "government", 省庁 "ministries"), or a common word for goods (医薬品)? Longer
    common words are often bodies' names (内閣府, 金融庁, 日本銀行, 外務省) and stay names, as an office does
    (都庁)."""
    from kizuna.answer.lexicon import is_common_kanji_word  # lexicon imports this module
    from kizuna.answer.places import CITY_NAMES

    # (a body's office is a name: 都庁, 県庁; the ministries and agencies together, 省庁, are not)
    office = match.endswith("庁") and match != "省庁"
    generic = (len(match) == 2 or match.endswith("品")) and not office and is_common_kanji_word(match)
    return generic and not CITY_NAMES.mentions(match)  # 京都 is a city


# words that open questions and claims, known without reading the lexicons (most questions start so)
_OPENERS = frozenset(
    "what which who whom whose when where why how is are was were did does do has have had can could will would "
    "should the a an in on at by for from of to according after before during since under with as this that "
    "these those there it its their our his her some many most all each every one two three "
    "mr mrs ms dr prof sir madam".split()
)


def opening_name(text: str) -> str | None:
    """A text's first word (lower-cased, folded) when it is a name (Astellas, Takeda), not a word capitalised
    because it starts the sentence: no English word (JMdict's glosses), no Sino-Vietnamese syllable (Bộ)."""
    from kizuna.answer.lexicon import english_words, vietnamese_syllable  # lexicon imports this module

    text = unicodedata.normalize("NFKC", text)
    m = _WORD_RE.search(text)
    if not m or text[: m.start()].strip():
        return None
    word = m.group(0)
    folded = fold_diacritics(word).lower()
    if len(word) < 3 or not word.isalpha() or not word[0].isupper() or folded in _OPENERS:
        return None
    if text[m.end() : m.end() + 1] in (",", ":"):  # "Notably, …", "Lastly: …"
        return None
    vocabulary = english_words()
    # a plural of an English word (JMdict's glosses are mostly singular)
    forms = {folded, folded.removesuffix("s"), folded.removesuffix("es"), folded.removesuffix("ies") + "y"}
    return None if forms & vocabulary or vietnamese_syllable(folded) else folded


@lru_cache(maxsize=SENTENCE_CACHE)
def _folded(text: str) -> tuple[str, str]:
    """The text NFKC-normalised and lower-cased; and that without diacritics (for Latin keys only: folding
    would also strip katakana's voicing marks, ベ → ヘ)."""
    t = unicodedata.normalize("NFKC", text).lower()
    return t, fold_diacritics(t)


def key_coverage(keys: set[str], text: str) -> float:
    """Share of the keys in the text: a Latin key where a word starts (viet in Vietnamese, not bo in
    about), a Japanese one anywhere."""
    if not keys:
        return 1.0
    t, folded = _folded(text)

    def found(key: str) -> bool:
        if not ("0" <= key[0] <= "9" or "a" <= key[0] <= "z"):  # a Japanese name: no word boundaries
            return key in t
        # the substring test first: most keys are absent from most texts, and it is far cheaper
        return key in folded and re.search(rf"(?<![{_LATIN}]){re.escape(key)}", folded) is not None

    return sum(found(k) for k in keys) / len(keys)


def checkable_keys(keys: set[str], question_lang: str, passage_lang: str) -> set[str]:
    """The key terms whose absence from a passage says something: all of them in the question's own
    language; across languages only numbers and codes (2025, 57-NQ/TW), and Latin-script names when the
    passage is in Latin script too (Takeda, JICA, Cho Ray are spelled alike in English and Vietnamese; a
    Japanese passage writes them in its own script, and a katakana or kanji name has no English form here)."""
    if question_lang == passage_lang:
        return set(keys)
    latin_passage = passage_lang in ("en", "vi")
    return {k for k in keys if any(c.isdigit() for c in k) or (latin_passage and "a" <= k[0] <= "z")}


# words that ask rather than say what is asked about (tokens as `tokenize` gives them: folded, lower-cased)
_QUESTION_WORDS = frozenset(
    "many much long often year years date day days month kind type name names "  # how many, what year …
    "ai gi nao bao nhieu may khi dau gio luc ten nam".split()  # ai, gì, nào, bao nhiêu, mấy, khi nào, năm …
    # English function words that tokenize's stopwords keep: they say nothing of what is asked about
    # ("between" in "What did Takeda do between 2021 and 2024?" is answered by "From 2021 to 2024")
    + "between through during among within without before after under over across against along around "
    "since until till toward towards upon per via all each every some other such than then only just "
    "more most very".split()
)
_JA_QUESTION = re.compile("[何誰幾]")


def focus_tokens(question: str) -> list[str]:
    """The question's content words other than its names, numbers and codes (key_terms) and its question
    words: what it asks *about* the entity it names."""
    keys = set(tokenize(" ".join(key_terms(question))))
    return [
        t
        for t in dict.fromkeys(content_words(question))
        if t not in keys and t not in _QUESTION_WORDS and not _JA_QUESTION.search(t)
    ]


_SUFFIXES = ("ing", "ies", "es", "ed", "s")  # light English inflections: beds/bed, funded/fund


def stem(token: str) -> str:
    """A Latin token less a light English inflection (beds → bed, funded → fund, countries → countr)."""
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def _forms(token: str) -> tuple[str, ...]:
    """What an inflection of a Latin token shares with it: the token, its stem after a light suffix
    strip, and its first five letters (diagnosed / diagnosing, plant / plants, bed / beds)."""
    if not (token.isascii() and token.isalpha()):
        return (token,)  # Japanese bigrams and numbers match as they are
    forms = (token, "~" + stem(token))
    return (*forms, token[:5] + "…") if len(token) >= 5 else forms


@lru_cache(maxsize=SENTENCE_CACHE)
def _inflected(tokens: frozenset[str]) -> frozenset[str]:
    return frozenset(form for t in tokens for form in _forms(t))


def focus_found(focus: Sequence[str], tokens: AbstractSet[str]) -> bool:
    """Does any of the question's focus words occur in `tokens` (a text's tokens as `tokenize` gives
    them)? Latin words also as an inflection of one another (equal after a light suffix strip, or sharing
    their first five letters); Japanese bigrams as they are. True when the question has no focus words
    (nothing to look for)."""
    if not focus:
        return True
    present = _inflected(frozenset(tokens))
    return any(form in present for word in focus for form in _forms(word))
