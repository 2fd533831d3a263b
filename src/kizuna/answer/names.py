"""The names a question gives that an answer's document never gives: an answer from such a document is
about something else ("When did Osaka Prefecture sign its agreement with the Ministry of Health?" answered
with the date of the ministry's memorandum with Japan's health ministry).

Only what can be compared reliably without a model is compared:
- a Latin-script name (Kanagawa, Deloitte, Astellas) against a Latin-script document (English and
  Vietnamese spell it alike); a Japanese document writes it in its own script (あすか製薬 for Aska), which a
  sound comparison gets wrong too often to decline an answer on;
- a Japanese name (大阪府, タケダ) against a Japanese document;
- a hospital or an organisation the gazetteers know, in any language (Chợ Rẫy, 国際医療福祉大学).
Countries, cities and ministries are not names here: a text about Japan's ambassador "in Tokyo" may never
say Tokyo. A prefecture is (大阪府, Osaka Prefecture): it signs agreements of its own, and a text about
another prefecture's is no answer about it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kizuna.answer.claims import GAZETTEERS
from kizuna.answer.diseases import disease_mentions
from kizuna.answer.facts import is_unit
from kizuna.answer.kinds import without_dates
from kizuna.answer.lexicon import english_words, is_loanword, vietnamese_syllable
from kizuna.answer.organisations import DEPARTMENT_NAMES, HOSPITAL_NAMES, ORGANISATION_NAMES
from kizuna.answer.places import CITY_NAMES
from kizuna.answer.terms import BODY_ENDINGS, key_coverage, key_terms
from kizuna.ingest.text import fold_diacritics

_KATAKANA_WORD = re.compile(r"[ァ-ヶー]{2,}")
# a prefecture as a Japanese or an English text names it: its place name is a name even where the places
# gazetteer knows the city of that name (大阪府, "Osaka Prefecture", "tỉnh Osaka")
_PREFECTURE = re.compile(r"[\u4e00-\u9fff々]{1,4}(?:県|(?<!政)府)|\b[A-Z][a-z]+(?= Prefecture\b)|(?<=[Tt]ỉnh )[A-Z][a-z]+\b")


# a kanji name of a body is a name even when it is named after a place the gazetteers know (名古屋大学病院,
# 大阪大学)
_BODY = re.compile(rf"(?:{BODY_ENDINGS})$")


def question_names(question: str) -> frozenset[str]:
    """The question's key terms (terms.key_terms) that name one thing: Latin words that are no English word
    and no Sino-Vietnamese syllable (a Vietnamese title's words are translated, not spelled alike), katakana
    words that are no loanword (ウェビナー), kanji names (大阪府); less whatever a gazetteer names (ministries,
    countries, cities: 保健省, Viet Nam, 日本政府), and dates."""
    prefectures = {m.group().lower() for m in _PREFECTURE.finditer(unicodedata.normalize("NFKC", question))}
    spoken = frozenset(name for g in GAZETTEERS for name in g.names_spoken(question))
    grouped = spoken | frozenset(w for name in spoken for w in re.findall(r"\w+", fold_diacritics(name).lower()))
    out = set()
    for key in key_terms(without_dates(question)) - (grouped - prefectures):
        if key.isascii():
            if key.isalpha() and len(key) >= 3 and key not in english_words() and not vietnamese_syllable(key):
                out.add(key)
        elif _KATAKANA_WORD.fullmatch(key):
            if not is_loanword(key):
                out.add(key)
        elif key in prefectures or _BODY.search(key) or not any(g.names_spoken(key) for g in GAZETTEERS):
            out.add(key)
    return frozenset(out)


def written_alike(claim: str, text: str) -> bool:
    """Does a text in another language write one of the names the claim writes in Latin letters, as the
    claim writes it (HAE, Takeda, COVID-19)? Names that mix letters and digits count (COVID-19, H5N1)."""
    latin = {key for key in question_names(claim) if key.isascii() and not is_unit(key)}  # not USD
    latin |= {
        key for key in key_terms(claim)
        if key.isascii() and any(c.isdigit() for c in key) and sum(c.isalpha() for c in key) >= 2
    }
    return any(key_coverage({key}, text) == 1.0 for key in latin)


@lru_cache(maxsize=64)  # a declined answer asks twice: for its reason, then for the names it gives
def unnamed(question: str, document: str, document_lang: str) -> tuple[str, ...]:
    """The names the question gives (as it writes them) that the document gives in no form kizuna can
    compare (the module's docstring says which)."""
    japanese = document_lang == "ja"
    out = [
        _as_written(key, question)
        for key in sorted(question_names(question))
        if key.isascii() != japanese and key_coverage({key}, document) == 0
    ]
    for gazetteer in (HOSPITAL_NAMES, ORGANISATION_NAMES, DEPARTMENT_NAMES):
        out += [name for group, name in gazetteer.mentions(question).items() if not gazetteer.speaks_of(group, document)]
    out += [name for group, name in event_places(question).items() if not CITY_NAMES.speaks_of(group, document)]
    # a disease, in any language ("vắc xin ung thư phổi" is not answered from a document on no cancer)
    out += [name for group, name in disease_mentions(question).items() if group not in disease_mentions(document)]
    return tuple(out)


# where an event the question names took place: "the webinar held in Himeji", 姫路で開かれたウェビナー,
# 姫路のウェビナー, "hội thảo trực tuyến tại Himeji". A city is no name elsewhere (an ambassador "in Tokyo" is
# spoken of by texts that never say Tokyo), but an event's city tells which event is meant
_EVENTS = r"webinar|seminar|workshop|conference|symposium|meeting|forum|ウェビナー|セミナー|ワークショップ|会議|シンポジウム|フォーラム"
_EVENT_PLACE = re.compile(
    # the place after the event: "held in Himeji", "the seminar in Hanoi", "hội thảo tại Himeji"
    r"\b(?:held|hosted|organi[sz]ed|took place|taking place) in (?P<after>[^,.?？]{2,40})"
    rf"|\b(?:{_EVENTS})s? (?:in|at) (?P<after2>[^,.?]{{2,40}})"
    r"|(?:tổ chức|diễn ra|khai mạc|hội thảo(?: trực tuyến)?|hội nghị) (?:tại|ở) (?P<after3>[^,.?]{2,40})"
    # the place before it: 姫路で開かれた…, 姫路のウェビナー, "the Himeji webinar"
    rf"|(?P<before>[^、。,.?？\s]{{1,12}}?)(?:で(?:開かれた|開催された|行われた)|の(?:{_EVENTS}))"
    rf"|\bthe (?P<before2>[A-Z][\w-]+) (?:{_EVENTS})\b",
    re.IGNORECASE,
)


def event_places(question: str) -> dict[str, str]:
    """The city the question locates each event in (group → as written), as the cities gazetteer knows them:
    the first city after the event ("the seminar held in Osaka about hospitals in Hanoi" is Osaka's), the
    last one before it (ハノイの病院が東京で開かれた会議 is Tokyo's)."""
    out: dict[str, str] = {}
    for m in _EVENT_PLACE.finditer(unicodedata.normalize("NFKC", question)):
        name, span = next((n, g) for n, g in m.groupdict().items() if g)
        found = sorted(CITY_NAMES.mentions(span).items(), key=lambda item: span.find(item[1]))
        if found:
            group, written = found[0] if name.startswith("after") else found[-1]
            out[group] = written
    return out


def _as_written(key: str, question: str) -> str:
    """A key term (lower-cased, without diacritics) as the question writes it."""
    written = unicodedata.normalize("NFKC", question)
    at = fold_diacritics(written).lower().find(key)
    return written[at : at + len(key)] if at >= 0 else key
