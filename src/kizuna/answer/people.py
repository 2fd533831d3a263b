"""The people a claim names, compared with those its source names: in a Latin-script text, its capitalised
runs that are no organisation's or place's name and no run of English words ("Suga Yoshihide", not "Bach Mai
Hospital" nor "Viral Hepatitis"); across scripts, by how their names sound (transliteration.py) or how
JMnedict reads them (japanese_names.py). A person the claim names whom the source's document never names,
where its sentence names another, is a difference. Pure functions, for quotes.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from kizuna.answer.claims import NOT_NAMES_WRITTEN, Difference, without_gazetteer_names
from kizuna.answer.japanese_names import foreign_people, japanese_people, sounds_named
from kizuna.answer.lexicon import english_words
from kizuna.answer.transliteration import same_sound, sound_key
from kizuna.ingest.text import fold_diacritics, tokenize

# capitalised words in a row (Prime Minister Nguyen Xuan Phuc), split at titles into people's names
_CAPITALISED_RUN = re.compile(r"(?<![\w])[A-Z][a-z]+(?: [A-Z][a-z]+)+(?![\w])")
# "Nam" is a given name (Vu Hong Nam) once Việt Nam is taken out as a country
_NOT_PEOPLE = (NOT_NAMES_WRITTEN - {"nam"}) | {
    "japan", "japanese", "vietnam", "vietnamese", "viet", "foreign", "government", "health"
}
# family and middle names so common that a document naming one says nothing of whom it names
_COMMON_VIETNAMESE = frozenset("nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly van thi".split())
# a run holding one of these names an organisation, a place or an event, not a person (folded, lower-case)
_NOT_A_PERSON = frozenset(
    "hospital hospitals university institute centre center agency department ministry bank organisation "
    "organization company group pharmaceutical pharma holdings corporation association council committee "
    "programme program project initiative foundation prefecture province city district school college "
    "excellence medical healthcare national international assembly party office embassy forum summit".split()
)
# Vietnamese organisations by the words that say what they are, as word pairs or at the start: alone, Quốc,
# Trường, Đại or Sở are also parts of people's names (Trần Quốc Hùng, Nguyễn Trường Sơn)
_ORGANISATION_PAIRS = ("benh vien", "dai hoc", "cong ty", "quoc hoi", "hoc vien", "tap doan")
_ORGANISATION_OPENERS = frozenset("trường cục sở viện hội".split())

_NAMED_AFTER = frozenset("vien ty doan hoc chuc hang quy hoi so".split())


def _people_in(text: str) -> list[str]:
    """Names of people in a Latin-script text: capitalised runs split at titles, two words at least, none of
    them an organisation's word ("Bach Mai Hospital" is no person); as written, diacritics kept."""
    written = without_gazetteer_names(unicodedata.normalize("NFKC", text))  # Ha Noi is no person
    folded = fold_diacritics(written)
    aligned = len(folded) == len(written)
    out = []
    for m in _CAPITALISED_RUN.finditer(folded):
        run = (written if aligned else folded)[m.start() : m.end()]  # titles and openers are told as written
        words = m.group(0).lower().split()
        if any(w in _NOT_A_PERSON for w in words) or run.lower().split()[0] in _ORGANISATION_OPENERS:
            continue
        if any(pair in " ".join(words) for pair in _ORGANISATION_PAIRS):
            continue
        if set(folded[max(0, m.start() - 12) : m.start()].lower().split()[-1:]) & _NAMED_AFTER:
            continue  # Bệnh viện Bạch Mai, công ty Takeda: Vietnamese names an organisation after its kind
        name: list[re.Match] = []
        for word in [*re.finditer(r"\S+", run), None]:  # None closes the last name
            if word and word.group(0).lower() not in _NOT_PEOPLE:
                name.append(word)
                continue
            if len(name) >= 2:
                start, end = m.start() + name[0].start(), m.start() + name[-1].end()
                out.append((written if aligned else folded)[start:end])
            name = []
    return list(dict.fromkeys(out))


