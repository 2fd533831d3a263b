"""The kind of answer a question asks for, and whether a sentence holds one (answer/kinds.py), in English,
Japanese and Vietnamese. Made-up sentences about made-up entities: behaviour, not the corpus."""

from __future__ import annotations

import pytest

from kizuna.answer.kinds import expected_answer_type, has_answer_type


@pytest.mark.parametrize(
    "question",
    [
        "Where does Freedonia rank among rice exporters?",
        "How is the Orbis clinic ranked nationally?",
        "フリードニアは米の輸出国の中で第何位ですか？",
        "オルビス病院の順位は？",
        "Freedonia đứng thứ mấy trong các nước xuất khẩu gạo?",
        "Bệnh viện Orbis xếp hạng bao nhiêu?",
    ],
)
def test_a_rank_question_is_not_a_place_or_a_count(question):
    assert expected_answer_type(question) == "rank"


@pytest.mark.parametrize(
    ("text", "ranks"),
    [
        ("Freedonia is the second-largest rice exporter in the region.", True),
        ("The clinic ranked 3rd in the survey.", True),
        ("フリードニアは輸出国の中で第2位です。", True),
        ("オルビス病院は3番目に大きい。", True),
        ("Freedonia đứng thứ hai về xuất khẩu gạo.", True),
        ("Đây là bệnh viện lớn nhất vùng.", True),
        ("Freedonia exported 4 million tonnes of rice to Sylvania.", False),
        ("フリードニアは400万トンの米を輸出した。", False),
        ("Freedonia đã xuất khẩu 4 triệu tấn gạo sang Sylvania.", False),
    ],
)
def test_a_rank_answer_holds_a_position(text, ranks):
    assert has_answer_type(text, "rank") is ranks
    # a place question is not what a rank question was: the country in a sentence does not answer it
    assert expected_answer_type("Where does Freedonia rank?") != "place"
