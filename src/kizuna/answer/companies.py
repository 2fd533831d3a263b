"""Companies, hospitals and universities no table lists, known by the word that says what they are and
compared across scripts by how their names sound.

A claim that credits "Tam Anh Hospital" where a Japanese source says ヴィンメック病院, or "Astellas Pharma" where
it says 大正製薬, names another body of the same kind. Neither name is in a gazetteer (organisations.py lists
the best-known), but both say what they are: a Latin name before "Hospital", "Pharma", "University" or after
"Bệnh viện", "Dược", "Đại học"; a Japanese name before 病院, 製薬, 薬品, 大学 or ホールディングス. The names are
compared by sound (transliteration.sound_key): katakana as romaji; kanji by the readings JMnedict gives the
word (大正 may be read たいしょう, Taisho), or not at all when it has none (then nothing is known either way).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kizuna.answer.japanese_names import japanese_companies, name_readings, place_readings, short_vowels
from kizuna.answer.lexicon import english_of_japanese, english_words, japanese_words
from kizuna.answer.terms import focus_found
from kizuna.answer.transliteration import kana_romaji, latin_sound_keys, same_sound, sound_key
from kizuna.ingest.text import content_words, fold_diacritics

# kind → (English words after the name, Vietnamese words before it, Japanese endings)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "hospital": (("Hospital",), ("Bệnh viện",), ("病院",)),
    "pharmaceutical": (
        ("Pharmaceuticals", "Pharmaceutical", "Pharma"), ("Dược phẩm", "Dược"), ("製薬", "薬品"),
    ),
    "university": (("University",), ("Đại học", "Trường Đại học"), ("大学",)),
    "holdings": (("Holdings", "Group"), ("Tập đoàn",), ("ホールディングス", "グループ")),
    # Japan's: "tỉnh" is every Vietnamese province too, which a Japanese text calls 省 (バクニン省), so a
    # Vietnamese claim's prefecture is not read
    "prefecture": (("Prefecture",), (), ("県",)),
}
# a company JMnedict knows by its kanji name alone (三共)
COMPANY = "company"
_COMPANY_KINDS = frozenset({COMPANY, "pharmaceutical", "holdings"})

_WORDS = 4  # a name is at most this many capitalised words


@dataclass(frozen=True)
class Body:
    """A company, hospital or university a text names: its kind, its name as written, and how the name may
    sound (several readings for a kanji name; none when nothing is known)."""

    kind: str
    name: str
    sounds: frozenset[str]
    shown: str = ""  # with the word that says what it is ("Astellas Pharma", 大正製薬), for the reader
    # what a name made of words means: a Latin name's English words; the glosses of a kanji name that
    # dictionary words make up whole (国際医療福祉大学: international, medical, welfare); empty otherwise
    meaning: frozenset[str] = frozenset()

    def same_as(self, other: Body) -> bool:
        """Alike in sound; or, for a long name, in its consonants: katakana adds vowels a foreign name does
        not have (アルフレッサ is a-ru-fu-re-ssa for Alfresa)."""
        return any(same_sound(a, b) or _consonants(a) == _consonants(b) != "" for a in self.sounds for b in other.sounds)

    def same_kind(self, other: Body) -> bool:
        """Of one kind; companies are of one kind whatever word says so (a maker of medicines and a group:
        アステラス製薬 for "Takeda Group", whose company developed the dengue vaccine)."""
        kinds = {self.kind, other.kind}
        return len(kinds) == 1 or kinds <= _COMPANY_KINDS


def told_apart(latin: Body, kanji: Body) -> bool:
    """Is a Latin name known to be another than a kanji name no reading is known for, by what they mean? An
    English name is the kanji name's translation when half its words are among the kanji name's glosses
    ("International University" for 国際医療福祉大学); a name that is no English word (Juntendo) is not a
    descriptive kanji name's. A Vietnamese name (with its diacritics) may be one translated: unknown."""
    if not kanji.meaning:
        return False
    if latin.meaning:
        return 2 * sum(focus_found([w], kanji.meaning) for w in latin.meaning) < len(latin.meaning)
    if any(focus_found([w], kanji.meaning) for w in content_words(latin.shown)):
        return False  # "Hanoi Medical University": a word of it is what the kanji says
    return latin.shown.isascii()  # "Bệnh viện Nhi Trung ương" is 国立小児病院 in Japanese: not told apart