def latin_person_names(text: str) -> list[str]:
    """The capitalised runs of a Latin-script text that name people: _people_in's, less those made of
    English words only ("Viral Hepatitis", "Disease Prevention" are a project's title, not a person)."""
    vocabulary = english_words()
    return [name for name in _people_in(text) if not all(w in vocabulary for w in fold_diacritics(name).lower().split())]


def named_in_full(name: str, text: str) -> bool:
    """Does the text write the name whole, its words together in this order or the other ("Abe Shinzo",
    "Shinzo Abe"), without diacritics or case? Not its syllables scattered ("đào tạo … hồng … lần")."""
    words = re.findall(r"[a-z0-9]+", fold_diacritics(unicodedata.normalize("NFKC", name)).lower())
    if not words:
        return False
    written = fold_diacritics(unicodedata.normalize("NFKC", text)).lower()
    return any(
        re.search(r"(?<![a-z0-9])" + r"[\s-]+".join(map(re.escape, order)) + r"(?![a-z0-9])", written)
        for order in (words, words[::-1])
    )


def latin_people(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The people a Latin-script claim names, each with the folded tokens of its name ("Suga Yoshihide":
    suga, yoshihide), for people_differences. A run of English words ("Vietnam Social Security") is a
    body's name, not a person's (latin_person_names)."""
    out = []
    for name in latin_person_names(text):
        tokens = set(fold_diacritics(name).lower().split())
        out.append((name, frozenset(tokens - _COMMON_VIETNAMESE or tokens)))
    return tuple(out)


def people_differences(people: Sequence[tuple[str, AbstractSet[str]]], source: str, document: str) -> list[Difference]:
    """People a claim names (`people`: each with the Latin tokens of its name; japanese_names.japanese_people reads
    them from kanji, latin_people from capitals) whom a Latin-script source's document never names, where its
    sentence names other people: "菅義偉首相と電話会談" or "…điện đàm với người đồng cấp Nhật Bản Suga
    Yoshihide" against "… held phone talks with his Japanese counterpart Abe Shinzo"."""
    folded = fold_diacritics(unicodedata.normalize("NFKC", document)).lower()
    absent = [name for name, tokens in people if tokens and not any(re.search(rf"\b{t}\b", folded) for t in tokens)]
    # the people the sentence names besides those the claim names too (Nguyen Xuan Phuc is on both sides)
    named = {t for name, tokens in people for t in [*tokens, *tokenize(name)]}
    others = [o for o in _people_in(source) if not set(tokenize(o)) <= named]
    return [Difference("name", "; ".join(absent), "; ".join(others))] if absent and others else []


def people_by_sound(people: Sequence[tuple[str, Sequence[str]]], source: str, source_lang: str, document: str) -> list[Difference]:
    """People a claim names in one script (`people`: each with the sound keys of its name parts,
    transliteration.sound_key) whom a source's document in the other script never names, where its sentence
    names other people: "グエン・アイン・トゥアン氏は…" against "Dang Quang Tan, Director General of…", "Ambassador
    Tran Van Long said…" against "…ブー・ホン・ナム大使は…". A claim naming several people of whom the document
    names none is about something else."""
    absent = [name for name, keys in people if keys and not sounds_named(keys, document, source_lang)]
    if not absent or len(absent) == len(people) > 1:
        return []  # several people, none of whom the document names: it tells of another event
    if source_lang == "ja":
        named = list(foreign_people(source)) + [
            (name, tuple(sound_key(t) for t in tokens)) for name, tokens in japanese_people(source)
        ]
    else:
        named = [(name, tuple(sound_key(t) for t in name.split())) for name in _people_in(source)]
    claimed = [k for _, keys in people for k in keys]
    others = [name for name, keys in named if not any(same_sound(k, c) for k in keys for c in claimed)]
    return [Difference("name", "; ".join(absent), "; ".join(others))] if others else []
