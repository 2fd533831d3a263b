"""names.py: an answer from a document that never gives a name the question gives is about something else."""

from __future__ import annotations

from kizuna.answer.gloss import not_found_message
from kizuna.answer.names import question_names, unnamed

WEBINAR = "Around 280 people attended the webinar which was organised by Medical Excellence JAPAN in Himeji."
JAPANESE = "あすか製薬は、2020年にベトナムの製薬会社であるHa Tay Pharmaceutical Joint Stock Companyの株式を取得しています。"


def test_the_names_a_question_gives_are_its_own_names_not_its_words_places_or_ministries():
    assert question_names("When did Deloitte survey Viet Nam's Ministry of Health for Kanagawa Prefecture?") == {
        "deloitte",
        "kanagawa",
    }  # not "prefecture" (an English word), nor the ministry or the country (gazetteers)
    # a Vietnamese title's syllables are translated by another language, not spelled alike
    assert question_names("Ai là Cục trưởng Cục Khoa học của Bộ Y tế?") == frozenset()
    # a katakana name is a name, a loanword is not; the Japanese Government is Japan's
    assert question_names("ウェビナーでタケダについて話したのは誰ですか？") == {"タケダ"}
    assert question_names("日本政府はコロナ禍で何をしましたか？") == frozenset()
    assert question_names("What happened in Tokyo in March 2024?") == frozenset()  # a city, a date
    # a two-character common word written in kanji is no name, whatever it ends with (都市 "city", 省庁
    # "ministries"), nor a word for goods (医薬品 "medicines"); a ministry, a prefecture or a company is
    assert question_names("その合弁会社はいつ、どの都市に設立されましたか？") == frozenset()
    assert question_names("日本の省庁はどの医薬品を承認しましたか？") == frozenset()
    assert question_names("大阪府と大正製薬は何を発表しましたか？") == {"大阪府", "大正製薬"}
    # longer common words are bodies' names: a question about them is not answered from a text about another
    assert question_names("内閣府と金融庁と日本銀行は何を発表しましたか？") == {"内閣府", "金融庁", "日本銀行"}
    assert question_names("都庁はいつ協定を締結しましたか？") == {"都庁"}  # an office is a body


def test_a_document_that_never_gives_a_name_the_question_gives_is_named_as_written():
    assert unnamed("How many experts did Kanagawa send to Vietnam?", WEBINAR, "en") == ("Kanagawa",)
    assert unnamed("Who organised the Himeji webinar?", WEBINAR, "en") == ()
    # Vietnamese spells a Latin name as English does, with or without its diacritics
    assert unnamed("Hội thảo ở Himeji có bao nhiêu người?", WEBINAR, "en") == ()
    # hospitals and organisations are compared by group, in any language
    assert unnamed("Bệnh viện Chợ Rẫy đã hợp tác với Nhật Bản thế nào?", WEBINAR, "en") == ("Bệnh viện Chợ Rẫy",)
    assert unnamed("Which projects has MEJ run?", WEBINAR, "en") == ()
    assert unnamed("JICAの予算は？", "Japan International Cooperation Agency (JICA) funds it.", "en") == ()


def test_a_latin_name_is_not_looked_for_in_a_japanese_document():
    # あすか製薬 is Aska Pharmaceutical: a sound comparison across scripts is too unreliable to decline on
    assert unnamed("Which drug maker did Aska buy shares in?", JAPANESE, "ja") == ()
    assert unnamed("アステラス製薬はベトナムで何をしましたか？", JAPANESE, "ja") == ("アステラス",)
    assert unnamed("あすか製薬はベトナムで何をしましたか？", JAPANESE, "ja") == ()


def test_the_decline_message_names_what_the_document_never_gives():
    message = not_found_message("How many experts did Kanagawa send?", "unnamed", ("Kanagawa",))
    assert "The document of the closest sentence never names Kanagawa." in message
    assert "「アステラス」が出てきません" in not_found_message("アステラスは？", "unnamed", ("アステラス",))
    assert "không nhắc đến Bệnh viện Chợ Rẫy, ERIA." in not_found_message(
        "Bệnh viện Chợ Rẫy và ERIA?", "unnamed", ("Bệnh viện Chợ Rẫy", "ERIA")
    )


def test_a_name_written_alike_in_both_languages_ties_a_claim_to_a_sentence_in_another():
    from kizuna.answer.names import written_alike

    sentence = "He also thanked Japan for the support given to Viet Nam for COVID-19 prevention and control."
    assert written_alike("Ông cảm ơn Nhật Bản đã hỗ trợ phòng, chống COVID-19.", sentence)
    assert written_alike("Sáng kiến HAE của Takeda đã chẩn đoán 35 bệnh nhân.", "武田薬品のHAEの取り組み")
    # a unit is written alike in every language and names nothing; nor does a word the text lacks
    assert not written_alike("JICA tài trợ 3 triệu USD.", "the 3 million USD project on telemedicine")
    assert not written_alike("Ông cảm ơn Nhật Bản về COVID-19.", "He closed his remarks by underlining dialogue.")


