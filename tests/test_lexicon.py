"""The cross-language lexicons (answer/lexicon.py): JMdict glosses and Sino-Vietnamese readings, and the gate
they give "who" questions answered from a passage in another language. Made-up sentences, not corpus ones."""

from __future__ import annotations

import pytest

from kizuna.answer.lexicon import (
    concepts,
    english_of_japanese,
    focus_in_other_language,
    hanviet,
    japanese_words,
    translated_query,
    vietnamese_syllable,
)
from kizuna.answer.terms import focus_tokens
from kizuna.ingest.text import detect_lang, tokenize


def _concepts(question: str):
    return concepts(question, detect_lang(question), tuple(focus_tokens(question)))


def _in(question: str, text: str) -> bool | None:
    return focus_in_other_language(_concepts(question), text, frozenset(tokenize(text)), detect_lang(text))


def test_the_packaged_lexicons_are_there():
    # both ship in PyPI packages the project depends on; without them the gate would silently never fire
    assert hanviet("首相") == "thu tuong"
    assert hanviet("病院") == "benh vien"
    assert hanviet("ワクチン") == ""  # only kanji have a Sino-Vietnamese reading
    assert japanese_words("看護師の養成を支援する") == ["看護師", "養成", "支援"]
    assert {"nurse", "support"} <= english_of_japanese("看護師の養成を支援する")


def test_a_vietnamese_word_pair_reads_as_the_japanese_word_it_comes_from():
    (concept,) = _concepts("Thủ tướng của nước này là ai?")
    assert concept.source == ("thu", "tuong")
    assert "首相" in concept.ja
    assert ("prime", "minister") in concept.en


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        # Vietnamese → Japanese, by reading
        ("Thủ tướng của nước này là ai?", "昨年、首相は病院を訪問した。", True),
        ("Thủ tướng của nước này là ai?", "昨年、博士は病院を訪問した。", False),
        # Vietnamese → English, by reading then gloss
        ("Bệnh viện nào đã ký?", "The hospital signed the agreement.", True),
        # English → Japanese, through the glosses of the Japanese words (plural against singular)
        ("Who trains the nurses?", "看護師の養成を支援する。", True),
        ("Who trains the nurses?", "薬の価格を発表した。", False),
        # Japanese → English, through the question's words' glosses
        ("首相は誰ですか？", "The prime minister opened the centre.", True),
        ("首相は誰ですか？", "The ambassador opened the centre.", False),
    ],
)
def test_the_focus_is_found_across_languages(question, text, expected):
    assert _in(question, text) is expected


def test_nothing_is_known_when_no_focus_word_has_a_translation():
    # "y tá" (nurse) is a native Vietnamese word, not the reading of a kanji word: the passage can't be
    # checked, which is not the same as the nurse being absent
    assert _in("Ai là y tá giỏi nhất?", "看護師の養成を支援する。") is None
    assert _in("Ai là y tá giỏi nhất?", "The nurse opened the centre.") is None


@pytest.mark.models
def test_a_cross_lingual_who_question_about_a_role_the_passage_never_names_is_declined(real_app):
    # issue #9's example: a Vietnamese question about Japan's prime minister was answered (0.77) with a
    # Japanese sentence quoting a doctor about 2025; no passage names a prime minister (首相, 総理)
    response = real_app.ask("Thủ tướng Nhật Bản năm 2025 là ai?")
    assert response.abstained
    # the same kind of question about a role the corpus does name is still answered
    answered = real_app.ask("Who is the Japanese Ambassador to Vietnam?")
    assert not answered.abstained and "Ito Naoki" in answered.answer.text


def test_vietnamese_title_words_are_syllables_and_foreign_names_are_not():
    # Bộ, Cục, Khoa are translated in an English or Japanese text; Kanagawa, Takeda, JICA are spelled alike
    assert all(vietnamese_syllable(t) for t in ("bo", "cuc", "khoa", "viet", "nam", "dai", "su"))
    assert not any(vietnamese_syllable(t) for t in ("kanagawa", "takeda", "jica", "osaka", "himeji"))


def test_a_question_is_translated_for_a_lexical_search_in_another_language():
    # made-up entities; the words asked about come out in the other language
    assert {"ventilator", "manufacture"} <= set(translated_query("オルビス社は人工呼吸器を製造しましたか？", "ja").split())
    assert "病院" in translated_query("Bệnh viện Orbis ở đâu?", "vi").split()
    # the capitalised words of a Vietnamese title are translated too, not taken for a name
    assert {"局長", "科学"} <= set(translated_query("Ai là Cục trưởng Cục Khoa học của Viện Orbis?", "vi").split())
    # an English question has no translation here
    assert translated_query("Where is the Orbis hospital?", "en") == ""


def test_people_named_in_kanji_are_read_by_jmnedict():
    from kizuna.answer.japanese_names import japanese_people

    people = dict(japanese_people("グエン・スアン・フック首相は、日本の菅義偉首相と電話会談を行った。"))
    assert list(people) == ["菅義偉 (Suga Yoshihide)"] and people["菅義偉 (Suga Yoshihide)"] == {"suga", "yoshihide"}
    assert not japanese_people("保健省は電話会談を行った。")  # words, not people
    # a name anywhere in a long run of kanji, not only within its first eight characters
    assert list(dict(japanese_people("医療協力推進菅義偉首相が述べた"))) == ["菅義偉 (Suga Yoshihide)"]


def test_a_kanji_name_before_a_title_is_read_as_a_surname_and_a_given_name():
    from kizuna.answer.japanese_names import japanese_people

    (name, tokens), = japanese_people("伊藤直樹大使は述べた。")
    assert name == "伊藤直樹" and "ito" in tokens and "naoki" not in tokens  # the surname's spellings
    assert [n for n, _ in japanese_people("山田滝雄駐ベトナム日本大使は述べた。")] == ["山田滝雄"]
    assert [n for n, _ in japanese_people("国際協力機構の秋山稔専務理事は")] == ["秋山稔"]
    # dictionary words are no names, nor is a split that cuts one (保健 | 副大臣, 同大学 | 教授)
    for text in ("保健副大臣のグエン・トリ・トゥック博士", "同大学教授", "ベトナム保健省国際協力局長", "日本政府は"):
        assert japanese_people(text) == ()
    assert [n for n, _ in japanese_people("菅義偉首相と")] == ["菅義偉 (Suga Yoshihide)"]  # known whole


def test_a_kanji_name_is_the_person_of_the_same_surname_only():
    from kizuna.answer.japanese_names import japanese_people
    from kizuna.answer.people import people_differences

    source = "Ambassador Ito Naoki said so."
    # the given name alone is no match: 山田直樹 is not Ito Naoki; JMnedict's Itou is the English Ito
    found = people_differences(japanese_people("山田直樹大使は述べた。"), source, source)
    assert [(d.claim, d.source) for d in found] == [("山田直樹", "Ito Naoki")]
    assert people_differences(japanese_people("伊藤直樹大使は述べた。"), source, source) == []


def test_a_loanword_is_in_a_japanese_text_through_a_word_glossed_alike_but_a_place_only_by_itself():
    from kizuna.answer.lexicon import loanword_translated

    assert loanword_translated("イノベーション", "科学技術の発展と革新におけるブレークスルー")
    assert not loanword_translated("イノベーション", "科学技術の発展")
    assert not loanword_translated("ハノイ", "ホーチミン市に設立しました")
    assert not loanword_translated("革新", "イノベーション")  # only katakana loanwords are looked for so
