"""The kind of answer a question asks for, and whether a sentence holds one (answer/kinds.py), in English,
Japanese and Vietnamese. Made-up sentences about made-up entities: behaviour, not the corpus."""

from __future__ import annotations

import pytest

from kizuna.answer.kinds import (
    answers_kind,
    expected_answer_type,
    has_answer_type,
    holds_new_answer,
    without_dates,
)


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


ATTENDANCE = (
    "How many people attended the Orbis fair?",
    "How many attended the Orbis fair?",
    "オルビス博覧会には何人が参加しましたか？",
    "Có bao nhiêu người tham dự hội chợ Orbis?",
    "Hội chợ Orbis có bao nhiêu đại biểu tham dự?",
)


@pytest.mark.parametrize("question", ATTENDANCE)
@pytest.mark.parametrize(
    "text",
    [
        "The Orbis fair, first held in 2019, cost 2 million USD and grew by 15%.",
        "オルビス博覧会は2019年に始まり、費用は200万ドル、来場は15%増えた。",
        "Hội chợ Orbis bắt đầu năm 2019, kinh phí 2 triệu USD, tăng 15%.",
        "The Orbis fair ranks 2nd among the region's trade fairs.",
        "オルビス博覧会は地域の見本市の中で第2位です。",
        "Hội chợ Orbis đứng thứ 2 trong các hội chợ của vùng.",
    ],
)
def test_a_head_count_is_not_answered_by_years_money_shares_or_ranks(question, text):
    assert not answers_kind(question, text)


@pytest.mark.parametrize("question", ATTENDANCE)
@pytest.mark.parametrize(
    "text",
    ["About 1,200 people attended the Orbis fair.", "オルビス博覧会には約1,200人が参加した。", "Khoảng 1.200 người đã tham dự hội chợ Orbis."],
)
def test_a_head_count_is_answered_by_a_count_of_people_in_any_language(question, text):
    assert answers_kind(question, text)


def test_an_ordinal_is_not_a_number_but_a_count_beside_it_is():
    assert not has_answer_type("Freedonia ranks 2nd.", "number")
    assert not has_answer_type("フリードニアは第3位。", "number")
    assert not has_answer_type("Freedonia xếp thứ 3.", "number")
    assert has_answer_type("Freedonia ranks 2nd with 40 clinics.", "number")
    assert has_answer_type("フリードニアは第3位で、病院は40か所。", "number")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("オルビス協定の主な内容は何ですか？", None),
        ("フリードニア病院は何を開設しましたか？", None),
        ("オルビス療法はどのような病気に使われていますか？", None),
        ("大使は協力についてどう述べましたか？", None),
        ("Hiệp định Orbis là gì vậy không?", None),
        ("What is the Orbis agreement?", None),
        # a yes-or-no question has no interrogative word
        ("フリードニアはオルビスの最大の輸出国ですか？", "yesno"),
        ("フリードニアはオルビスと協力しましたか？", "yesno"),
        ("Freedonia có hợp tác với Orbis không?", "yesno"),
        ("Did Freedonia sign the Orbis agreement?", "yesno"),
    ],
)
def test_a_what_question_ending_in_desuka_is_not_yes_or_no(question, kind):
    assert expected_answer_type(question) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Where was the Orbis clinic opened?", "place"),
        ("オルビス診療所はどこに開設されましたか？", "place"),
        ("Phòng khám Orbis được mở ở đâu?", "place"),
        ("Which country does Freedonia cooperate with on vaccines?", "country"),
        ("フリードニアはワクチンでどの国と協力していますか？", "country"),
        ("Freedonia hợp tác với nước nào về vắc xin?", "country"),
        # asked in the plural, the same kinds
        ("In which cities did the Orbis programme open its clinics?", "place"),
        ("Which provinces does the Orbis project cover?", "place"),
        ("Which hospitals host the Orbis clinics?", "organisation"),
        ("Which companies joined the Orbis fair?", "organisation"),
        ("What countries does Freedonia cooperate with?", "country"),
    ],
)
def test_where_asks_for_a_place_and_which_country_for_a_country(question, kind):
    assert expected_answer_type(question) == kind