def test_a_prefecture_is_a_name_though_its_city_is_a_place():
    # the places gazetteer knows Osaka the city; Osaka Prefecture signs agreements of its own
    assert "大阪府" in question_names("大阪府とベトナム保健省の協定はいつ締結されましたか？")
    assert "osaka" in question_names("When did Osaka Prefecture sign its agreement with the Ministry of Health?")
    assert "osaka" in question_names("Tỉnh Osaka ký thỏa thuận với Bộ Y tế khi nào?")
    assert question_names("What happened in Osaka in 2031?") == frozenset()  # the city is still a place
    assert unnamed("大阪府の協定はいつですか？", "神奈川県とベトナム保健省は2024年にMOUを締結した。", "ja") == ("大阪府",)


def test_a_body_named_after_a_city_is_a_name():
    # the gazetteer knows the city; the hospital named after it is another thing
    assert "名古屋大学病院" in question_names("名古屋大学病院は何人のベトナム人看護師を受け入れましたか？")
    sapporo = "札幌医科大学は毎年8人の研修医を受け入れている。"
    assert unnamed("名古屋大学病院は何人の看護師を受け入れましたか？", sapporo, "ja") == ("名古屋大学病院",)


def test_the_decline_message_says_which_listed_passage_the_closest_sentence_is_in():
    message = not_found_message("When did Kanagawa sign it?", "unnamed", ("Kanagawa",), hit=3)
    assert "The document of the closest sentence ([3]) never names Kanagawa." in message
    japanese = not_found_message("大阪府の協定はいつですか？", "unnamed", ("大阪府",), hit=2)
    assert "最も近い文（[2]）の文書には「大阪府」が出てきません。" in japanese


def test_a_department_of_the_ministry_is_a_name_in_every_language():
    # the documents name it by translating it: Vụ Hợp tác quốc tế, the Department of International
    # Cooperation, 国際協力局 are one department, and another department's document does not answer for it
    question = "Ai là Cục trưởng Cục Khoa học Công nghệ và Đào tạo của Bộ Y tế?"
    other = "Dang Quang Tan, Director General of the Department of International Cooperation under the Ministry of Health."
    assert unnamed(question, other, "en") == ("Cục Khoa học Công nghệ và Đào tạo",)
    assert unnamed(question, "保健省科学技術訓練局長のグエン・ゴ・クアン博士が講演しました。", "ja") == ()
    asked = "Who is the director general of the Department of International Cooperation?"
    assert unnamed(asked, "保健省国際協力局のダン・クアン・タン局長が述べた。", "ja") == ()
    assert unnamed(asked, "2019年にベトナム保健省IT局が開発した。", "ja") == ("Department of International Cooperation",)
    # a department's official name with its comma (Cục Quản lý Khám, chữa bệnh)
    medical = "Who heads the Medical Services Administration?"
    assert unnamed(medical, "Cục trưởng Cục Quản lý Khám, chữa bệnh phát biểu.", "vi") == ()
    # the Japan International Cooperation Agency is no department of the ministry
    assert unnamed("What did JICA fund?", "JICA (Japan International Cooperation Agency) funded it.", "en") == ()


def test_the_city_an_event_was_held_in_tells_which_event_is_meant():
    # an ambassador "in Tokyo" may be spoken of by a text that never says Tokyo; a webinar "held in Himeji"
    # is another event than a workshop in Hanoi
    workshop = "保健副大臣のグエン・トリ・トゥック博士が、保健省がハノイで開催したワークショップで講演した。"
    for question in (
        "姫路で開かれたウェビナーで講演したベトナム保健省の副大臣は誰ですか？",
        "Who spoke at the Himeji webinar?",
        "Ai đã phát biểu tại hội thảo trực tuyến tổ chức tại Himeji?",
    ):
        assert unnamed(question, workshop, "ja"), question
        assert unnamed(question, "Himeji, 27 October 2021: Vice Minister Son spoke at the webinar.", "en") == (), question
    assert unnamed("What did the ambassador in Tokyo say about the pandemic?", "The ambassador said Japan helped.", "en") == ()
    # the event's city only: the first after it, the last before it
    osaka = "The seminar in Osaka heard from hospital directors."
    assert unnamed("Who spoke at the seminar held in Osaka about hospitals in Hanoi?", osaka, "en") == ()
    assert unnamed("ハノイの病院が東京で開かれた会議で紹介されたのはいつですか？", "東京の会議で紹介された。", "ja") == ()


def test_a_disease_the_question_names_is_one_its_document_must_name_in_some_language():
    english = "Notable projects include Improving the Prevention and Control of Viral Hepatitis with JICA."
    japanese = "現在、国立小児病院はドイツと協力して、がん治療のための技術の移転を進めている。"
    assert unnamed("How much did JICA spend on its malaria project?", english, "en") == ("malaria",)
    assert "ung thư" in unnamed("Kinh phí cho dự án vắc xin ung thư phổi là bao nhiêu?", english, "en")
    # the same disease in another language is named
    assert unnamed("Kinh phí cho dự án vắc xin ung thư phổi là bao nhiêu?", japanese, "ja") == ()
    assert unnamed("Dự án phòng chống viêm gan virus của JICA là gì?", english, "en") == ()
