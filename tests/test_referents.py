"""referents.py: a sentence that names no one speaks of the person its document named last before it."""

from __future__ import annotations

from kizuna.answer.referents import LOOKBACK_CHARS, people_named, speaker_before

ARTICLE = (
    "Himeji, 27 October 2021: the sector still needs reforms, said H.E. Dr Nguyen Truong Son, Vice Minister of "
    "Ministry of Health, Viet Nam. He hoped to deepen cooperation with Japan.\n"
    "According to the Executive Director of Medical Excellence JAPAN, Dr Minoru Akiyama, the webinar was held "
    "to identify issues.\n"
    "He also thanked Japan for the support given to Viet Nam for COVID-19 prevention and control."
)


def _speaker_of(sentence: str, document: str = ARTICLE, lang: str = "en") -> str:
    return speaker_before(document, document.index(sentence), lang, sentence)


def test_a_sentence_that_names_no_one_speaks_of_the_person_named_last_before_it():
    speaker = _speaker_of("He also thanked Japan for the support given to Viet Nam for COVID-19 prevention and control.")
    # the nearest person, not the first the article names
    assert "Minoru Akiyama" in speaker and "Nguyen Truong Son" not in speaker
    # the speaker's whole sentence comes with the name: the role and ministry said beside it
    assert _speaker_of("He hoped to deepen cooperation with Japan.").endswith("Vice Minister of Ministry of Health, Viet Nam.")


def test_a_sentence_that_names_its_own_people_or_follows_no_one_has_no_other_speaker():
    named = "According to the Executive Director of Medical Excellence JAPAN, Dr Minoru Akiyama, the webinar was held to identify issues."
    assert _speaker_of(named) == ""
    assert speaker_before("He thanked Japan.", 0, "en", "He thanked Japan.") == ""
    # a person named further back than a few paragraphs is not taken
    far = "Dr Nguyen Truong Son spoke first. " + "The programme continued. " * (LOOKBACK_CHARS // 20) + "He thanked Japan."
    assert _speaker_of("He thanked Japan.", far) == ""


def test_a_japanese_text_names_people_in_katakana():
    text = "保健省のグエン・チュオン・ソン次官が講演した。同氏は日本の支援に謝意を表した。"
    assert people_named(text, "ja") == ["グエン・チュオン・ソン"]
    assert "グエン・チュオン・ソン次官" in _speaker_of("同氏は日本の支援に謝意を表した。", text, "ja")
