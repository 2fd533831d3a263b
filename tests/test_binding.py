"""binding.py: a sentence that holds the kind of value asked for, but for something else, is no answer."""

from __future__ import annotations

import pytest

from kizuna.answer.binding import (
    another_role,
    asks_for_person,
    dated_codes,
    dates_another_document,
    holds_asked_value,
    names_person,
    no_end_date,
    other_years_only,
    roles,
    stated_years,
    unbound,
    value_in_other_item,
)
from kizuna.answer.documents import code_kind
from kizuna.answer.kinds import answers_kind, holds_new_answer

PROJECTS = (
    'Notable projects in Vietnam include the 3 million USD project, "Strengthening Capacity Development System for '
    'Health Workers through Telemedicine" implemented by MoH in cooperation with the Japan International Cooperation '
    "Agency (JICA), and Improving the Prevention and Control of Viral Hepatitis between the Vietnam Administration of "
    "Disease Prevention and JICA."
)
PLANS = (
    "保健省は決定第787/QD-BYT号、計画第787号を修正および更新する2026年6月26日付計画第2121/KH-BYT号を作成し、"
    "公布のために提出するよう指示した。"
)


def test_a_span_of_years_states_every_year_in_it():
    assert {"2021", "2022", "2023", "2024"} <= stated_years("From 2021 to 2024, Takeda launched an initiative")
    assert "2000" in stated_years("1973–2025") and stated_years("2021年から2024年まで") >= {"2022"}


def test_a_question_year_against_an_answer_stating_only_other_years():
    question = "How many electronic health records had Vietnam created by the end of 2022?"
    assert other_years_only(question, "2024年には、3,200万件以上の電子健康記録が作成されています。", "number")
    assert not other_years_only(question, "By 2022, 20 million records had been created.", "number")
    assert not other_years_only(question, "From 2021 to 2024, 32 million records were created.", "number")
    assert not other_years_only(question, "32 million records were created.", "number")  # no year: not judged
    # a "when" question's year is part of what it asks
    assert not other_years_only("When in 2022 did it open?", "It opened in May 2023.", "date")


@pytest.mark.parametrize(
    "question",
    ["Ai là Chủ tịch của ERIA?", "Who heads the Vietnam Administration of Disease Prevention?", "駐ベトナム日本大使は誰ですか？",
     "Đại sứ Nhật Bản tại Việt Nam là ai?", "Who is the Japanese Ambassador to Vietnam?",
     # Japanese asks an organisation with どこが: 誰 asks for a person whatever the verb
     "政治局決議第57-NQ/TW号に署名したのは誰ですか？", "誰がウェビナーで講演しましたか？"],
)
def test_questions_about_who_holds_a_role(question):
    assert asks_for_person(question)


@pytest.mark.parametrize(
    "question",
    ["Who organised it?", "ウェビナーを主催したのはどこですか？", "Who did the Prime Minister call?", "どなたでも申し込めますか？"],
)
def test_questions_an_organisation_may_answer(question):
    assert not asks_for_person(question)


def test_a_person_is_a_name_not_a_title_of_english_words():
    assert names_person("Vietnamese Ambassador to Japan Vu Hong Nam said")
    assert names_person("Thứ trưởng Nguyễn Trường Sơn cảm ơn Nhật Bản")
    assert names_person("保健省科学技術訓練局長のグエン・ゴ・クアン博士が講演しました。")
    assert not names_person(PROJECTS)  # "Viral Hepatitis", "Disease Prevention" are no people
    assert not names_person("The webinar was organised by the Medical Excellence JAPAN and ERIA.")


def test_a_role_question_is_not_answered_by_organisations_only():
    assert unbound("Who heads the Vietnam Administration of Disease Prevention?", "person", PROJECTS, PROJECTS) == "no person"
    said = "Dang Quang Tan, Director General of the Department of International Cooperation, said Japan is a key partner."
    assert unbound("Who is the Director General of the Department of International Cooperation?", "person", said, said) is None


def test_an_amount_in_another_item_of_a_list():
    assert value_in_other_item("What was the budget of the JICA project on viral hepatitis prevention?", PROJECTS, "number")
    assert value_in_other_item("How much funding did JICA provide for the viral hepatitis project?", PROJECTS, "number")
    # the item the question names holds the amount
    assert not value_in_other_item("How much was the JICA telemedicine project for health workers worth?", PROJECTS, "number")
    # one item only: nothing to tell apart
    assert not value_in_other_item("How many HAE patients were diagnosed?", "It trained 7,500 professionals and diagnosed 35 HAE patients.", "number")


