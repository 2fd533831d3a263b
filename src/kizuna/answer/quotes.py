"""Tracing a quote or claim back to the sentences it comes from: exact, fuzzy, then semantic matches.

Only the passages retrieval found for the quote are searched (its candidates and their documents), so
the cost does not grow with the collection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from kizuna.answer.anchors import quote_scores
from kizuna.answer.claimed_counts import unstated_counts
from kizuna.answer.claims import (
    GAZETTEERS,
    Difference,
    all_planned,
    contradicts,
    differences,
    english_titles,
    gazetteer_differences,
    near_literal,
    plan_unstated,
    replaced_terms,
    stated_nearby,
    translated_in,
)
from kizuna.answer.companies import (
    another_body,
    bodies,
    is_place_name,
    latin_place,
    names_body,
    place_heard_in,
)
from kizuna.answer.diseases import disease_mentions
from kizuna.answer.extract import states_nothing
from kizuna.answer.japanese_names import foreign_people, japanese_people, sounds_named
from kizuna.answer.kinds import dates_in, without_dates
from kizuna.answer.lexicon import concepts, focus_in_other_language, loanword_translated, visible_keys
from kizuna.answer.matches import QuoteMatch, exact_matches, fuzzy_matches, semantic_matches
from kizuna.answer.names import written_alike
from kizuna.answer.people import latin_people, named_in_full, people_by_sound, people_differences
from kizuna.answer.places import COUNTRY_NAMES, spoken_of
from kizuna.answer.quantities import (
    quantities,
    recounted,
    same_value,
    significant_digits,
    sort_of,
    spelled_numbers,
)
from kizuna.answer.referents import speaker_before, speaker_differences
from kizuna.answer.terms import focus_tokens, key_coverage, key_terms, opening_name
from kizuna.answer.transliteration import sound_key
from kizuna.index.model import Index
from kizuna.ingest.text import detect_lang, tokenize
from kizuna.retrieval.searcher import Scores
from kizuna.settings import QuoteSettings


@dataclass(frozen=True)
class QuoteResult:
    quote: str
    matches: list[QuoteMatch]
    supported: bool  # verdict == "supported" (kept for callers that only need yes or no)
    verdict: str = "not found"  # "supported" | "contradicted" | "not found"
    differences: tuple[Difference, ...] = ()  # claim vs the first match, when contradicted

    def to_dict(self) -> dict:
        return {
            "quote": self.quote,
            "supported": self.supported,
            "verdict": self.verdict,
            "differences": [d.to_dict() for d in self.differences],
            "matches": [m.to_dict() for m in self.matches],
        }


# titles a claim writes in capitals that name nobody (Vietnamese TS = tiến sĩ, ThS, PGS, GS, BS; Dr;
# "Ambassador Vu Hong Nam" is "Nam" further on in the source, "Deputy Minister Son" is "Son")
_TITLES = frozenset(
    "ts ths pgs gs bs dr mr mrs ms prof professor doctor ambassador minister deputy vice prime president "
    "director chairman chairwoman secretary governor mayor chief head executive".split()
)

def read_places(difference: Difference) -> Difference:
    """A difference for a reader of Latin script: the source's prefectures and cities written in kanji with
    how they are read (神奈川県 (Kanagawa)), so "Shizuoka Prefecture | 神奈川県" can be read."""
    if difference.kind != "name":
        return difference
    names = [f"{name} ({latin})" if (latin := latin_place(name)) else name for name in difference.source.split("; ")]
    return replace(difference, source="; ".join(names))


# exact matches are looked for in the documents of this many of the best candidate passages
EXACT_DOCUMENTS = 20


def find_quote(index: Index, scores: Scores, settings: QuoteSettings) -> QuoteResult:
    """Where a quote or claim (`scores.question`) comes from, and whether the source bears it out.

    Matches: exact, then fuzzy, then semantic. A match that states the claim's numbers, dates and names
    supports it; one whose numbers, dates or names differ contradicts it (a wrong number is never
    "supported"); with neither, the claim is "not found" and the nearest sentences are listed.
    """
    quote = scores.question
    docs = list(dict.fromkeys(index.passages[int(i)].doc for i in scores.ids[scores.ranked()]))
    literal = exact_matches(index, quote, docs[:EXACT_DOCUMENTS])
    literal += [m for m in fuzzy_matches(index, quote, settings, scores.rows) if not m.overlaps_any(literal)]
    semantic = semantic_matches(index, scores.rows, quote_scores(index, scores), settings.max_matches)
    semantic = [m for m in semantic if not m.overlaps_any(literal)]
    claim_lang = detect_lang(quote)

    def strong_enough(m: QuoteMatch) -> bool:
        same = index.passages[index.position(m.key)].lang == claim_lang
        return m.score >= (settings.semantic_min if same else settings.semantic_min_across)

    strong = [m for m in semantic if strong_enough(m)]

    def same_language(m: QuoteMatch) -> bool:
        return index.passages[index.position(m.key)].lang == claim_lang

    def context(m: QuoteMatch) -> str:
        return index.passages[index.position(m.key)].text

    df, _ = index.document_frequencies()

    def unheard_of(d: Difference) -> bool:  # a term no passage of the collection uses ("malaria")
        return all(df.get(t, 0) == 0 for t in tokenize(d.claim))

    # names, not numbers (compared as values) nor dates (a changed month is a difference, not a name)
    claim_names = {k for k in key_terms(without_dates(quote)) if not any(c.isdigit() for c in k)}
    # and the claim's first word when it is a name: "Astellas developed the first dengue vaccine…" is not
    # borne out by "…Takeda Group…, noting that the company developed the first dengue vaccine…"
    # (in English: a Vietnamese claim opens with words no dictionary here knows, "Theo …")
    first = opening_name(quote) if detect_lang(quote) == "en" else None
    if first and not any(g.names_spoken(first) for g in GAZETTEERS):
        claim_names.add(first)
    # a ministry's, a place's, a hospital's or an organisation's words are not looked for as they are
    # written: they are looked for as a group, in every language ("Ministry of Finance" is 財務省 in a
    # Japanese text, Da Nang ダナン), and the same kind named otherwise is a contradiction, not another topic
    # (gazetteer_differences)
    claim_groups = [(g, group, name) for g in GAZETTEERS for group, name in g.mentions(quote).items()]
    # a nationality stands for its country ("Japanese investment" is borne out by "Japan has invested"):
    # the passage must speak of the country, not spell the adjective
    claim_groups += [
        (g, group, name)
        for g in GAZETTEERS
        for group, name in g.adjectives(quote).items()
        if group not in {c for h, c, _ in claim_groups if h is g}
    ]
    gazetteer_words = set(tokenize(" ".join(name for g in GAZETTEERS for name in g.names_spoken(quote))))
    claim_names = {k for k in claim_names if not set(tokenize(k)) <= gazetteer_words and k not in _TITLES}

    claim_people = japanese_people(quote) if claim_lang == "ja" else latin_people(quote)
    # a person the document never names may be one put in place of the person its sentence names: the
    # document need not name the claim's people for its sentence to be held against the claim
    # (people_differences); a passage that bears the claim out must name them
    latin_claim_people = claim_people if claim_lang != "ja" else ()
    people_words = set(tokenize(" ".join(name for name, _ in latin_claim_people)))
    # the claim's people as they sound, to be looked for in the other script (katakana ↔ Latin letters)
    if claim_lang == "ja":
        sounded = foreign_people(quote)
    else:
        sounded = tuple((name, tuple(sound_key(t) for t in sorted(tokens))) for name, tokens in latin_claim_people)

    def other_script(lang: str) -> bool:
        return (claim_lang == "ja") != (lang == "ja")

    # nor need it name the claim's companies, hospitals or prefectures: one may be put in place of another
    claim_bodies = bodies(quote)
    body_words = set(tokenize(" ".join(f"{b.name} {b.shown}" for b in claim_bodies)))
    document_names = {k for k in claim_names if not set(tokenize(k)) <= people_words | body_words}

    # a Japanese claim's prefectures and cities, heard in a Latin passage; an English claim's titles, found
    # through a Japanese passage's glosses
    claim_places = [k for k in claim_names if is_place_name(k)] if claim_lang == "ja" else []
    claim_titles = [words for _, words in english_titles(quote)] if claim_lang == "en" else []

    def names_all(m: QuoteMatch, where: str) -> bool:
        """Does a semantic neighbour's passage (or its whole document) name every name of the claim that can
        be seen in its language (Takeda, Da Nang, ハノイ)? Else it is about something else: "Takeda opened
        a factory in Da Nang" is not about Takeda's dengue vaccine. A person the document names in full
        is named in the passage by any part of the name ("Ambassador Vu Hong Nam" is "Nam" further on)."""
        passage = index.passages[index.position(m.key)]
        keys = visible_keys(document_names if where == "document" else claim_names, claim_lang, passage.lang)
        text = index.document_text(passage) if where == "document" else passage.text
        if where == "passage":
            whole = index.document_text(passage)
            # a sentence that names no one ("He also thanked Japan…") speaks of whom the document named last
            speaker = speaker_before(whole, m.span[0], passage.lang, m.text)
            text = f"{speaker}\n{text}" if speaker else text
            # a country the claim names beside a hospital, a ministry or a city of its own ("Vietnam's National
            # Children's Hospital") is spoken of by the passage's document when the passage names that one
            specific = [(g, group) for g, group, _ in claim_groups if g is not COUNTRY_NAMES]
            if not all(spoken_of(g, group, text) for g, group in specific):
                return False
            countries_in = whole if specific else text
            # a disease the claim names, its document names in some language ("sốt rét" is no dengue)
            if not disease_mentions(quote).keys() <= disease_mentions(whole).keys():
                return False
            if not all(spoken_of(COUNTRY_NAMES, group, countries_in) for g, group, _ in claim_groups if g is COUNTRY_NAMES):
                return False
            for name, tokens in latin_claim_people if passage.lang != "ja" else ():
                if not (key_coverage(set(tokenize(name)), whole) == 1.0 and key_coverage(set(tokens), text) > 0):
                    return False
            if other_script(passage.lang) and another_body(quote, text):  # ヴィンメック病院 for Tam Anh Hospital
                return False
            # katakana for Latin letters: the document names the claim's people, and the sentence no one else
            # (a translation may say "the director" where the claim names him)
            # (or in Latin letters, as a Japanese text writes some: "Ha Tay Pharmaceutical" beside ハタイ製薬)
            for name, parts in sounded if other_script(passage.lang) else ():
                written = claim_lang != "ja" and named_in_full(name, whole)
                if not (written or sounds_named(parts, whole, passage.lang)):
                    return False
                if people_by_sound(sounded, m.text, passage.lang, m.text):
                    return False
            keys = {k for k in keys if not set(tokenize(k)) <= people_words}
            if claim_lang == "ja" and passage.lang != "ja" and not all(place_heard_in(p, text) for p in claim_places):
                return False
            if passage.lang == "ja" and claim_lang != "ja" and not all(translated_in(t, m.text) for t in claim_titles):
                return False
            if passage.lang == "ja":  # イノベーション in the claim, 革新 in the passage (not merely its document)
                keys = {k for k in keys if not loanword_translated(k, text)}
        return key_coverage(keys, text) == 1.0

    def same_subject(m: QuoteMatch) -> bool:
        """Does the sentence itself name every name of the claim other than its people and places (and one
        at least)? Then a place it names instead of the claim's is a contradiction even where the document
        names the claim's place elsewhere: "…Alcophaをハノイ市に設立" against "…Alcopha…をホーチミン市に設立"; "Alfresa
        Holdings và Codupha … Alcopha tại Hà Nội" against the same sentence."""
        passage = index.passages[index.position(m.key)]
        keys = visible_keys(document_names, claim_lang, passage.lang)
        if passage.lang == "ja" and claim_lang != "ja":
            # a Japanese sentence writes some foreign names in Latin letters (Codupha, Alcopha) and others in
            # katakana: two of the claim's written alike say it is about the same thing
            latin = {k for k in document_names if "a" <= k[0] <= "z"}
            return sum(key_coverage({k}, m.text) == 1.0 for k in latin) >= 2
        return bool(keys) and key_coverage(keys, m.text) == 1.0

    claim_concepts = concepts(quote, claim_lang, tuple(focus_tokens(quote)))

    # a count, not a year: a sentence that merely states the claim's year is no evidence across languages
    claim_counts = [q for q in quantities(quote) if sort_of(q) == "count"] + [
        q for q in spelled_numbers(quote) if q.value > 1
    ]

    def states_each(claimed: Sequence, text: str) -> bool:
        """Does the text state each of these values of the claim's, in digits or in words?"""
        stated = [q.value for q in quantities(text) + spelled_numbers(text)]
        return all(any(same_value(q.value, v) for v in stated) for q in claimed)

    def speaks_of(m: QuoteMatch) -> bool:
        """Does a neighbour in another language hold a translation of any of what the claim says (its focus
        words, through the lexicons), or name the organisations and places it names? A claim whose names
        another language cannot show (Bạch Mai in a Japanese text) is otherwise borne out by a sentence that
        merely sounds alike."""
        passage = index.passages[index.position(m.key)]
        if passage.lang == claim_lang:
            return True
        # or the claim's own organisations and places, two or more (countries are named everywhere)
        specific = [(g, group) for g, group, _ in claim_groups if g is not COUNTRY_NAMES]
        if len(specific) >= 2 and all(g.speaks_of(group, m.text) for g, group in specific):
            return True
        if written_alike(quote, m.text):  # a name both write alike (COVID-19, HAE)
            return True
        # or a company or hospital the claim names (あすか製薬 for Aska Pharmaceutical), or every count it gives,
        # one at least of two significant digits ("280 người" is "280 people"; a year, 3 triệu USD or 30 are
        # said of many things)
        if any(len(b.name) >= 3 and names_body(b, m.text) for b in claim_bodies):
            return True
        distinctive = any(significant_digits(q.bare) >= 2 for q in claim_counts)
        if distinctive and states_each(claim_counts, m.text):
            return True
        return focus_in_other_language(claim_concepts, m.text, frozenset(tokenize(m.text)), passage.lang) is not False

    claim_numbers = quantities(quote)

    def states_all_numbers(m: QuoteMatch) -> bool:
        """Does the sentence itself state every number the claim gives (two at least)?"""
        return len(claim_numbers) >= 2 and states_each(claim_numbers, m.text)

    def document_text(m: QuoteMatch) -> str:
        return index.document_text(index.passages[index.position(m.key)])

    def across_languages(m: QuoteMatch, found: list[Difference]) -> list[Difference]:
        """Names compared across scripts and languages (differences compares them within one script):
        people (a Japanese claim's read by JMnedict, a Latin claim's from its capitals); the gazetteers'
        ministries, places, hospitals and organisations however they are written. Not when the sentence
        already shows a name the claim replaced."""
        if any(d.kind == "name" for d in found):
            return []
        out = gazetteer_differences(quote, m.text, m.text if same_subject(m) else document_text(m))
        lang = index.passages[index.position(m.key)].lang
        if claim_people and lang != "ja":
            out += people_differences(claim_people, m.text, document_text(m))
        if sounded and other_script(lang) and not any(d.kind == "name" for d in out):
            out += people_by_sound(sounded, m.text, lang, document_text(m))
        other = another_body(quote, m.text) if not out else None
        if other and not names_body(other[0], document_text(m)):  # Astellas Pharma for 大正製薬
            out.append(Difference("name", other[0].shown, other[1].shown))
        return out

    def numbers_of(m: QuoteMatch) -> list[Difference]:
        """A neighbour's numbers and dates held against the claim's; also the counts the claim spells out that
        it does not state (in its own language, above two), when it then does not bear the claim out. A number it leaves
        unsaid that the passage before states is no obstacle ("…a framework for 2025–2026" before "…nine
        core tasks")."""
        found = [d for d in differences(quote, m.text, context(m)) if d.kind == "number"]
        unstated = unstated_counts(quote, m.text, context(m), same_language=same_language(m))
        found += [d for d in unstated if d.claim not in {f.claim for f in found}]
        before = index.passage_before(m.key) if any(not d.source for d in found) else None
        return stated_nearby(found, before.text) if before else found

    def checked(m: QuoteMatch, found: list[Difference]) -> tuple[QuoteMatch, list[Difference]]:
        latin = latin_claim_people if index.passages[index.position(m.key)].lang != "ja" else ()
        return m, found + across_languages(m, found) + speaker_differences(latin, document_text(m), m.span[0], m.text)

    def close_enough(m: QuoteMatch) -> bool:
        """Is a neighbour close enough to bear the claim out? From semantic_min; in another language, where
        the encoder's similarity runs lower for the right sentence too, from semantic_min_across when the
        sentence itself (not merely its passage) states the claim's numbers: one at least, and every one."""
        if m.score >= settings.semantic_min:
            return True
        if same_language(m) or m.score < settings.semantic_min_across or not claim_counts:
            return False
        return not any(d.kind == "number" for d in differences(quote, m.text)) and not unstated_counts(quote, m.text)

    def continued(m: QuoteMatch) -> QuoteMatch:
        """A list item that states no number (it names a topic: a pilot, a programme) with the sentence
        after it in its passage, when the claim gives a count and that sentence states one: "- 脳性麻痺…の試験的
        応用。" is followed by "現在、19の臨床試験テーマが実施されており", the count a claim of it gives."""
        if not claim_counts or not _LIST_ITEM.match(m.text) or quantities(m.text) or spelled_numbers(m.text):
            return m
        passage = index.passages[index.position(m.key)]
        after = next_sentence(index, index.position(m.key), m.span[1] - passage.start)
        if after is None or not any(sort_of(q) == "count" for q in quantities(passage.text[after[0] : after[1]])):
            return m
        return replace(m, text=passage.text[m.span[0] - passage.start : after[1]], span=(m.span[0], passage.start + after[1]))

    strong = [continued(m) for m in strong]
    claim_days = {d for d in dates_in(quote) if d[0] is not None and d[1] is not None}  # a month at least

    def gives_day(text: str) -> bool:
        return any(d in claim_days for d in dates_in(text))

    # literal matches are weighed first: a near-verbatim sentence that says otherwise outweighs a semantic
    # neighbour. A semantic neighbour that names someone else may simply be about something else: only its
    # numbers and dates are held against the claim, and words it replaces with ones the collection never
    # uses; and only when it names what the claim names (names_all), and no neighbour scoring higher states
    # nothing otherwise (that one is more likely the claim's own sentence). A heading bears nothing out.
    stages = [
        [checked(m, differences(quote, m.text, context(m)) + replaced_terms(quote, m.text)) for m in literal],
        [
            checked(
                m,
                numbers_of(m) + [d for d in replaced_terms(quote, m.text) if unheard_of(d) and near_literal(quote, m.text)],
            )
            # a neighbour states otherwise only about what its document names; it bears the claim out only
            # when its own passage names it all (an article names the ambassador once and then says "Nam":
            # the claim then goes "not found" rather than "supported" from a passage about someone else)
            for m in strong
            if names_all(m, "document") and not states_nothing(m.text)
        ],
    ]
    for stage, weighed in enumerate(stages):
        supporting = [
            m
            for m, found in weighed
            if not found
            and (stage == 0 or (close_enough(m) and names_all(m, "passage") and speaks_of(m)))
            and not (stage and plan_unstated(quote, m.text))
        ]
        # a plan the claim states and the sentence does not is another event than the sentence's: what the
        # claim says is planned is not said otherwise by it ("…plans to open an office in Hanoi in 2026"
        # against "…opened … in 2024"); what the claim says was done still is (claims.all_planned)
        conflicting = [
            (m, found)
            for m, found in weighed
            if contradicts(found) and not (stage and plan_unstated(quote, m.text) and all_planned(quote, found))
        ]
        if stage:  # a neighbour that scores higher, states nothing otherwise and names what the claim names
            # (its passage could bear the claim out) is more likely the claim's own
            # (or, against numbers only, one that states every number the claim gives in the sentence itself:
            # the claim's own sentence, whose passage leaves unsaid a post the claim adds; a name it differs
            # on is still a name the sentence below says otherwise)
            rival = [o for o, f in weighed if not f and names_all(o, "passage")]
            counted = [o for o, f in weighed if not f and states_all_numbers(o)]
            conflicting = [
                (m, found)
                for m, found in conflicting
                if not any(o.score > m.score for o in rival)
                and not (all(d.kind == "number" for d in found) and any(o.score > m.score for o in counted))
            ]
        if supporting:
            others = [m for m in literal + strong if m not in supporting]
            # the claim's month or day, when the sentences bearing it out do not give it, is cited first from
            # a line of their passage that gives it and says nothing otherwise ("…2024年に…MOUを締結" bears out
            # "signed on 15 November 2024"; "MOU締結時期 2024年11月15日" gives the day). Not from another
            # passage: "2025年2月19日、国会は…決議…を公布" is another event than the framework a claim dates so
            if claim_days and not any(gives_day(m.text) for m in supporting):
                keys = {m.key for m in supporting}
                near = [m for m in literal + semantic if m.key in keys and not m.overlaps_any(supporting)]
                dated = [m for m in near if gives_day(m.text) and not numbers_of(m)][:1]
                supporting = dated + supporting
                others = [m for m in others if not m.overlaps_any(dated)]
            return QuoteResult(quote, (supporting + others)[: settings.max_matches], True, "supported")
        if conflicting:
            first = [m for m, _ in conflicting]
            others = [m for m in literal + strong if m not in first]
            shown = tuple(conflicting[0][1]) if claim_lang == "ja" else tuple(map(read_places, conflicting[0][1]))
            return QuoteResult(quote, (first + others)[: settings.max_matches], False, "contradicted", shown)
    # a count of the same thing said in the same words ("53 HAE patients" against the source's "35 HAE
    # patients"), in a sentence of the claim's language too far from its wording to weigh as a neighbour
    # (the claim paraphrases the rest), of a document naming what the claim names; not when another sentence
    # found gives the claim's count of that thing
    def same_topic(m: QuoteMatch, pairs: list[tuple[str, str]]) -> bool:
        """Does the claim name something besides the words that say what is counted (HAE in "53 HAE
        patients" does not count; Takeda does), and the sentence's document all of it? Else it may be another
        event whose count of people is worded alike ("Over 300 people attended the ceremony…")."""
        counted = {w for shown, _ in pairs for w in tokenize(shown)}
        own = {k for k in document_names if not set(tokenize(k)) <= counted}
        return bool(own) and names_all(m, "document")

    loose = [m for m in semantic if m not in strong and same_language(m)]
    elsewhere = " ".join(context(m) for m in literal + semantic) if loose else ""
    for m in loose:
        if (pairs := recounted(quote, m.text, elsewhere)) and same_topic(m, pairs):
            found = [Difference("number", claimed, stated) for claimed, stated in pairs]
            others = [o for o in literal + semantic if o is not m]
            return QuoteResult(quote, [m, *others][: settings.max_matches], False, "contradicted", tuple(found))
    # the nearest sentences, headings and captions last: a heading ("(1) どのような機関ですか?") sounds like many
    # claims and tells the reader nothing
    nearest = literal + sorted(semantic, key=lambda m: states_nothing(m.text))
    return QuoteResult(quote, nearest[: settings.max_matches], False, "not found")


# a list item's marker: "- ", "・", "•", "(1)", "1."
_LIST_ITEM = re.compile(r"\s*(?:[-–—•・*]\s|\(\d+\)|\d+[.)]\s)")


def next_sentence(index: Index, position: int, end: int) -> tuple[int, int] | None:
    """The span (in the passage) of the sentence of passage `position` that starts first at or after `end`."""
    rows = index.sentences[index.search.sentence_rows(np.array([position]))]  # the passage's own, by offset
    later = rows[rows[:, 1] >= end]
    if not len(later):
        return None
    first = later[later[:, 1].argmin()]
    return int(first[1]), int(first[2])
