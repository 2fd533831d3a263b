"""People written in katakana against the same people in Latin letters, and what a claim states that a
sentence in another language can be seen to state (pure functions; the lexicons, no model)."""

import pytest

from kizuna.answer.anchors import claim_anchors
from kizuna.answer.claimed_counts import unstated_counts
from kizuna.answer.japanese_names import foreign_people, sounds_named
from kizuna.answer.people import people_by_sound
from kizuna.answer.places import COUNTRY_NAMES
from kizuna.answer.transliteration import romaji, same_sound, sound_key


@pytest.mark.parametrize(
    ("katakana", "latin"),
    [
        ("グエン", "Nguyễn"), ("アイン", "Anh"), ("トゥアン", "Tuấn"), ("ダン", "Dang"), ("クアン", "Quang"),
        ("ブー", "Vũ"), ("ナム", "Nam"), ("フック", "Phúc"), ("チュオン", "Trương"), ("ゴ", "Ngô"),
        ("ズオン", "Dương"), ("ジャン", "Giang"), ("イトウ", "Itō"), ("アキヤマ", "Akiyama"), ("タイン", "Thanh"),
    ],
)
def test_a_name_part_sounds_the_same_in_katakana_and_latin_letters(katakana, latin):
    assert same_sound(sound_key(romaji(katakana), from_katakana=True), sound_key(latin))


@pytest.mark.parametrize(("katakana", "latin"), [("トゥアン", "Tân"), ("ナム", "Minh"), ("ソン", "Long")])
def test_other_names_do_not(katakana, latin):
    assert not same_sound(sound_key(romaji(katakana), from_katakana=True), sound_key(latin))


def test_romaji_reads_small_kana_and_doubled_consonants_and_refuses_other_scripts():
    assert romaji("トゥック") == "tukku"
    assert romaji("チュオン") == "chuon"
    assert romaji("漢字") == ""


def test_a_dotted_katakana_run_is_a_person_unless_its_parts_are_dictionary_words():
    people = foreign_people("保健省国際協力局長のグエン・アイン・トゥアン氏は、メディカル・エクセレンス・ジャパンと会談した。")
    assert [name for name, _ in people] == ["グエン・アイン・トゥアン"]
    assert sounds_named(people[0][1], "Nguyen Anh Tuan, Deputy Director-General", "en")
    assert not sounds_named(people[0][1], "Dang Quang Tan, Director General", "en")


def test_a_person_put_in_place_of_another_across_scripts_is_a_difference():
    claimed = foreign_people("グエン・アイン・トゥアン局長は述べた。")
    found = people_by_sound(claimed, "Dang Quang Tan said Japan is a key partner.", "en", "Dang Quang Tan said so.")
    assert [(d.claim, d.source) for d in found] == [("グエン・アイン・トゥアン", "Dang Quang Tan")]
    # the document names him elsewhere: the sentence may be about someone else, not in his place
    assert not people_by_sound(claimed, "Dang Quang Tan said so.", "en", "Nguyen Anh Tuan spoke. Dang Quang Tan said so.")
    # Latin letters against katakana
    latin = (("Tran Van Long", tuple(sound_key(t) for t in ("tran", "van", "long"))),)
    found = people_by_sound(latin, "ブー・ホン・ナム大使は述べた。", "ja", "ブー・ホン・ナム大使は述べた。")
    assert found and found[0].source == "ブー・ホン・ナム"


def test_several_people_none_of_whom_the_document_names_tell_of_another_event():
    claimed = foreign_people("グエン・スアン・フック首相はスガ・ヨシヒデ首相と会談した。")
    assert len(claimed) == 2
    assert not people_by_sound(claimed, "Dr Nguyen Ngo Quang spoke.", "en", "Dr Nguyen Ngo Quang spoke.")


def test_a_spelled_count_is_owed_by_a_sentence_in_another_language():
    assert unstated_counts("Hai trung tâm điều trị đã được thành lập.", "Two centres have been established.") == []
    assert unstated_counts("Hai trung tâm điều trị đã được thành lập.", "Centres have been established.")
    assert unstated_counts("Twenty topics are under way.", "現在、19の臨床試験テーマが実施されている。")[0].claim == "Twenty"


def test_a_nationality_speaks_of_its_country_without_naming_it():
    assert COUNTRY_NAMES.speaks_of("japan", "the Japanese Government's free treatment")
    assert "japan" not in COUNTRY_NAMES.mentions("the Japanese Government's free treatment")


def test_anchors_are_the_share_of_numbers_names_and_words_a_sentence_in_another_language_states():
    anchors = claim_anchors("Năm 2018, trường mở cơ sở khám sức khỏe tại TP Hồ Chí Minh.", "vi")
    right = anchors.coverage("国際医療福祉大学は、人間ドック健診施設をホーチミン市に2018年に開設しました。", "ja")
    wrong = anchors.coverage("ベトナム保健省はデジタル技術の医療への活用を推進する施策に取り組んでいます。", "ja")
    assert right >= 0.5 > wrong