def test_dates_bound_to_documents():
    assert dated_codes("2024年12月22日付の政治局決議第57-NQ/TW号を実施する") == {"57-NQ/TW": "2024年12月22日"}
    assert dated_codes("Resolution 57-NQ/TW dated December 22, 2024") == {"57-NQ/TW": "December 22, 2024"}
    assert dated_codes("Nghị quyết số 57-NQ/TW ngày 22/12/2024") == {"57-NQ/TW": "22/12/2024"}
    assert set(dated_codes(PLANS)) == {"2121/KH-BYT"}


def test_the_date_of_another_document_does_not_answer_when_one_was_issued():
    assert dates_another_document("保健省の決定第787/QD-BYT号は何年何月何日に公布されましたか？", PLANS, "date")
    assert not dates_another_document("計画第2121/KH-BYT号はいつ作成されましたか？", PLANS, "date")
    # a date bound to no document may be the one asked for
    assert not dates_another_document("決定第787/QD-BYT号はいつ公布されましたか？", "2025年3月に決定第787/QD-BYT号が公布された。", "date")


ISSUED = (
    "以前、政府は2025年1月9日に決議第57-NQ/TW号を実施するための政府行動計画に関する決議第03/NQ-CP号を発行しました。"
    "2025年4月1日、政府は決議第03号を修正、更新、補足する決議第71/NQ-CP号を発行しました。"
)


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        # a Japanese sentence puts what was issued right before を発行: 57-NQ/TW is only what it implements
        (ISSUED, {"03/NQ-CP": "2025年1月9日", "71/NQ-CP": "2025年4月1日"}),
        ("On 9 January 2025, the Government issued Resolution 03/NQ-CP on implementing Resolution 57-NQ/TW.",
         {"03/NQ-CP": "9 January 2025"}),
        ("Ngày 9 tháng 1 năm 2025, Chính phủ ban hành Nghị quyết 03/NQ-CP về thực hiện Nghị quyết 57-NQ/TW.",
         {"03/NQ-CP": "9 tháng 1 năm 2025"}),
        ("On 9 January 2025, the Government issued Resolution No. 03/NQ-CP.", {"03/NQ-CP": "9 January 2025"}),
        ("Ngày 9/1/2025, Chính phủ ban hành Nghị quyết số 03/NQ-CP.", {"03/NQ-CP": "9/1/2025"}),
        # a date with no act of issuing binds nothing; nor a code that is no object of the verb, nor a
        # registration (đăng ký), nor a date another date stands between
        ("2025年1月9日に決議第57-NQ/TW号の実施状況が報告された。", {}),
        ("On 9 January 2025, the ministry reviewed funding approved under Resolution 57-NQ/TW.", {}),
        ("Ngày 9/1/2025, 50 bệnh viện đăng ký theo Quyết định 787/QĐ-BYT.", {}),
        ("2025年1月9日に発表された報告書によると、政府は2024年12月に決議第03/NQ-CP号を発行した。", {"03/NQ-CP": "2024年12月"}),
    ],
)
def test_the_date_of_an_act_of_issuing_belongs_to_the_document_issued(text, dated):
    assert dated_codes(text) == dated


def test_a_sentence_dating_the_issue_of_another_document_does_not_date_the_one_asked_about():
    assert dates_another_document("政治局決議第57-NQ/TW号はいつ出されましたか？", ISSUED, "date")
    assert dates_another_document("Nghị quyết 57-NQ/TW của Bộ Chính trị được ban hành ngày nào?", ISSUED, "date")
    assert not dates_another_document("決議第03/NQ-CP号はいつ発行されましたか？", ISSUED, "date")