@pytest.mark.parametrize(
    "question",
    [
        "What was the enrolment rate of Freedonia's health insurance in 2019?",
        "What share of Freedonians held health insurance in 2019?",
        "2019年のフリードニアの保険加入率はどのくらいですか？",
        "フリードニアで保険に加入している人の割合は？",
        "Tỷ lệ người dân Freedonia tham gia bảo hiểm y tế năm 2019 là bao nhiêu?",
    ],
)
def test_a_share_asked_for_is_answered_by_a_percentage_not_a_count(question):
    assert answers_kind(question, "Freedonia's insurance covered 87.9% of the population in 2019.")
    assert answers_kind(question, "2019年の加入率は87.9%となっています。")
    assert not answers_kind(question, "In 2019, over 32 million electronic health records were created.")
    assert not answers_kind(question, "2019年には、3,200万件以上の電子健康記録が作成された。")


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        # a city or a province answers "where" (and "which country", being in one)
        ("The clinic opened in Freedonia City and Sylvania Province.", True, True),
        ("診療所はフリードニア市と大阪府に開設された。", True, True),
        ("Phòng khám được mở tại thành phố Orbis và tỉnh Sylvania.", True, True),
        # a country alone answers only "which country"
        ("The clinic strengthens cooperation between Vietnam and Japan.", False, True),
        ("診療所は日本とベトナムの協力を強めている。", False, True),
        ("Phòng khám tăng cường hợp tác giữa Việt Nam và Nhật Bản.", False, True),
        ("フリードニアはドイツおよびシンガポールと協力している。", False, True),
        # government (政府) is not a prefecture (府), nor real-time (リアルタイム) Thailand
        ("政府はリアルタイムで情報を共有した。", False, False),
    ],
)
def test_a_place_is_below_a_country(text, place, country):
    assert has_answer_type(text, "place") is place
    assert has_answer_type(text, "country") is country


@pytest.mark.parametrize(
    "text",
    [
        "Orbis Pharmaceutical bought a stake in the Sylvania plant.",
        "オルビス薬品がシルバニア工場の株式を取得した。",
        "Tập đoàn Orbis đã mua cổ phần nhà máy Sylvania.",
        "The Freedonia Institute of Health ran the trial.",
        "フリードニア研究所が試験を行った。",
        "Viện Sức khỏe Freedonia đã tiến hành thử nghiệm.",
    ],
)
def test_a_company_or_an_institute_is_an_organisation_in_each_language(text):
    assert has_answer_type(text, "organisation")
    assert has_answer_type(text, "person")  # "who did it?" is answered by an organisation too


def test_a_sentence_without_a_named_body_is_not_an_organisation():
    for text in ("The plant was sold last year.", "工場は昨年売却された。", "Nhà máy đã được bán vào năm ngoái."):
        assert not has_answer_type(text, "organisation")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who chairs the Orbis board?", "person"),
        ("who chairs the Orbis board?", "person"),
        ("What did the WHO say about Freedonia's tobacco tax?", None),
        ("Ai là chủ tịch hội đồng Orbis?", "person"),
        ("Freedonia dùng AI để làm gì?", None),
        ("オルビスの会長は誰ですか？", "person"),
    ],
)
def test_who_is_a_person_question_but_the_who_and_ai_are_not(question, kind):
    assert expected_answer_type(question) == kind


@pytest.mark.parametrize(
    "question",
    [
        "How long did the Orbis clinic project last?",
        "How many years did the Orbis clinic project run?",
        "Dự án phòng khám Orbis kéo dài bao nhiêu năm?",
        "Orbis診療所のプロジェクトは何年間続きましたか？",
    ],
)
def test_a_length_of_time_is_not_answered_by_a_sum_of_money_or_a_share(question):
    assert not answers_kind(question, "The Orbis clinic project was worth 4 million USD.")
    assert not answers_kind(question, "Orbis covers 45% of the region.")
    # a number of years, a span of dates, or words: any of them may say how long
    assert answers_kind(question, "The project ran for six years, from 2018 to 2024.")
    assert answers_kind(question, "The project ran for 6 years with 4 million USD.")
    assert answers_kind(question, "It has run since the clinic opened.")


def test_a_question_about_a_year_is_not_a_length_of_time():
    # "bao nhiêu … năm 2024": how much … in 2024, a sum of money answers it
    assert answers_kind("Tổng vốn đầu tư của Orbis là bao nhiêu năm 2024?", "Vốn đầu tư đạt 4 triệu USD.")