def test_companies_and_hospitals_are_read_by_their_kind_in_three_scripts():
    from kizuna.answer.companies import another_body, bodies

    assert [(b.kind, b.name) for b in bodies("Tam Anh Hospital reviewed it")] == [("hospital", "Tam Anh")]
    assert [(b.kind, b.name) for b in bodies("Bệnh viện Vinmec đã phê duyệt")] == [("hospital", "Vinmec")]
    assert [b.name for b in bodies("ベトナム企業Codupha Central Pharmaceutical JSCの合弁会社")] == ["Codupha Central"]
    assert [b.name for b in bodies("あすか製薬は、ハタイ製薬の株式を取得")] == ["あすか", "ハタイ"]
    # another hospital by its sound; the same company through a kanji reading (大正: たいしょう) or katakana
    found = another_body("Tam Anh Hospital approved it.", "ヴィンメック病院は承認した。")
    assert found and (found[0].name, found[1].name) == ("Tam Anh", "ヴィンメック")
    assert another_body("Vinmec Hospital approved it.", "ヴィンメック病院は承認した。") is None
    assert another_body("Taisho Pharmaceutical bought it.", "大正製薬が連結子会社化") is None
    assert another_body("Astellas Pharma bought it.", "大正製薬が連結子会社化")[1].name == "大正"
    assert another_body("Alfresa Holdings set it up.", "アルフレッサホールディングスは設立した。") is None
    # an acronym does not sound like its name: nothing is known (DHG is Dược Hậu Giang)
    assert another_body("DHG Pharma grew.", "ハウザン製薬は成長した。") is None


def test_a_company_named_by_its_kanji_alone_is_compared_with_the_english_name():
    from kizuna.answer.companies import another_body
    from kizuna.answer.japanese_names import japanese_companies

    # JMnedict knows 三共 and 日立 as companies; 学研 inside 科学研究 is two words, not a company
    assert [name for _, name, _ in japanese_companies("第一三共と日立製作所が出資した")] == ["三共", "日立"]
    assert japanese_companies("理化学研究所は科学研究を進める") == ()
    english = "The diplomat cited the case of Takeda Group as an example."
    found = another_body("大使は第一三共を例に挙げた。", english)
    assert found and (found[0].shown, found[1].shown) == ("第一三共", "Takeda Group")
    assert another_body("大使は武田薬品を例に挙げた。", english) is None  # 武田 is read たけだ
    assert another_body("大使は日本企業を例に挙げた。", english) is None  # no company named: nothing to compare


def test_a_groups_kanji_name_without_a_reading_is_read_through_the_company_it_holds():
    from kizuna.answer.companies import another_body

    found = another_body("大使は第一三共グループを代表例に挙げた。", "The diplomat cited the case of Takeda Group.")
    assert found and (found[0].shown, found[1].shown) == ("第一三共グループ", "Takeda Group")


def test_a_descriptive_kanji_name_without_a_reading_is_compared_by_what_it_means():
    from kizuna.answer.companies import another_body

    japanese = "国際医療福祉大学は、人間ドック健診施設をホーチミン市に2018年に開設しました。"
    found = another_body("In 2018 Juntendo University opened a check-up facility.", japanese)
    assert found and (found[0].shown, found[1].shown) == ("Juntendo University", "国際医療福祉大学")
    # its translation is the same university; a Vietnamese name may be one translated: nothing is known
    assert another_body("In 2018 the International University of Health and Welfare opened it.", japanese) is None
    assert another_body("Bệnh viện Nhi Trung ương phối hợp với Đức.", "国立小児病院はドイツと協力して") is None
    assert another_body("National Children's Hospital works with Germany.", "国立小児病院はドイツと協力して") is None
    assert another_body("Bach Mai Hospital works with Germany.", "国立小児病院はドイツと協力して")


def test_a_prefecture_is_compared_by_sound_and_a_possessive_is_not_part_of_its_name():
    from kizuna.answer.companies import another_body, bodies

    assert [(b.kind, b.name) for b in bodies("Japan's Shizuoka Prefecture signed it")] == [("prefecture", "Shizuoka")]
    assert bodies("Bộ Y tế và tỉnh Kanagawa đã ký") == ()  # "tỉnh" is any Vietnamese province too
    japanese = "ベトナム保健省と神奈川県は、2024年にMOUを締結しています。"
    found = another_body("Japan's Shizuoka Prefecture signed an MOU.", japanese)
    assert found and (found[0].shown, found[1].shown) == ("Shizuoka Prefecture", "神奈川県")
    assert another_body("Japan's Kanagawa Prefecture signed an MOU.", japanese) is None  # 神奈川: かながわ
    assert another_body("静岡県は署名した。", "Kanagawa Prefecture signed it.")[1].name == "Kanagawa"