@pytest.mark.parametrize(
    ("question", "text", "declined"),
    [
        ("決議第193/2025/QH15号に基づく試験運用はいつまで続きますか？", "2025年2月19日、国会は決議第193/2025/QH15号を採択しました。", True),
        ("決議第193/2025/QH15号に基づく試験運用はいつまで続きますか？", "試験運用は2030年12月31日まで続きます。", False),
        ("その枠組みは何年から何年までを対象としていますか？", "2025~2026年の枠組み", False),
        ("Until when will the pilot run?", "The pilot was approved on 19 February 2025.", True),
        ("Until when will the pilot run?", "The pilot runs until the end of 2030.", False),
        ("Thí điểm kéo dài đến khi nào?", "Thí điểm kéo dài đến hết năm 2030.", False),
        ("Thí điểm kéo dài đến khi nào?", "Quốc hội thông qua nghị quyết ngày 19/2/2025.", True),
        # an end said another way: a deadline, "no later than", 期限, 末, 年度まで, a span of full dates
        ("By when must hospitals report?", "Reports are due no later than 30 June 2025.", False),
        ("Until when is the application period open?", "The application period ends on 31 March 2025.", False),
        ("申請はいつまでですか？", "申請期限は2025年3月31日です。", False),
        ("いつまで続きますか？", "2030年度まで続く。", False),
        ("いつまで続きますか？", "期間は2025年4月1日から2026年3月31日です。", False),
        ("Đến khi nào?", "Hồ sơ nộp trước ngày 31/3/2025.", False),
        # "by" naming who acted is no deadline
        ("Until when will the pilot run?", "The resolution was adopted by the Politburo in 2024.", True),
        # a plain "when" question is not asking where a period ends
        ("When was the pilot approved?", "The pilot was approved on 19 February 2025.", False),
    ],
)
def test_an_until_when_question_needs_a_date_that_ends_something(question, text, declined):
    assert no_end_date(question, text, "date") is declined


def test_a_year_the_question_gives_is_no_date_it_asks_for():
    question = "On what exact date was the 2019 Memorandum of Cooperation signed?"
    assert not holds_new_answer("the Memorandum of Cooperation in the Health Sector signed in 2019", "date", question)
    assert holds_new_answer("The memorandum was signed on 12 March 2019.", "date", question)


def test_a_count_is_not_answered_by_money():
    assert not answers_kind("Bệnh viện Bạch Mai đã nhận bao nhiêu thiết bị y tế từ JICA?", "the 3 million USD project")
    assert answers_kind("Bệnh viện Bạch Mai đã nhận bao nhiêu thiết bị y tế từ JICA?", "JICA gave 120 devices")
    assert answers_kind("Dự án có kinh phí bao nhiêu tiền?", "the 3 million USD project")
    assert answers_kind("How much funding did JICA provide?", "the 3 million USD project")


def test_a_document_number_carries_its_kind():
    assert [code_kind(c) for c in ("787/QĐ-BYT", "03/NQ-CP", "57-NQ/TW", "2121/KH-BYT")] == ["QD", "NQ", "NQ", "KH"]
    assert code_kind("193/2025/QH15") is None  # names its issuer only


def test_the_number_of_a_decision_is_a_decision_number_the_question_does_not_give():
    question = "What is the number of the Ministry of Health decision that issued its action plan for Resolution 03/NQ-CP?"
    resolutions = "政府は2025年1月9日に決議第57-NQ/TW号を実施するための決議第03/NQ-CP号を発行し、決議第71/NQ-CP号を発行しました。"
    decision = "保健省は政府決議第03/NQ-CP号を実施するための行動計画を公布する決定第787/QD-BYT号を作成した。"
    assert not holds_new_answer(resolutions, "code", question)
    assert holds_new_answer(decision, "code", question)
    assert not holds_new_answer("決議第03/NQ-CP号を実施する", "code", question)  # the question's own number
    # a question naming no kind of document takes any new number
    assert holds_new_answer(resolutions, "code", "Quyết định số mấy đã ban hành kế hoạch?") is False
    assert holds_new_answer(resolutions, "code", "What document number does it carry?")
    # Đ is D in another script: the question's own number is not a new one
    assert not holds_new_answer("決定第787/QD-BYT号", "code", "Quyết định 787/QĐ-BYT có số hiệu là gì?")


def test_a_role_question_is_answered_by_a_person_an_organising_one_by_either():
    organisers = "The webinar was organised by the Medical Excellence JAPAN and ERIA."
    named = "Japanese Ambassador to Vietnam Ito Naoki said that the two countries are expanding cooperation."
    assert not holds_asked_value(organisers, "person", "Who is the chairman of ERIA?")
    assert holds_asked_value(named, "person", "Who is the Japanese Ambassador to Vietnam?")
    assert holds_asked_value(organisers, "person", "Who organised it?")


