"""The cross-language gloss (issue #9, item 5): facts carried over exactly, never a changed number."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.answer.facts import find_facts, format_number, render_date, render_fact
from kizuna.answer.gloss import make_gloss, shared_names
from kizuna.answer.kinds import is_ordinal, spelled_counts

from .conftest import REPO


def values(text: str, lang: str) -> list:
    """Each fact's value; a bare year ("2009", written for an English reader) is the same as its number."""
    found = [f.value if f.kind == "quantity" else f.date for f in find_facts(text, lang)]
    return [Decimal(v[0]) if isinstance(v, tuple) and v[1:] == (None, None) else v for v in found]


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("MOU締結時期 2024年11月15日", "ja", {"en": "15 November 2024", "vi": "ngày 15 tháng 11 năm 2024"}),
        ("signed on May 26, 2020", "en", {"ja": "2020年5月26日", "vi": "ngày 26 tháng 5 năm 2020"}),
        ("ngày 9/1/2025", "vi", {"en": "9 January 2025", "ja": "2025年1月9日"}),
        ("既に1,460万人以上の市民", "ja", {"en": "more than 14.6 million people", "vi": "hơn 14,6 triệu người"}),
        ("exceeding 78 billion USD", "en", {"ja": "780億米ドル以上", "vi": "hơn 78 tỷ USD"}),
        ("khoảng 7.500 người", "vi", {"en": "about 7,500 people", "ja": "約7,500人"}),
        ("加入率は 87.9%", "ja", {"en": "87.9%", "vi": "87,9%"}),
    ],
)
def test_facts_are_written_in_the_readers_conventions(text, lang, want):
    (fact,) = find_facts(text, lang)
    for reader, written in want.items():
        assert render_fact(fact, reader) == written


def test_names_and_codes_are_not_quantities():
    text = "決議第57-NQ/TW号と決議第193/2025/QH15号、COVID-19、H5N1"
    assert [f for f in find_facts(text, "ja") if f.kind == "quantity"] == []
    assert [f.kind for f in find_facts("In 2019, 35 HAE patients were diagnosed.", "en")] == ["date", "quantity"]


@given(
    st.integers(min_value=0, max_value=10**13),
    st.sampled_from([0, 1, 2, 3]),
    st.sampled_from(["en", "ja", "vi"]),
    st.sampled_from(["en", "ja", "vi"]),
)
def test_a_rendered_quantity_reads_back_as_the_same_value(whole, decimals, source, reader):
    value = Decimal(whole) / Decimal(10) ** decimals
    written = format_number(value, source)
    (fact,) = find_facts(f"the total was {written} in all", source)
    # read exactly, or not read at all (1.500 in English text may be 1500 written the European way)
    if fact.kind == "unread":
        assert re.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}", written)
        return
    assert fact.value == value
    (back,) = find_facts(render_fact(fact, reader), reader)
    assert back.value == value or (back.kind == "unread" and back.value is None)


@given(
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=28),
    st.sampled_from(["en", "ja", "vi"]),
    st.sampled_from(["en", "ja", "vi"]),
)
def test_a_rendered_date_reads_back_as_the_same_date(year, month, day, source, reader):
    (fact,) = find_facts("signed " + render_date((year, month, day), source) + " here", source)
    assert fact.date == (year, month, day)
    assert values(render_fact(fact, reader), reader) == [(year, month, day)]


def test_gloss_only_across_languages_and_in_the_readers_language():
    question = "How many Vietnamese citizens have linked their health records to VNeID?"
    answer = "既に1,460万人以上の市民が電子医療記録をVNeIDに統合していると発表しています。"
    gloss = make_gloss(answer, question)
    assert gloss is not None and gloss.answer_lang == "ja" and gloss.reader_lang == "en"
    assert "Japanese" in gloss.note
    assert ("more than 14.6 million people", "1,460万人以上") in gloss.facts
    assert gloss.names == ("VNeID",)
    assert make_gloss("Around 280 people attended.", "How many attended?") is None


def test_shared_names_keep_the_longest_shared_run():
    answer = "あすか製薬は2020年にHa Tay Pharmaceutical Joint Stock Companyの株式を取得"
    assert shared_names(answer, "Who bought shares in Ha Tay Pharmaceutical?") == ["Ha Tay Pharmaceutical"]
    assert shared_names("diagnosing 35 HAE patients", "武田薬品のHAEの取り組み") == ["HAE"]