def test_how_many_years_in_japanese_asks_a_number_and_which_year_a_date():
    assert expected_answer_type("Orbisのプロジェクトは何年間続きましたか？") == "number"
    assert expected_answer_type("Orbisのプロジェクトは何年に始まりましたか？") == "date"
    assert expected_answer_type("研修は何日間でしたか？") == "number"


@pytest.mark.parametrize(
    "question",
    [
        "What is the number of the Freedonia health ministry decision that set up the clinics?",
        "フリードニア保健省の決定は何号ですか？",
        "Quyết định thành lập các phòng khám của Bộ Y tế Freedonia là quyết định số mấy?",
    ],
)
def test_the_number_of_a_decision_asks_for_its_code_not_a_count(question):
    assert expected_answer_type(question) == "code"


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("The ministry issued Decision 412/QD-BYT on the clinics.", True),
        ("保健省は決定第412/QD-BYT号を公布した。", True),
        ("Bộ đã ban hành Nghị quyết số 88/2031/QH20.", True),
        ("The ministry opened 412 clinics in 2031.", False),
        ("保健省は2031年に412か所の診療所を開設した。", False),
    ],
)
def test_a_code_answer_holds_a_document_number(text, holds):
    assert has_answer_type(text, "code") is holds


def test_how_many_decisions_is_still_a_count():
    assert expected_answer_type("How many decisions did the Freedonia ministry issue?") == "number"


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        # the question's own amount is not a count of what it asks
        ("How many provinces does the 3 million USD Orbis project cover?", "Orbis runs a 3 million USD project.", False),
        ("How many provinces does the 3 million USD Orbis project cover?", "The 3 million USD project covers 12 provinces.", True),
        ("Dự án Orbis trị giá 3 triệu USD được triển khai tại bao nhiêu tỉnh?", "Orbis runs a 3 million USD project.", False),
        # the question's own year is not the date it asks for; a fuller date is
        ("On what date was the 2031 Orbis memorandum signed?", "The Orbis memorandum was signed in 2031.", False),
        ("On what date was the 2031 Orbis memorandum signed?", "It was signed on 4 March 2031.", True),
        ("2031年のオルビス覚書はいつ締結されましたか？", "オルビス覚書は2031年3月4日に締結された。", True),
        ("2031年のオルビス覚書はいつ締結されましたか？", "オルビス覚書は2031年に締結された。", False),
        # no value in the question: every date and count still answers
        ("When was the Orbis memorandum signed?", "The Orbis memorandum was signed in 2031.", True),
    ],
)
def test_an_answer_holds_a_value_the_question_did_not_give(question, text, answers):
    assert answers_kind(question, text) is answers
    assert holds_new_answer(text, expected_answer_type(question), question) is answers


@pytest.mark.parametrize(
    ("question", "kept", "gone"),
    [
        ("2031年10月にオルビスで開かれた会議", "オルビス", "10"),
        ("Hội thảo tháng 10/2031 ở Orbis", "Orbis", "10/2031"),
        ("the 27 October 2031 Orbis webinar", "Orbis", "27"),
        ("Resolution 57-NQ/TW of May 2030", "57-NQ/TW", "2030"),
        ("the 2031 Orbis memorandum, signed in May 2030", "2031", "2030"),  # a bare year stays (it may name a thing)
    ],
)
def test_a_date_in_a_question_is_blanked_whole_and_names_and_codes_stay(question, kept, gone):
    blanked = without_dates(question)
    assert kept in blanked
    assert gone not in blanked


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        # a count of things the question names is no count of people, money or years
        ("Có bao nhiêu bệnh viện đã kết nối với hệ thống Orbis?", "Orbisには1,460万人以上の市民が登録している。", False),
        ("Có bao nhiêu bệnh viện đã kết nối với hệ thống Orbis?", "Orbisには120の病院が接続している。", True),
        ("How many ventilators did Orbis donate?", "Orbis donated equipment worth 3 million USD.", False),
        ("How many ventilators did Orbis donate?", "Orbis donated 200 ventilators.", True),
        ("オルビスは病院を何か所開設しましたか？", "オルビスの職員は約500人である。", False),
        # people are counted by many words, none of them a thing
        ("Có bao nhiêu cán bộ y tế được đào tạo ở Orbis?", "Orbis đã đào tạo 300 người.", True),
        ("How many delegates attended the Orbis forum?", "More than 300 people attended.", True),
        ("Có bao nhiêu kỹ sư được Orbis đào tạo?", "Orbis đã đào tạo 120 người.", True),
        ("How many dollars did Orbis pledge?", "Orbis pledged 5 million USD.", True),
    ],
)
def test_a_count_of_named_things_is_not_a_count_of_people_or_money(question, text, answers):
    assert answers_kind(question, text) is answers