def test_a_declined_answer_says_why_in_the_question_s_language():
    from kizuna.answer.gloss import not_found_message

    assert not_found_message("How many records in 2022?", "other years") == (
        "The corpus does not appear to answer this. The closest sentence speaks of other years than 2022. "
        "The nearest passages are listed below, marked as weak."
    )
    assert "見当たりません。最も近い文には、問われている数や金額がありません。近い箇所" in not_found_message(
        "2022年の記録は何件ですか？", "no number"
    )
    assert not_found_message("Có bao nhiêu hồ sơ?", None) == not_found_message("Có bao nhiêu hồ sơ?")
    assert not_found_message("Có bao nhiêu hồ sơ?", "a reason no message names") == not_found_message("Có bao nhiêu hồ sơ?")


def test_a_period_the_question_bounds_allows_the_years_in_it():
    since = "How many Vietnamese nurses have come to Japan since 2014?"
    assert not other_years_only(since, "By 2024, 1,200 Vietnamese nurses had come to Japan.", "number")
    assert other_years_only(since, "In 2010, 20 nurses came to Japan.", "number")
    by = "How many electronic health records had Vietnam created by the end of 2022?"
    assert not other_years_only(by, "In 2021, 10 million records had been created.", "number")
    assert other_years_only(by, "2024年には、3,200万件以上の電子健康記録が作成されています。", "number")
    assert not other_years_only("2020年以降、何人が来日しましたか？", "2023年には500人が来日した。", "number")
    assert not other_years_only("Có bao nhiêu người đến Nhật từ năm 2020?", "Năm 2023 có 500 người.", "number")
    assert not other_years_only("How many projects ran from 2021 to 2024?", "In 2023, 12 projects ran.", "number")


def test_the_years_of_a_span_are_no_count():
    question = "How many people attended the seminar marking 52 years of relations?"
    assert not answers_kind(question, "the 52nd anniversary of relations between the two countries (1973–2025)")
    assert answers_kind(question, "Around 280 people attended the seminar (1973–2025).")
    assert answers_kind("How many HAE patients were diagnosed?", "From 2021 to 2024, 35 HAE patients were diagnosed.")


def test_a_day_the_question_names_must_be_in_the_answer_s_document():
    from kizuna.answer.binding import missing_days

    document = "Hà Nội, ngày 17 tháng 11: Bộ Y tế tổ chức hội thảo khoa học."
    assert not missing_days("How many people attended the November 17 workshop?", document)
    assert not missing_days("11月17日のワークショップには何人が参加しましたか？", document)
    assert missing_days("How many people attended the October 27 webinar?", document)
    assert not missing_days("How many people attended the 2021 webinar?", document)  # no day named


def test_which_city_is_answered_by_a_city():
    question = "Trụ sở của Medical Excellence JAPAN đặt ở thành phố nào?"
    assert not answers_kind(question, "I hope Medical Excellence Viet Nam will be established in Viet Nam.")
    assert answers_kind(question, "Medical Excellence JAPAN has its office in Tokyo.")
    assert answers_kind("In which district of Ho Chi Minh City is it based?", "It is based in District 1.")


@pytest.mark.parametrize(
    "question",
    ["Which Japanese health minister signed the Orbis memorandum?", "Which official opened the Freedonia clinic?",
     "どの大臣がオルビス覚書に署名しましたか？", "Bộ trưởng nào đã ký bản ghi nhớ Orbis?"],
)
def test_which_holder_of_a_role_asks_for_a_person(question):
    assert asks_for_person(question)


@pytest.mark.parametrize(
    "question", ["Which ministry did Ambassador Ito visit?", "What role did the ambassador play in the Orbis talks?"]
)
def test_a_role_named_beside_another_question_word_asks_for_no_person(question):
    assert not asks_for_person(question)


def test_the_roles_a_text_names_in_three_languages_the_specific_first():
    assert roles("Deputy Minister Nguyen Truong Son thanked Japan") == {"deputy minister"}
    assert roles("保健副大臣のグエン・チー・トゥック博士") == {"deputy minister"}
    assert roles("駐日大使館で") == frozenset()  # an embassy is no ambassador
    assert roles("Thủ tướng Nguyễn Xuân Phúc và Bộ trưởng Y tế") == {"prime minister", "minister"}
    assert roles("the Ministry of Health said") == frozenset()  # a ministry is no minister