@pytest.mark.models
def test_cross_lingual_answers_get_a_gloss_that_changes_no_number(real_app):
    rows = [json.loads(line) for line in (REPO / "eval" / "questions.jsonl").read_text("utf-8").splitlines() if line]
    glossed = 0
    for row in rows:
        if not row.get("cross_lingual"):
            continue
        response = real_app.ask(row["question"])
        if response.answer is None:
            continue
        gloss = response.gloss
        answer_lang = find_lang(response.answer.text)
        if answer_lang == row["lang"]:
            assert gloss is None
            continue
        assert gloss is not None and gloss.reader_lang == row["lang"], row["id"]
        glossed += 1
        # every fact of the answer (ordinals aside) is in the gloss, once, and reads back in the reader's
        # language as the same value
        text = response.answer.text
        facts = [f for f in find_facts(text, answer_lang) if f.kind != "unread" and not is_ordinal(text, f)]
        # and the counts it spells out ("three reasons"), with the value of the word
        spelled = {f.original: [f.value] for f in spelled_counts(text) if not any(f.original in g.original for g in facts)}
        assert {original for _, original in gloss.facts} == {f.original for f in facts} | set(spelled), row["id"]
        assert len(set(gloss.facts)) == len(gloss.facts), row["id"]
        for mine, original in gloss.facts:
            want = spelled[original] if original in spelled else values(original, answer_lang)
            assert values(mine, row["lang"]) == want, (row["id"], mine, original)
    assert glossed >= 15  # most cross-lingual questions are answered from the other language


def find_lang(text: str) -> str:
    from kizuna.ingest.text import detect_lang

    return detect_lang(text)


def test_a_counterpart_in_the_readers_language_is_named_only_when_it_states_the_same_facts(tmp_path):
    from kizuna.engine import Kizuna
    from kizuna.settings import RetrievalSettings, Settings

    from .conftest import FAKE_RETRIEVERS, FakePool

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mou-ja.txt").write_text(
        "神奈川県とベトナム保健省の覚書\n\n神奈川県とベトナム保健省は2024年11月15日に覚書を締結しました。", "utf-8"
    )
    (corpus / "mou-en.txt").write_text(
        "Kanagawa and Viet Nam's Ministry of Health\n\n"
        "Kanagawa Prefecture and Viet Nam's Ministry of Health signed a memorandum on 15 November 2024.",
        "utf-8",
    )
    (corpus / "other-en.txt").write_text(
        "Another memorandum\n\nKanagawa Prefecture and Viet Nam's Ministry of Health met again in March 2025.", "utf-8"
    )
    settings = Settings(
        corpus_dir=corpus, index_dir=tmp_path / "index", retrieval=RetrievalSettings(retrievers=FAKE_RETRIEVERS)
    )
    app = Kizuna(settings, FakePool())
    app.build(show_progress=False)
    index = app.index()
    ja = next(i for i, p in enumerate(index.passages) if p.doc.startswith("mou-ja") and "2024" in p.text)
    en = next(p.key for p in index.passages if p.doc.startswith("mou-en") and "2024" in p.text)
    answer = index.passages[ja].text
    gloss = make_gloss(answer, "When did Kanagawa sign the memorandum?", index=index, position=ja)
    assert gloss is not None and gloss.neighbour == en
    assert "15 November 2024" in " ".join(gloss.lines())
    # a Vietnamese reader: the corpus holds no Vietnamese passage, so no counterpart is named
    vi = make_gloss(answer, "Kanagawa ký bản ghi nhớ khi nào?", index=index, position=ja)
    assert vi is not None and vi.neighbour is None and "ngày 15 tháng 11 năm 2024" in " ".join(vi.lines())
    # the same neighbours, other facts: none of them states 1 January 2023, so none is named
    other = make_gloss("2023年1月1日に覚書を締結しました。", "When was it signed?", index=index, position=ja)
    assert other is not None and other.neighbour is None


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("pi is 3.14159", "en", [("quantity", Decimal("3.14159"))]),  # read whole, not 3.141 and 59
        ("1,500 người", "vi", [("unread", None)]),  # 1500 or 1.5? not guessed
        ("1 000 000 VND", "vi", [("quantity", Decimal(1000000))]),
        ("Cases rose to 2000 people", "en", [("quantity", Decimal(2000))]),  # a count, not the year 2000
        ("Up to 30 may be infected", "en", [("quantity", Decimal(30))]),  # "may" the verb is not May
        ("予算は1億2000万円", "ja", [("unread", None)]),  # not two wrong amounts
        ("10² cells and −5 degrees", "en", []),  # a power and a sign are not plain numbers
        ("看護師は約四十名です", "ja", [("quantity", Decimal(40))]),  # kanji numerals before a counter
        ("三千五百人以上と十二件", "ja", [("quantity", Decimal(3500)), ("quantity", Decimal(12))]),
        ("一部の企業と十分な協議、三重県", "ja", []),  # kanji numerals inside words are not counts
    ],
)
def test_numbers_are_read_exactly_or_not_at_all(text, lang, want):
    assert [(f.kind, f.value) for f in find_facts(text, lang)] == want
    assert find_facts("Annual turnover 5 million USD", "en")[0].qualifier is None  # no "over" in turnover


