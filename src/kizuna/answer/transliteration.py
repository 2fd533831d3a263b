"""People written in katakana, compared with the same people written in Latin letters, without a model.

A Japanese text writes a Vietnamese or a Western name in katakana (グエン・アイン・トゥアン, ブー・ホン・ナム,
アキヤマ); an English or Vietnamese text writes it in Latin letters (Nguyen Anh Tuan, Vũ Hồng Nam). Neither
can be looked up in a dictionary, but both can be reduced to how they sound, coarsely: katakana is read as
romaji (グエン → guen), and each name part, on either side, becomes a *sound key* of consonant classes and
vowels (guen → KueN, Nguyễn → KueN: an initial "ng" is written グ, a final one ン). Two parts match when their
keys are equal. Coarse on purpose: the keys tell "Nguyen Anh Tuan" from "Dang Quang Tan", not the tones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kizuna.ingest.text import fold_diacritics

_DIGRAPHS = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho", "シェ": "she",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "チェ": "che", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
    "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya",
    "リュ": "ryu", "リョ": "ryo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo", "ジャ": "ja", "ジュ": "ju",
    "ジョ": "jo", "ジェ": "je", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu",
    "ピョ": "pyo", "トゥ": "tu", "ドゥ": "du", "ティ": "ti", "ディ": "di", "ファ": "fa", "フィ": "fi",
    "フェ": "fe", "フォ": "fo", "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi",
    "ヴェ": "ve", "ヴォ": "vo", "ツァ": "tsa", "クァ": "kwa", "グァ": "gwa",
}
_ROWS = {
    "": "アイウエオ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": "サシスセソ", "z": "ザジズゼゾ",
    "t": "タチツテト", "d": "ダヂヅデド", "n": "ナニヌネノ", "h": "ハヒフヘホ", "b": "バビブベボ",
    "p": "パピプペポ", "m": "マミムメモ", "r": "ラリルレロ",
}
_SINGLE = {kana: consonant + vowel for consonant, row in _ROWS.items() for kana, vowel in zip(row, "aiueo", strict=True)}
_SINGLE |= {"シ": "shi", "チ": "chi", "ツ": "tsu", "フ": "fu", "ジ": "ji", "ヂ": "ji", "ヅ": "zu", "ヤ": "ya",
            "ユ": "yu", "ヨ": "yo", "ワ": "wa", "ヲ": "o", "ン": "n", "ヴ": "vu", "ァ": "a", "ィ": "i", "ゥ": "u",
            "ェ": "e", "ォ": "o", "ャ": "ya", "ュ": "yu", "ョ": "yo"}


def romaji(katakana: str) -> str:
    """A katakana word in Latin letters (グエン → guen, フック → fukku, ナム → namu); "" if any character
    is not katakana."""
    out, i, double = [], 0, False
    while i < len(katakana):
        pair = katakana[i : i + 2]
        if pair in _DIGRAPHS:
            syllable, i = _DIGRAPHS[pair], i + 2
        elif katakana[i] == "ッ":
            double, i = True, i + 1
            continue
        elif katakana[i] == "ー":
            syllable, i = (out[-1][-1] if out else ""), i + 1
        elif katakana[i] in _SINGLE:
            syllable, i = _SINGLE[katakana[i]], i + 1
        else:
            return ""
        if double and syllable:
            syllable = syllable[0] + syllable
        double = False
        out.append(syllable)
    return "".join(out)


def kana_romaji(kana: str) -> str:
    """A hiragana or katakana word in Latin letters (かながわ → kanagawa); "" if any character is not kana."""
    return romaji("".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana))


# Vietnamese spellings of one sound, then letters grouped by how katakana can render them
_SPELLINGS = (
    (r"^ngh|^ng", "g"), (r"anh$", "ain"), (r"ay$", "ai"), (r"ng$|nh$", "n"), (r"ch$", "k"), (r"^gi", "j"), (r"tr|ch|sh", "j"), (r"th", "t"),
    (r"ph", "f"), (r"kh|gh", "k"), (r"qu", "ku"), (r"tsu", "tu"),
)
_CLASSES = str.maketrans({
    "k": "K", "g": "K", "c": "K", "q": "K", "t": "T", "s": "S", "x": "S", "z": "S", "j": "S", "b": "B",
    "v": "B", "p": "B", "f": "B", "n": "N", "m": "N", "r": "R", "l": "R", "h": "H", "y": None, "w": None,
    "d": "D",  # Vietnamese d sounds z (Dương is ズオン), đ and an English "d" sound d (Đặng is ダン)
})


def sound_key(word: str, from_katakana: bool = False) -> str:
    """A name part reduced to how it sounds, coarsely (sounds katakana cannot tell apart are one letter).
    Katakana adds a vowel to a closing consonant (ナム namu, フック fukku, ベト beto): dropped."""
    w = fold_diacritics(unicodedata.normalize("NFKC", word)).lower()
    if from_katakana:
        w = re.sub(r"(?<=[mkt])[uo]$", "", w)
        w = w.replace("d", "t")  # a katakana ド is a d, ズ/ジ a z
    w = w.replace("ou", "o").replace("ei", "e")  # long vowels: イトウ is Itō, ケイコ Keiko
    for pattern, sound in _SPELLINGS:
        w = re.sub(pattern, sound, w)
    key = w.translate(_CLASSES)
    return re.sub(r"(.)\1+", r"\1", key)


def same_sound(a: str, b: str) -> bool:
    """Do two sound keys match? A Latin "D" is either a d or a z (katakana T or S)."""
    if len(a) != len(b):
        return False
    return all(x == y or {x, y} in ({"D", "T"}, {"D", "S"}) for x, y in zip(a, b, strict=True))


_DOTTED = re.compile(r"[ァ-ヴー]+(?:[・=＝][ァ-ヴー]+)+")


def name_parts(name: str) -> list[str]:
    """A dotted katakana name's parts (グエン・アイン・トゥアン, also written with = or ＝)."""
    return re.split(r"[・=＝]", name)


