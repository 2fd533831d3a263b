"""Names a Japanese text gives people, companies and places, read through JMnedict (the names dictionary in
the `jamdict-data` package, lexicon.jmdict_db) so they can be compared with a Latin spelling: 菅義偉 → Suga
Yoshihide, 伊藤直樹大使 → Ito (surname) before a title, 三共 → Sankyo (a company), 神奈川 → Kanagawa (a
place); and the people a Japanese text writes in katakana (グエン・アイン・トゥアン), by sound.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from kizuna.answer.kinds import SENTENCE_CACHE
from kizuna.answer.lexicon import KANJI_RUN, PARENS, Jmdict, jmdict_db, unread_stretches  # one database
from kizuna.answer.transliteration import (
    katakana_people,
    latin_sound_keys,
    name_parts,
    same_sound,
    sound_key,
)
from kizuna.ingest.text import fold_diacritics, tokenize

_PERSON_RUN = re.compile(r"[\u4e00-\u9fff々]{3,}")  # whole runs: a name may sit anywhere in one


@lru_cache(maxsize=SENTENCE_CACHE)
def japanese_people(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The people a Japanese text names in kanji whom JMnedict knows by full name, each as "菅義偉 (Suga
    Yoshihide)" with the Latin tokens of the name (suga, yoshihide): a name an English text would spell.
    Longest match within each kanji run (菅義偉首相 holds 菅義偉). Then those it knows by surname and given
    name where a title follows (伊藤直樹大使: itou, naoki, …), shown as written."""
    jmdict = jmdict_db()
    runs = _PERSON_RUN.findall(unicodedata.normalize("NFKC", text))
    spans = {r[i:j] for r in runs for i in range(len(r)) for j in range(i + 3, min(len(r), i + 6) + 1)}
    known = jmdict.people(sorted(spans)) if jmdict and spans else {}
    out, taken = [], set()
    for name in sorted(known, key=len, reverse=True):
        if not any(name in t for t in taken):
            taken.add(name)
            romanised = PARENS.sub(" ", fold_diacritics(known[name][0])).strip()
            tokens = {t for g in known[name] for t in tokenize(PARENS.sub(" ", fold_diacritics(g))) if t.isalpha()}
            out.append((f"{name} ({romanised})", frozenset(tokens)))
    for name, tokens in _titled_people(text, jmdict):  # shown as written: which reading is meant is unknown
        if not any(name in t or t in name for t in taken):
            taken.add(name)
            out.append((name, tokens))
    return tuple(out)


# a title or honorific after a person's kanji name (伊藤直樹大使, 秋山稔氏, 山田滝雄駐ベトナム日本大使)
_TITLED_NAME = re.compile(
    r"(?<![\u4e00-\u9fff々])([\u4e00-\u9fff々]{3,5}?)"
    r"(?=駐|氏|博士|さん|様|大使|副?大臣|首相|総理|長官|局長|会長|社長|理事長|専務理事|知事|教授|院長|所長)"
)


def _titled_people(text: str, jmdict: Jmdict | None) -> list[tuple[str, frozenset[str]]]:
    """People JMnedict does not know by full name, read as a surname and a given name it knows, where a
    title follows (伊藤直樹大使: 伊藤 Itou + 直樹 Naoki). Neither part nor the name may be a dictionary word,
    nor a word cross the split (保健副大臣 is no 保 + 健)."""
    if jmdict is None:
        return []
    names = [m.group(1) for m in _TITLED_NAME.finditer(unicodedata.normalize("NFKC", text))]
    splits = [(n, n[:k], n[k:]) for n in names for k in (2, 3) if 1 <= len(n) - k <= 3]
    known = jmdict.name_parts(sorted({p for _, *parts in splits for p in parts}))
    out = []
    for name, surname, given in splits:
        if name in jmdict.forms or any(w in jmdict.forms for w in (surname, given)):
            continue
        if any(name[i:j] in jmdict.forms for i in range(len(surname)) for j in range(len(surname) + 1, len(name) + 1)):
            continue
        family = known.get(surname, {}).get("surname", [])
        first = [g for kind in ("given", "masc", "fem") for g in known.get(given, {}).get(kind, [])]
        if family and first and name not in {n for n, _ in out}:
            # the surname's spellings only: a given name is shared by many (山田直樹 is not Ito Naoki), and
            # JMnedict writes long vowels out (Itou) where English drops them (Ito)
            tokens = {short_vowels(t) for g in family for t in tokenize(fold_diacritics(g)) if t.isalpha()}
            out.append((name, frozenset(tokens)))
    return out