def test_vietnamese_given_names_that_are_also_organisation_words_or_titles_are_names():
    from kizuna.answer.people import latin_people

    # Quốc as in Quốc hội, Trường as in trường (school) and trưởng (a title): told apart as written
    assert [n for n, _ in latin_people("Deputy Health Minister Dr Tran Quoc Hung spoke")] == ["Tran Quoc Hung"]
    assert [n for n, _ in latin_people("Thứ trưởng Bộ Y tế Nguyễn Trường Sơn cảm ơn")] == ["Nguyễn Trường Sơn"]
    assert [n for n, _ in latin_people("Vice Minister Nguyen Truong Son said")] == ["Nguyen Truong Son"]
    for organisation in ("Trường Đại học Y Hà Nội hợp tác", "Quốc hội Việt Nam thông qua", "Sở Y tế Hà Nội cho biết"):
        assert latin_people(organisation) == ()


def test_names_that_may_be_translated_or_run_on_are_not_told_apart():
    from kizuna.answer.companies import another_body, is_place_name, place_heard_in

    # the university's name runs on before its kanji (ハノイ医科大学), and a word of it is what they say
    assert another_body("Hanoi Medical University signed an agreement.", "ハノイ医科大学は協定を締結した。") is None
    # a name in English words may be translated or spelled; an opening article is no part of it
    assert another_body("The Technical Working Group met.", "技術ワーキンググループは会合した。") is None
    # "tỉnh" is any Vietnamese province, which a Japanese text calls 省
    assert another_body("Tỉnh Bắc Ninh đã ký kết hợp tác với Nhật Bản.", "神奈川県はバクニン省と協力協定を締結した。") is None
    # places JMnedict knows, heard with their own closing vowel (京都: Kyoto); 大都市 is "a big city"
    assert is_place_name("神奈川県") and not is_place_name("大都市")
    assert place_heard_in("京都府", "Kyoto Prefecture signed it") and not place_heard_in("神奈川県", "Hanoi signed it")


def test_a_prefecture_or_city_in_kanji_is_read_in_latin_letters():
    from kizuna.answer.claims import Difference
    from kizuna.answer.companies import latin_place
    from kizuna.answer.quotes import read_places

    assert latin_place("神奈川県") == "Kanagawa" and latin_place("東京都") == "Tokyo" and latin_place("大阪府") == "Osaka"
    assert latin_place("科学技術訓練局") is None and latin_place("ホーチミン市") is None  # no place; not kanji
    assert latin_place("都市") is None  # "a city", no place's name
    shown = read_places(Difference("name", "Shizuoka Prefecture; Juntendo University", "神奈川県; 科学技術訓練局"))
    assert shown.source == "神奈川県 (Kanagawa); 科学技術訓練局"
    assert read_places(Difference("number", "2023", "2024")).source == "2024"


def test_companies_are_of_one_kind_whatever_word_says_so():
    from kizuna.answer.companies import another_body

    sentence = "The diplomat cited Zentara Group, noting that the company developed the first dengue vaccine."
    found = another_body("アステラス製薬はベトナムで初めて承認されたデング熱ワクチンを開発した。", sentence)
    assert found and (found[0].shown, found[1].shown) == ("アステラス製薬", "Zentara Group")
    assert another_body("Astellas Pharma developed the first dengue vaccine.", sentence)
    assert not another_body("Zentara Pharma developed the first dengue vaccine.", sentence)  # the same name


def test_latin_names_of_a_question_are_heard_in_the_katakana_of_a_japanese_text():
    from kizuna.answer.features import key_share
    from kizuna.answer.transliteration import sounded_keys

    text = "ベトナム最大の製薬会社であるハウザン製薬は、2019年に大正製薬が連結子会社化した。"
    # two words in a row make one katakana word (Hau Giang: ハウザン); one word alone may too (Takeda: タケダ)
    assert sounded_keys(frozenset({"hau", "giang", "pharmaceutical"}), text) == {"hau", "giang"}
    assert sounded_keys(frozenset({"takeda"}), "タケダはベトナムで") == {"takeda"}
    # a short word is not matched alone (ハウ is part of many words), nor a name the text does not write
    assert sounded_keys(frozenset({"hau"}), "ハウス食品") == set()
    assert sounded_keys(frozenset({"ha", "tay"}), text) == set()
    # the key-term features count them in a Japanese text only
    keys = {"hau", "giang", "pharmaceutical", "2019"}
    assert key_share(keys, text, "ja") == 0.75
    assert key_share(keys, text, "en") == 0.25