def test_a_role_question_answered_by_a_person_of_another_role():
    question = "Which Japanese health minister signed the Orbis memorandum?"
    director = "Dang Quang Tan, Director General of the Department of International Cooperation, said Japan is a partner."
    assert unbound(question, "person", director, director) == "another role"
    minister = "Health Minister Taro Kono signed it with Director General Dang Quang Tan."
    assert unbound(question, "person", minister, minister) is None  # the asked role is among those given
    bare = "Taro Kono signed the Orbis memorandum in 2031."
    assert unbound(question, "person", bare, bare) is None  # a person named without a role is not judged
    # across languages, by the role's translation
    assert another_role("Ai là Bộ trưởng Bộ Y tế năm 2031?", "保健省国際協力局長のダン・クアン・タン氏")
    assert not another_role("Ai là Bộ trưởng Bộ Y tế năm 2031?", "オルビス保健大臣の田中太郎氏")


def test_an_ambassador_is_told_by_his_country_and_his_post_in_three_languages():
    from kizuna.answer.binding import ambassadors

    assert ambassadors("Who is Japan's ambassador to Vietnam?") == [("japan", "vietnam")]
    assert ambassadors("said Vietnamese Ambassador to Japan Vu Hong Nam.") == [("vietnam", "japan")]
    assert ambassadors("駐日ベトナム大使のブー・ホン・ナム氏") == [("vietnam", "japan")]
    assert ambassadors("日本の駐ベトナム大使は誰ですか？") == [("japan", "vietnam")]
    assert ambassadors("Đại sứ Nhật Bản tại Việt Nam là ai?") == [("japan", "vietnam")]
    assert ambassadors("駐日大使館で会見した") == []  # an embassy
    # the official forms
    assert ambassadors("Ambassador of Japan to Vietnam Ito Naoki said") == [("japan", "vietnam")]
    assert ambassadors("Viet Nam's Ambassador to Japan said") == [("vietnam", "japan")]
    assert ambassadors("駐ベトナム日本国特命全権大使") == [("japan", "vietnam")]
    assert ambassadors("Đại sứ đặc mệnh toàn quyền Việt Nam tại Nhật Bản") == [("vietnam", "japan")]


def test_the_ambassador_of_another_country_is_another_post():
    to_japan = "Vietnam and Japan cooperate closely, said Vietnamese Ambassador to Japan Vu Hong Nam."
    to_vietnam = "In his remarks, Japanese Ambassador to Vietnam Ito Naoki said that ties are deepening."
    for question in ("Who is Japan's ambassador to Vietnam?", "日本の駐ベトナム大使は誰ですか？", "Đại sứ Nhật Bản tại Việt Nam là ai?"):
        assert another_role(question, to_japan) and not another_role(question, to_vietnam)
        assert unbound(question, "person", to_japan, to_japan) == "another role"
    assert not another_role("Who is the ambassador?", to_japan)  # no country asked: not judged


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Which official met the Japanese health minister in Hanoi?", "Director General Dang Quang Tan met the minister."),
        ("Which doctor treated the former ambassador?", "Dr. Nguyen Van Kinh, director of the hospital, treated him."),
        ("Chuyên gia nào đã gặp Bộ trưởng?", "Giáo sư Nguyễn Văn Kính đã gặp."),
        # the head of a body, whatever each language calls it
        ("Which JICA president visited Hanoi in 2031?", "JICAの田中明彦理事長は訪問した。"),
        ("Which director of Cho Ray Hospital spoke?", "Tổng giám đốc Nguyễn Tri Thức phát biểu."),
    ],
)
def test_only_the_role_asked_about_is_held_against_the_answer(question, answer):
    assert not another_role(question, answer)


@pytest.mark.parametrize(
    "question",
    ["Which hospital's doctors went to Japan?", "Which country's ambassador attended?",
     "どの大使館が式典を主催しましたか?", "Which doctors association signed?", "Which minister's office issued it?"],
)
def test_a_role_noun_in_a_possessive_or_a_body_s_name_asks_for_no_person(question):
    assert not asks_for_person(question)