def short_vowels(romanised: str) -> str:
    """A romanised Japanese name with its long vowels written short, as English does (Itou → Ito)."""
    return romanised.replace("ou", "o").replace("uu", "u").replace("oo", "o")


@lru_cache(maxsize=SENTENCE_CACHE)
def foreign_people(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The people a Japanese text names in katakana (グエン・アイン・トゥアン), each with the sound keys of its
    parts (transliteration.katakana_people); a dotted run half of whose parts are dictionary words of four
    characters or more is a name of something else (メディカル・エクセレンス・ジャパン)."""
    found = katakana_people(text)
    jmdict = jmdict_db()
    if not found or jmdict is None:
        return found
    parts = {name: name_parts(name) for name, _ in found}
    known = jmdict.glosses(sorted({p for ps in parts.values() for p in ps if len(p) >= 4}))
    return tuple((name, keys) for name, keys in found if 2 * sum(p in known for p in parts[name]) < len(parts[name]))


@lru_cache(maxsize=SENTENCE_CACHE)
def japanese_companies(text: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The companies a Japanese text names in kanji with no word saying what they are (第一三共 for Daiichi
    Sankyo): spans that JMnedict knows as a company within the stretches of a kanji run no JMdict word
    covers (三共 in 第一三共; not 学研 in 科学研究), each as (the whole run, the span, its kana readings).
    Longest first; people left out."""
    jmdict = jmdict_db()
    if jmdict is None:
        return ()
    runs = KANJI_RUN.findall(unicodedata.normalize("NFKC", text))
    unread = {u: run for run in runs for u in unread_stretches(run, jmdict)}
    spans = {u[i:j] for u in unread for i in range(len(u)) for j in range(i + 2, min(len(u), i + 6) + 1)}
    known = jmdict.companies(sorted(spans))
    people = " ".join(name.split(" (")[0] for name, _ in japanese_people(text))
    out, taken = [], []
    for span in sorted(known, key=len, reverse=True):
        if any(span in t for t in taken) or span in people:
            continue
        taken.append(span)
        out.append((next(run for u, run in unread.items() if span in u), span, tuple(known[span])))
    return tuple(out)


@lru_cache(maxsize=SENTENCE_CACHE)
def place_readings(word: str) -> tuple[str, ...]:
    """How JMnedict reads a place's name (神奈川 → かながわ); () when it knows no place so written."""
    jmdict = jmdict_db()
    return tuple(jmdict.place_readings(word)) if jmdict else ()


@lru_cache(maxsize=SENTENCE_CACHE)
def name_readings(word: str) -> tuple[str, ...]:
    """How a kanji name may be read (JMnedict), for comparing it with a Latin spelling; () if unknown."""
    jmdict = jmdict_db()
    return tuple(jmdict.name_readings(word)) if jmdict else ()


@lru_cache(maxsize=256)
def people_sounds(text: str, lang: str) -> frozenset[str]:
    """The sound keys of the names a text gives people: a Latin text's capitalised words; a Japanese text's
    katakana names and the kanji names JMnedict reads (伊藤直樹 → Ito Naoki)."""
    if lang != "ja":
        return latin_sound_keys(text)
    keys = {k for _, parts in foreign_people(text) for k in parts}
    return frozenset(keys | {sound_key(t) for _, tokens in japanese_people(text) for t in tokens})


def sounds_named(keys: Sequence[str], text: str, lang: str) -> bool:
    """Does a text name a person whose name parts all sound as `keys`?"""
    present = people_sounds(text, lang)
    return bool(keys) and all(any(same_sound(k, p) for p in present) for k in keys)
