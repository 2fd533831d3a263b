import pytest

from kizuna.answer.followup import is_followup, resolve_followup, topic


@pytest.mark.parametrize(
    "question",
    ["And when was it signed?", "What about its budget?", "それはいつ締結されましたか？", "Ai đã tổ chức nó?", "Còn năm nào?"],
)
def test_followups_are_recognised_in_three_languages(question):
    assert is_followup(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which Japanese company developed the first dengue vaccine licensed in Vietnam?",
        "神奈川県とベトナム保健省のMOUの主な協力内容は何ですか？",
        "Công ty Nhật Bản nào đã phát triển vắc xin sốt xuất huyết đầu tiên được cấp phép tại Việt Nam?",
    ],
)
def test_standalone_questions_are_left_alone(question):
    assert not is_followup(question)
    assert resolve_followup(question, ["What agreement did Kanagawa make?"]) == question


def test_a_followup_takes_the_previous_questions_topic_but_keeps_its_own_kind():
    resolved = resolve_followup("And when was it signed?", ["What agreement did Kanagawa make with Vietnam's Ministry of Health?"])
    assert resolved.startswith("And when was it signed?")
    assert "Kanagawa" in resolved and "Ministry of Health" in resolved
    assert "What" not in resolved[len("And when was it signed?") :]  # the old interrogative is gone
    assert resolve_followup("And when was it signed?", []) == "And when was it signed?"


def test_chains_of_followups_keep_the_first_topic():
    history = ["Which rare disease did Takeda's initiative target?", "How many patients?"]
    assert "Takeda" in resolve_followup("And where?", history)
    assert topic("ベトナムの看護師は何人いますか？").startswith("ベトナムの看護師")