@pytest.mark.parametrize(
    "question",
    [
        "Which department of Freedonia's health ministry runs the patient registry?",
        "フリードニア保健省のどの部署が患者登録システムを運用していますか？",
        "Cục nào của Bộ Y tế Freedonia vận hành hệ thống đăng ký bệnh nhân?",
    ],
)
def test_which_department_asks_for_a_unit_inside_a_body_not_the_body(question):
    assert expected_answer_type(question) == "organisation"
    for unit in (
        "The registry is run by the Department of Medical Records.",
        "登録システムは保健省医療記録局が運用している。",
        "Hệ thống do Cục Quản lý Hồ sơ vận hành.",
    ):
        assert holds_new_answer(unit, "organisation", question), unit
    # the ministry itself, or a body of another kind, does not say which of its departments
    for body in ("The Ministry of Health of Freedonia launched the registry.", "組織名 フリードニア保健省", "公安省がアプリを発表した。"):
        assert not holds_new_answer(body, "organisation", question), body
    # 課題 is a task, not a section
    assert not holds_new_answer("保健省は5つの中核課題を定めた。", "organisation", question)
    # a question about a body still takes the body
    assert holds_new_answer("公安省がアプリを発表した。", "organisation", "どの機関がアプリを発表しましたか？")
    # nor is 結局 (after all), 当局 (the authorities), 薬局, a meeting room, or Vietnamese "Phòng chống" a unit
    for text in ("結局、保健省が運用している。", "規制当局が運用している。", "会議室で決まった。", "Phòng chống dịch do Bộ Y tế chỉ đạo."):
        assert not holds_new_answer(text, "organisation", question), text


@pytest.mark.parametrize(
    "question", ["どの課題が最も重要ですか？", "Which department head spoke at the seminar?", "どの部署の担当者が出席しましたか？"]
)
def test_an_issue_or_a_departments_head_is_no_question_for_a_department(question):
    assert expected_answer_type(question) != "organisation"


@pytest.mark.parametrize(
    "question",
    ["What is the annual budget of Freedonia's vaccine grant?", "What was the estimated cost of the Sylvania plant?"],
)
def test_what_is_the_budget_asks_for_an_amount_whatever_word_qualifies_it(question):
    # (a qualifier of amounts: "the core value", "the funding source" ask for no amount, below)
    assert expected_answer_type(question) == "number"
    assert not answers_kind(question, "The grant was renewed for 2025–2026.")
    assert answers_kind(question, "The grant is 3 million USD a year.")


@pytest.mark.parametrize(
    "question",
    ["In which district of Sylvania City is the Orbis plant?", "オルビスの工場はシルバニア市のどの区にありますか？", "Nhà máy Orbis ở quận nào của TP Sylvania?"],
)
def test_which_district_is_not_answered_by_the_city_the_question_names(question):
    assert expected_answer_type(question) == "place"  # declined, it says "names no district" (select.py)
    assert not answers_kind(question, "The Orbis plant was built in Sylvania City.")
    assert not answers_kind(question, "オルビスはシルバニア市に工場を建てた。")
    for text in ("The plant is in District 7.", "工場はシルバニア市北区にある。", "Nhà máy đặt tại quận Bình Thạnh."):
        assert answers_kind(question, text), text
    # district hospitals, an area (地区), "quận, huyện" in general name no district
    for text in ("Sylvania City has 20 district hospitals.", "シルバニア市の地区にある。", "các bệnh viện quận, huyện"):
        assert not answers_kind(question, text), text


@pytest.mark.parametrize(
    "question", ["What is the core value of the partnership?", "What is the main funding source for the plant?", "What is the drug price policy?"]
)
def test_a_value_or_a_source_is_no_amount(question):
    assert expected_answer_type(question) != "number"