def _known_other(mine: Body, theirs: Body) -> bool:
    """Is the other body known to be another? By sound; but a Latin name made of English words may be
    translated as often as spelled (技術ワーキンググループ for "Technical Working Group"), so it is compared
    by meaning only, with a kanji name that has no reading."""
    if not any(b.meaning and b.name.isascii() for b in (mine, theirs)):
        return bool(theirs.sounds) or told_apart(mine, theirs)
    latin, kanji = (mine, theirs) if mine.name.isascii() else (theirs, mine)
    return not kanji.sounds and told_apart(latin, kanji)


def _english_meaning(name: str) -> frozenset[str]:
    words = content_words(name)
    vocabulary = english_words()
    return frozenset(words) if words and all(w in vocabulary for w in words) else frozenset()


def _kanji_meaning(name: str) -> frozenset[str]:
    return english_of_japanese(name) if "".join(japanese_words(name)) == name else frozenset()


def _consonants(key: str) -> str:
    skeleton = re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou]", "", key.replace("D", "T")))
    return skeleton if len(skeleton) >= 3 else ""


def _latin_sound(name: str) -> frozenset[str]:
    """An acronym (DHG: Dược Hậu Giang) does not sound like its name: unknown."""
    if name.replace(" ", "").isupper():
        return frozenset()
    return frozenset({"".join(sound_key(part) for part in fold_diacritics(name).split())})


_LATIN = r"A-Za-z\u00c0-\u024f\u1e00-\u1eff"
# Latin words next to the kind word, also inside Japanese text ("ベトナム企業Codupha Central Pharmaceutical")
_WORDS_BEFORE = re.compile(rf"((?:[{_LATIN}][{_LATIN}'’-]*\s+){{1,{_WORDS}}})$")
_WORDS_AFTER = re.compile(rf"^((?:\s+[{_LATIN}][{_LATIN}'’-]*){{1,{_WORDS}}})")


_KANJI_BEFORE = re.compile(r"[\u4e00-\u9fff々]{2,}$")
_NAME_CHAR = re.compile(rf"[ァ-ヴー{_LATIN}]")


def _capitalised(words: list[str]) -> list[str]:
    """The leading capitalised words (a name); a possessive is another name's ("Japan's Kanagawa"), and an
    article that opens a sentence is no part of it ("The Technical Working Group")."""
    out = []
    for word in words:
        if not word[:1].isupper() or word.endswith(("'s", "’s")) or word in ("The", "A", "An"):
            break
        out.append(word)
    return out


def _kana_sound(kana: str, foreign: bool = True) -> str:
    """A kana reading's sound key; a Japanese place's reading keeps its closing vowel (京都: Kyoto), which
    katakana adds to a foreign name (ナム: Nam)."""
    reading = kana_romaji(kana)
    return sound_key(reading, from_katakana=foreign) if reading else ""


# a Japanese u or i between voiceless consonants is barely sounded, and Latin spellings often drop it:
# あすか is ASKA Pharmaceutical as well as Asuka
_DEVOICED = re.compile(r"(?<=[SKT])[ui](?=[SKT])")


def _japanese_sounds(readings: Iterable[str]) -> frozenset[str]:
    """The sound keys of a Japanese name's kana readings, each also with its devoiced vowels dropped."""
    keys = {s for r in readings if (s := _kana_sound(r))}
    return frozenset(keys | {_DEVOICED.sub("", k) for k in keys})