@lru_cache(maxsize=4096)
def katakana_people(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The foreign names a Japanese text writes in katakana with a middle dot between the parts
    (グエン・アイン・トゥアン), each with the sound keys of its parts. Some are names of something else
    (メディカル・エクセレンス・ジャパン): japanese_names.foreign_people leaves those out."""
    out = []
    for m in _DOTTED.finditer(unicodedata.normalize("NFKC", text)):
        parts = name_parts(m.group(0))
        keys = tuple(sound_key(romaji(p), from_katakana=True) for p in parts)
        if all(keys):
            out.append((m.group(0), keys))
    return tuple(out)


@lru_cache(maxsize=256)
def latin_sound_keys(text: str) -> frozenset[str]:
    """The sound keys of every capitalised word of a Latin-script text."""
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFKC", text))
    return frozenset(sound_key(w) for w in words if w[0].isupper())


def named_in(keys: tuple[str, ...], text: str) -> bool:
    """Does a Latin-script text name every part of a katakana name (by sound)?"""
    present = latin_sound_keys(text)
    return all(any(same_sound(p, k) for k in present) for p in keys)


_KATAKANA_RUN = re.compile(r"[ァ-ヴー]{3,}")


@lru_cache(maxsize=4096)
def katakana_sounds(text: str) -> frozenset[str]:
    """The sound keys of a Japanese text's katakana words (a dotted name's parts joined: ハウザン, グエン・ゴ・クアン)."""
    out = set()
    for m in _KATAKANA_RUN.finditer(unicodedata.normalize("NFKC", text)):
        out.add(sound_key(romaji(m.group(0)), from_katakana=True))
    for _name, keys in katakana_people(text):
        out.add("".join(keys))
    return frozenset(k for k in out if k)


def sounded_keys(keys: frozenset[str], text: str) -> frozenset[str]:
    """The Latin key terms of a question (lower-case words) that a Japanese text writes in katakana, by sound:
    one word, or two of them joined in either order ("hau", "giang" in ハウザン製薬; the keys are a set, so
    their order in the question is not known). Short keys are not matched alone (ハウ would be many words)."""
    sounds = katakana_sounds(text)
    if not sounds:
        return frozenset()
    latin = [k for k in keys if k.isascii() and k.isalpha() and len(k) >= 2]
    keyed = {k: sound_key(k) for k in latin}
    found = set()
    for a in latin:
        if len(keyed[a]) >= 4 and any(same_sound(keyed[a], s) for s in sounds):
            found.add(a)
        for b in latin:
            joined = keyed[a] + keyed[b]
            if a != b and len(joined) >= 5 and any(same_sound(joined, s) for s in sounds):
                found |= {a, b}
    return frozenset(found)