def test_kanji_numerals_are_read_exactly_or_not_at_all():
    from kizuna.answer.facts import kanji_value

    assert [kanji_value(n) for n in ("四十", "三千五百", "二万三千", "一億二千万", "二〇二四", "十万")] == [
        40, 3500, 23000, 120_000_000, 2024, 100_000
    ]
    assert [kanji_value(n) for n in ("十十", "万", "二三十", "百十百")] == [None, None, None, None]
    (fact,) = find_facts("研修を受けた看護師は約四十名", "ja")
    assert (fact.qualifier, fact.unit, render_fact(fact, "en"), render_fact(fact, "vi")) == (
        "about", "people", "about 40 people", "khoảng 40 người"
    )


def test_japanese_era_years_are_dates_not_counts():
    # 令和7年2月 is February 2025, not a count of 7; 令和元年 is 2019
    (fact,) = find_facts("デロイトが令和7年2月に実施したものです。", "ja")
    assert fact.kind == "date" and fact.date == (2025, 2, None)
    assert render_fact(fact, "en") == "February 2025" and render_fact(fact, "vi") == "tháng 2 năm 2025"
    assert [f.date for f in find_facts("平成元年と令和元年、令和5年12月1日", "ja")] == [
        (1989, None, None), (2019, None, None), (2023, 12, 1)
    ]
    assert all(f.kind == "date" for f in find_facts("令和6年度ヘルスケア事業", "ja"))
    from kizuna.answer.kinds import answers_kind

    assert not answers_kind("How many Japanese doctors work there?", "令和6年度の事業で、令和7年2月に実施した。")


def test_the_gloss_writes_years_as_years_drops_ordinals_and_repeats_nothing():
    answer = "On the 52nd anniversary of their relations (1973–2025), on 27 October 2021, and again on 27 October 2021."
    gloss = make_gloss(answer, "Hội thảo kỷ niệm quan hệ ngoại giao diễn ra khi nào?")
    written = [mine for mine, _ in gloss.facts]
    assert "1973" in written and "2025" in written  # not 1.973 / 2.025, which read as amounts
    assert not any(w.startswith("52") for w in written)  # an ordinal is no figure
    assert written.count("ngày 27 tháng 10 năm 2021") == 1
    # a four-digit count with a unit is still written in the reader's conventions
    counted = make_gloss("1500 people were trained.", "Có bao nhiêu người được đào tạo?")
    assert counted.facts and counted.facts[0][0] != "1500"


def test_shared_names_are_names_not_numbers_or_short_pieces_of_a_longer_name():
    assert shared_names("Signed in 2019 by Takeda Group", "Takeda đã ký năm 2019?") == ["Takeda"]
    assert shared_names("Viet Nam's ministry", "Bộ Y tế Việt có gì?") == []


def test_a_count_the_answer_spells_out_is_glossed_as_a_number():
    answer = "WHO Regional Director Dr Takeshi Kasai gave three reasons for the establishment of a new platform."
    gloss = make_gloss(answer, "Giám đốc WHO đưa ra mấy lý do để lập nền tảng hợp tác mới?")
    assert ("3", "three") in gloss.facts
    # not "one of …", and not an ordinal
    assert make_gloss("Japan is one of the third-largest investors.", "Nhật Bản đứng thứ mấy?").facts == ()