@lru_cache(maxsize=4096)
def bodies(text: str) -> tuple[Body, ...]:
    """The companies, hospitals and universities a text names by their kind (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for kind, (after, before, endings) in KINDS.items():
        words = "|".join(map(re.escape, after))
        for m in re.finditer(rf"(?<=\s)(?:{words})(?![{_LATIN}])", text):  # "Tam Anh Hospital", "Astellas Pharma"
            before_kind = _WORDS_BEFORE.search(text[: m.start()])
            name = _capitalised(before_kind.group(1).split()[::-1])[::-1] if before_kind else []
            if name:
                latin = " ".join(name)
                out.append(Body(kind, latin, _latin_sound(latin), f"{latin} {m.group(0)}", _english_meaning(latin)))
        words = "|".join(map(re.escape, before))
        for m in () if not before else re.finditer(rf"(?<![{_LATIN}])(?i:{words})(?=\s)", text):  # "tập đoàn Astellas", "Bệnh viện Bạch Mai"
            after_kind = _WORDS_AFTER.search(text[m.end() :])
            name = _capitalised(after_kind.group(1).split()) if after_kind else []
            if name:
                latin = " ".join(name)
                out.append(Body(kind, latin, _latin_sound(latin), f"{m.group(0)} {latin}", _english_meaning(latin)))
        endings_re = "|".join(map(re.escape, endings))
        for m in re.finditer(rf"([ァ-ヴー]{{2,}}|[\u4e00-\u9fff々]{{2,4}}|[ぁ-ゖ]{{3,}})({endings_re})", text):
            name, meaning, whole = m.group(1), frozenset(), None
            if "\u4e00" <= name[0] <= "\u9fff" or name[0] == "々":
                whole = _KANJI_BEFORE.search(text, 0, m.start(2))  # the whole run: 国際医療福祉, not 医療福祉
                # ハノイ医科大学: the name runs on before its kanji, and 医科 alone is not what it means
                joined = whole is not None and whole.start() > 0 and _NAME_CHAR.match(text[whole.start() - 1])
                meaning = _kanji_meaning(whole.group(0)) if whole and not joined else frozenset()
                # 第一三共グループ: JMnedict has no reading for the whole name, but knows 三共 as a company
                readings = name_readings(name) or tuple(r for *_, rs in japanese_companies(name) for r in rs)
                sounds = _japanese_sounds(readings)
            else:
                sounds = _japanese_sounds([name])
            shown = f"{whole.group(0)}{m.group(2)}" if meaning and whole else m.group(0)
            out.append(Body(kind, name, sounds, shown, meaning))
    for run, name, readings in japanese_companies(text):  # 第一三共: no word says it is a company
        if not any(name in b.name or b.name in name for b in out):
            out.append(Body(COMPANY, name, _japanese_sounds(readings), run))
    return tuple(out)


def another_body(claim: str, sentence: str) -> tuple[Body, Body] | None:
    """A body the claim names (of a kind) that the sentence does not, where the sentence names another of
    that kind, not named by the claim, whose name sounds otherwise: (the claim's, the sentence's). None when
    the sentence names the claim's or no other, or when a name's sound is unknown (a kanji name without a
    reading)."""
    claimed, stated = bodies(claim), bodies(sentence)
    for mine in claimed:
        if not mine.sounds or any(mine.same_as(b) for b in stated):
            continue
        theirs = [b for b in stated if b.same_kind(mine) and not any(b.same_as(c) for c in claimed)]
        if theirs and all(_known_other(mine, b) for b in theirs):
            return mine, theirs[0]
    return None


def names_body(body: Body, text: str) -> bool:
    """Does a text name the body, by its kind or as written (Latin names are spelled alike in English and
    Vietnamese, and a Japanese text may write them in Latin letters)?"""
    written = fold_diacritics(unicodedata.normalize("NFKC", text)).lower()
    name = fold_diacritics(body.name).lower()
    # as a word of its own, not inside another ("E" of Bệnh viện E is in nearly every English sentence)
    return any(body.same_as(b) for b in bodies(text)) or bool(
        re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", written)
    )


_KANJI_PLACE = re.compile(r"([\u4e00-\u9fff々]{2,})(?:県|府|都|市)")


def is_place_name(key: str) -> bool:
    """A prefecture or city a Japanese text names in kanji, that JMnedict knows as a place (神奈川県;
    not 大都市, "a big city")."""
    m = _KANJI_PLACE.fullmatch(key)
    return bool(m and place_readings(m.group(1)))


def latin_place(name: str) -> str | None:
    """A prefecture or city written in kanji, as a Latin-script text writes it (神奈川県 → Kanagawa, 東京都 →
    Tokyo): JMnedict's reading when it knows one (a prefecture's first, most often the common one: 東京 is
    とうきょう before とうけい); None when the name is no place or a city's reading is ambiguous (府中)."""
    m = _KANJI_PLACE.fullmatch(unicodedata.normalize("NFKC", name.strip()))
    readings = place_readings(m.group(1)) if m and is_place_name(m.group(0)) else ()
    if not readings or (len(readings) > 1 and name.strip().endswith("市")):
        return None
    latin = short_vowels(kana_romaji(readings[0]))
    return latin.capitalize() or None


def place_heard_in(place: str, text: str) -> bool:
    """Does a Latin-script text name a Japanese prefecture or city (神奈川県) by how JMnedict reads it
    (Kanagawa)? A Japanese name's closing vowel is its own (京都: Kyoto). True when nothing is known."""
    m = _KANJI_PLACE.fullmatch(place)
    keys = {_kana_sound(r, foreign=False) for r in place_readings(m.group(1))} - {""} if m else set()
    return not keys or any(same_sound(k, w) for k in keys for w in latin_sound_keys(text))