def test_a_count_spelled_out_answers_how_many():
    from kizuna.answer.kinds import counts

    kasai = "WHO Regional Director Dr Takeshi Kasai gave three reasons for the establishment of a new platform."
    assert answers_kind("How many reasons did he give?", kasai)
    assert answers_kind("Tại hội thảo đó, Giám đốc WHO đưa ra mấy lý do để lập nền tảng hợp tác mới?", kasai)
    assert answers_kind("専門治療センターはいくつ設立されましたか？", "二つの専門治療センターが設立された。")
    # its unit is the word after it: "three reasons" counts no countries, and "the two countries" no projects
    assert not answers_kind("How many countries attended the regional committee?", kasai)
    assert not answers_kind("How many projects has JICA run in Vietnam?", "the two countries agreed to cooperate")
    # one is no count ("one of the priorities"), nor an ordinal; a numeral is not counted twice
    assert counts("Japan is one of the largest investors, the third-largest.") == []
    assert [f.original for f in counts("三人が参加した")] == ["三人"]


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        # the unit is read where the word stands, not where its letters first occur ("ten" in "written")
        ("How many people wrote it?", "It was written by ten people.", True),
        ("Có bao nhiêu người phát biểu?", "Tại lễ khai mạc có hai người phát biểu.", True),
        # ordinals in every language: lần thứ hai (the second time), 三回目, "twenty-fifth"
        ("Hội nghị đã được tổ chức mấy lần?", "Đây là lần thứ hai hội nghị được tổ chức.", False),
        ("何回開催されましたか？", "三回目の会議が開かれた。", False),
        ("How many anniversaries has JICA marked?", "It was the twenty-fifth anniversary.", False),
        # a question naming what it counts wants that word: "the two sides" counts no devices, "the two
        # countries" counts countries
        ("How many devices were donated?", "The two sides signed the memorandum in Hanoi.", False),
        ("How many countries signed?", "The two countries signed the memorandum.", True),
    ],
)
def test_a_spelled_count_is_read_where_it_stands_and_counts_what_follows(question, text, answers):
    assert answers_kind(question, text) is answers


def test_spelled_counts_take_linear_time():
    import time

    from kizuna.answer.kinds import counts

    started = time.perf_counter()
    counts("two " * 5000)  # 20,000 characters: a PDF "sentence" with no full stop
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Còn số dự án thì sao?", "number"),  # "and the number of projects?"
        ("Còn số lượng bệnh nhân thì sao?", "number"),
        ("Còn Nghị quyết số 193 thì sao?", None),  # a document's number, not a count
        ("Còn một số dự án khác thì sao?", None),  # "some other projects"
        ("Còn chuyển đổi kỹ thuật số thì sao?", None),  # "digital transformation"
        ("Còn chuyển đổi số y tế thì sao?", None),
        ("Còn số hóa thì sao?", None),  # "digitalisation"
        ("Còn số đông thì sao?", None),  # "the majority"
        ("Còn nền tảng số y tế thì sao?", None),  # "the digital health platform"
        ("Còn các dân tộc thiểu số khác thì sao?", None),  # "the other ethnic minorities"
        ("Còn số liệu thì sao?", None),  # "the data"
        ("Còn số nhân viên y tế thì sao?", "number"),  # "the number of health workers"
    ],
)
def test_a_vietnamese_follow_up_asking_what_about_the_number_asks_for_a_count(question, kind):
    assert expected_answer_type(question) == kind


@pytest.mark.parametrize(
    "question",
    [
        "How many citizens had integrated their records into VNeID, at any rate?",
        "How many HAE patients were diagnosed at a first-rate centre?",
        "With an enrolment rate of 87.9%, how many citizens had integrated their records into VNeID?",
        "How many healthcare professionals benefited, despite the low diagnosis rate?",
        "クアン博士が率いる局によると、VNeIDに統合した市民は何人ですか？",  # 率いる: "to lead"
        "加入率が87.9%のベトナムで、VNeIDに電子医療記録を統合した市民は何人ですか？",
        "日本が率先して統合を進めた市民は何人ですか？",  # 率先: "taking the lead"
        "How many citizens had integrated their records at the current exchange rate?",
    ],
)
def test_a_rate_in_another_sense_or_given_beside_a_count_asks_no_percentage(question):
    assert answers_kind(question, "Over 14.6 million citizens have integrated their records into VNeID.")