def test_candidates_dating_only_other_documents_are_ruled_out_when_one_dates_the_document_asked_about():
    import numpy as np

    from kizuna.answer.select import ruled_out

    question = "政治局決議第57-NQ/TW号はいつ出されましたか？"
    own = "特に、2024年12月22日付の政治局決議第57-NQ/TW号の実施において、多くの成果が得られました。"
    unrelated = "会議には多くの専門家が出席した。"
    logits = np.array([3.0, 1.0, 2.0])
    ranked = ruled_out(logits, [ISSUED, own, unrelated], question, "date")
    assert ranked[0] < min(ranked[1:]) and list(ranked[1:]) == [1.0, 2.0]  # only the other document's date drops
    # no candidate dates Resolution 57 itself: nothing is ruled out (the best one's decline says why)
    assert list(ruled_out(logits, [ISSUED, unrelated, unrelated], question, "date")) == [3.0, 1.0, 2.0]
    # nor for a question naming no document, or not asking when
    assert list(ruled_out(logits, [ISSUED, own, unrelated], "いつ出されましたか？", "date")) == [3.0, 1.0, 2.0]
    assert list(ruled_out(logits, [ISSUED, own, unrelated], question, None)) == [3.0, 1.0, 2.0]


def test_a_question_asking_for_the_day_is_not_answered_by_a_year_beside_the_day_in_its_passage():
    import numpy as np

    from kizuna.answer.select import DAY_ASKED, without_day_ruled_out

    year = "ベトナム保健省と神奈川県は、2024年に、MOUを締結しています。"
    day = "MOU締結時期 2024年11月15日"
    other = "会議には多くの専門家が出席した。"
    logits = np.array([3.0, 1.0, 2.0])
    below = np.array([-2 / 3, 0.0, 0.0])  # the date_precision feature: the year sentence is below its passage's day
    ranked = without_day_ruled_out(logits, [year, day, other], [0, 0, 0], below)
    assert ranked[0] < min(ranked[1:]) and list(ranked[1:]) == [1.0, 2.0]
    # a passage whose fullest date is a month rules nothing out
    month = np.array([-1 / 3, 0.0, 0.0])
    assert list(without_day_ruled_out(logits, [year, "2024年11月に締結", other], [0, 0, 0], month)) == [3.0, 1.0, 2.0]
    # nor is another event's date less of the day beside it: 11月17日 is not part of 2024年12月22日
    workshop, resolution = "保健省が本日(11月17日)ハノイで開催したワークショップ。", "2024年12月22日付の政治局決議第57-NQ/TW号。"
    assert list(without_day_ruled_out(logits, [workshop, resolution, other], [0, 0, 0], np.array([-1 / 3, 0.0, 0.0]))) == [3.0, 1.0, 2.0]
    # nor a year beside another passage's day
    assert list(without_day_ruled_out(logits, [year, day, other], [0, 1, 1], np.array([0.0, 0.0, 0.0]))) == [3.0, 1.0, 2.0]
    for asked in ("On what date did Kanagawa sign?", "何月何日に締結しましたか？", "Ký vào ngày nào?", "What exact day was it?",
                  "On what dates were they signed?", "決議の日付を教えてください。"):
        assert DAY_ASKED.search(asked), asked
    for asked in ("When did Kanagawa sign?", "いつ締結しましたか？", "Ký vào năm nào?", "How many days did it last?", "何日間続きましたか？",
                  "2024年12月22日付の決議はいつ公表されましたか？", "Which day-care centre opened first?", "What date range does it cover?",
                  "開始から何日目に承認されましたか？", "Một ngày nào đó?"):
        assert not DAY_ASKED.search(asked), asked


@pytest.mark.models
def test_a_japanese_question_for_the_day_gets_the_day(real_app):
    answer = real_app.ask("神奈川県とベトナム保健省がMOUを締結したのは何月何日ですか？").answer
    assert answer is not None and "11月15日" in answer.text
    # the workshop's day (本日(11月17日)) is not less of the resolution's date beside it
    answer = real_app.ask("保健省が科学技術のブレークスルーに関するワークショップを開催したのは何月何日ですか？").answer
    assert answer is not None and "11月17日" in answer.text


def test_a_long_run_of_digits_is_read_once_not_once_per_digit():
    # a code starts where a run of digits does: 50,000 digits took ~37 s when every digit began a new try
    import time

    from kizuna.answer.documents import codes

    text = "2025年1月9日に" + "1" * 50_000 + "号を発行"
    started = time.perf_counter()
    assert codes(text) == set() and dated_codes(text) == {}
    assert time.perf_counter() - started < 2.0
