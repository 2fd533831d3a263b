import pytest

from kizuna.answer.claims import contradicts, differences, names
from kizuna.answer.quantities import quantities
from kizuna.engine import Kizuna


def verdict_of(app: Kizuna, claim: str) -> tuple[str, tuple[str, str] | None]:
    """The verdict on a claim and its first difference (the claim's side, the source's), if any."""
    result = app.find_quote(claim)
    first = result.differences[0] if result.differences else None
    return result.verdict, (first.claim, first.source) if first else None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("7,500", "7500"),
        ("7.500", "7500"),
        ("7,5 nghìn", "7500"),
        ("3,200万件", "32 triệu"),
        ("32 million", "3,200万"),
        ("14.6 million", "1,460万人"),
        ("14,6 triệu", "14.6 million"),
        ("78 billion USD", "78 tỷ USD"),
    ],
)
def test_numbers_compare_across_languages_and_formats(a, b):
    assert not differences(f"about {a} people", f"about {b} people")


def test_decimals_are_not_thousands():
    assert [q.value for q in quantities("87.9% and 14,6")] == [87.9, 14.6]
    assert [q.value for q in quantities("over 5.600 projects")] == [5600]


def test_dates_compare_across_formats_and_codes_are_not_numbers():
    assert not differences("signed on 15 November 2024", "MOU締結時期 2024年11月15日")
    assert not differences("ký ngày 15 tháng 11 năm 2024", "2024年11月15日")
    assert differences("signed on 16 November 2024", "MOU締結時期 2024年11月15日")
    assert quantities("COVID-19 under Resolution 57-NQ/TW") == []


def test_a_changed_number_is_a_difference_paired_with_the_source():
    found = differences("Around 208 people attended the webinar.", "Around 280 people attended the webinar.")
    assert [(d.kind, d.claim, d.source) for d in found] == [("number", "208", "280")]
    assert contradicts(found)


def test_a_number_the_source_does_not_state_is_not_a_contradiction_but_not_support_either():
    found = differences("The 12 million USD project started.", "The project started.")
    assert found and not contradicts(found)
    # … unless the passage around the sentence states it
    assert not differences("The 12 million USD project started.", "The project started.", "It cost 12 million USD.")


def test_a_substituted_name_differs_but_a_cross_script_name_is_not_compared():
    found = differences(
        "Japanese Ambassador to Vietnam Suga Yoshihide spoke.", "Japanese Ambassador to Vietnam Ito Naoki spoke."
    )
    assert found and found[0].kind == "name" and "suga" in found[0].claim and "ito" in found[0].source
    assert not differences("Ito Naoki spoke.", "伊藤直樹大使が講演した。")
    assert "ito" in names("Ambassador Ito Naoki") and "ambassador" not in names("Ambassador Ito Naoki")


def test_find_quote_gives_verdicts_and_never_supports_a_wrong_number(fake_app: Kizuna):
    right = fake_app.find_quote("Around 280 people attended the webinar")
    assert right.verdict == "supported" and right.supported
    wrong = fake_app.find_quote("Around 208 people attended the webinar")
    assert wrong.verdict == "contradicted" and not wrong.supported
    assert any(d.claim == "208" and d.source == "280" for d in wrong.differences)
    data = wrong.to_dict()
    assert data["verdict"] == "contradicted" and data["supported"] is False
    assert data["differences"][0] == {"kind": "number", "label": "number", "claim": "208", "source": "280"}
    changed = fake_app.find_quote(
        "Over 70 seminars were organised, benefitting 9,000 healthcare professionals and diagnosing 53 HAE patients"
    )
    assert changed.verdict != "supported"


def test_a_verbatim_quote_is_shown_with_the_closing_punctuation_it_ends_with(fake_app: Kizuna):
    # matching ignores punctuation; the match shown keeps the full stop the quote and the text both have
    whole = fake_app.find_quote("Around 280 people attended the webinar which was organised by the Medical Excellence JAPAN and ERIA.")
    assert whole.matches[0].kind == "exact" and whole.matches[0].text.endswith("ERIA.")
    part = fake_app.find_quote("Around 280 people attended the webinar")
    assert part.matches[0].kind == "exact" and part.matches[0].text.endswith("webinar")


def test_a_name_and_its_adjective_are_the_same_name():
    assert not differences("Japanese firms invested in 5,600 projects", "So far, Japan has invested in more than 5,600 projects")


def test_numbers_pair_with_the_closest_source_number():
    found = differences("benefitting 9,000 professionals and diagnosing 53 patients",
                        "benefitting 7,500 professionals, screening over 100 cases and diagnosing 35 patients")
    assert {(d.claim, d.source) for d in found} == {("9,000", "7,500"), ("53", "35")}


def test_a_replaced_word_in_a_literal_match_differs_but_a_typo_does_not():
    from kizuna.answer.claims import replaced_terms

    source = "the company developed the first dengue vaccine licensed for use in Vietnam"
    found = replaced_terms("the company developed the first malaria vaccine licensed for use in Vietnam", source)
    assert [(d.kind, d.claim, d.source) for d in found] == [("term", "malaria", "dengue")]
    assert not replaced_terms("the company developed the frist dengue vacine licenced for use in Vietnam", source)
    assert not replaced_terms("ベトナムで最初のデング熱ワクチン", "ベトナムで最初のマラリアワクチン")
    # a word the dictionary translates as the source's word does, or a verb put for a verb, words it anew
    source = "Dr Kasai gave three reasons for the establishment of a new collaboration platform"
    assert not replaced_terms("Dr Kasai set out three reasons for creating a new collaboration platform", source)
    assert replaced_terms("Dr Kasai gave three reasons for the closure of a new collaboration platform", source)


def test_the_dictionary_tells_a_rewording_from_another_thing():
    from kizuna.answer.claims import replaced_terms
    from kizuna.answer.rewording import alike_in_meaning

    assert alike_in_meaning("creating", "the establishment of") and alike_in_meaning("biggest", "largest")
    assert not alike_in_meaning("malaria", "dengue") and not alike_in_meaning("hospital", "vaccine")
    # words one JMdict word gives in two senses are no rewording of each other (先: first, last)
    for said, stated in [("last", "first"), ("oppose", "support"), ("sell", "donate"), ("receive", "give")]:
        assert not alike_in_meaning(said, stated), said
    # and a verb put for another is one only among verbs that put forward what follows them
    source = "Takeda will donate the first dengue vaccine doses and support the new centre."
    for claim in ("Takeda will sell the first dengue vaccine doses and support the new centre.",
                  "Takeda will donate the last dengue vaccine doses and support the new centre.",
                  "Takeda will donate the first dengue vaccine doses and oppose the new centre."):
        assert replaced_terms(claim, source), claim


def test_a_count_written_as_a_word_states_a_number_and_is_held_against_the_sources_count():
    from kizuna.answer.claims import differences

    assert not differences("日本はベトナムにとって第3位の外国投資国である。", "Japan is the third-largest foreign investor.")
    assert not differences("葛西健氏は理由を3つ挙げた。", "Dr Takeshi Kasai gave three reasons for it.")
    # "the two countries" is no other version of the claim's 5: nothing states 5, nothing contradicts it
    found = differences("Japan will build 5 hospitals.", "The two countries agreed to build hospitals.")
    assert [(d.claim, d.source) for d in found] == [("5", "")]
    # a count the claim spells out differs from the one the source gives, in any language
    pairs = [
        ("Tiến sĩ Kasai đưa ra bốn lý do.", "Dr Takeshi Kasai gave three reasons.", ("bốn", "three")),
        ("Thirty-six HAE patients were diagnosed.", "accurately diagnosing 35 HAE patients", ("Thirty-six", "35")),
        ("公的保険制度と任意保険の三本立て", "公的保険制度と任意保険の二本立て", ("三", "二")),
    ]
    for claim, source, expected in pairs:
        assert [(d.claim, d.source) for d in differences(claim, source)] == [expected]
    # a count the claim gives in digits is held against one the source spells out (above two)
    found = differences("葛西健氏は理由として5点を挙げた。", "Dr Takeshi Kasai gave three reasons for it.")
    assert [(d.claim, d.source) for d in found] == [("5", "three")]
    # but is no obligation, and a number of several words is not read as its first word
    assert not differences("The two countries agreed to build 5 hospitals.", "Both countries agreed to build 5 hospitals.")
    assert not differences("Around two hundred and eighty people attended.", "Around 280 people attended.")
    assert not differences("Phường Ba Đình có 2 bệnh viện.", "There are 2 hospitals in Ba Dinh.")


def test_a_spelled_count_with_a_scale_is_one_number():
    from kizuna.answer.quantities import spelled_numbers

    def read(text: str) -> list[tuple[str, float]]:
        return [(q.text, q.value) for q in spelled_numbers(text)]

    assert read("Japan donated one million doses.") == [("one million", 1e6)]
    assert sorted(read("a million doses; hai triệu liều; five thousand nurses")) == [
        ("a million", 1e6), ("five thousand", 5e3), ("hai triệu", 2e6)
    ]
    assert read("twenty-five million") == [("twenty-five million", 2.5e7)]
    # a number of more words than one and its scale is left unread, whole, in Vietnamese too
    assert read("two hundred and eighty people; one hundred thousand") == []
    for vietnamese in ("ba trăm năm mươi", "hai nghìn năm trăm", "một trăm linh năm", "hai triệu rưỡi", "mười hai nghìn",
                       "hai triệu bốn trăm", "hai mươi người", "mười một triệu"):
        assert read(vietnamese) == [], vietnamese
    assert not differences("Có ba trăm năm mươi người tham dự.", "Có 350 người tham dự.")
    # a rank is no other version of a count, but of a rank
    found = differences("They signed 5 agreements at the meeting.", "They signed agreements at the third meeting.")
    assert [(d.claim, d.source) for d in found] == [("5", "")]
    found = differences("日本は第2位の外国投資国である。", "Japan is the third-largest foreign investor.")
    assert [(d.claim, d.source) for d in found] == [("2", "third")]


def test_a_count_of_other_things_does_not_state_the_claim_s_count():
    from kizuna.answer.claimed_counts import unstated_counts

    reasons = "Dr Takeshi Kasai gave three reasons for a new platform."
    assert unstated_counts("The WHO will fund a programme in three Vietnamese provinces.", reasons, reasons, True)
    assert not unstated_counts("Dr Kasai listed three reasons for the platform.", reasons, reasons, True)
    # a claim that says not what it counts, or a sentence that gives the number bare, is not compared so
    assert not unstated_counts("Dr Kasai listed three.", reasons, reasons, True)
    assert not unstated_counts("Dr Kasai listed three reasons.", "Dr Kasai listed three.", "", True)
    # what is counted: to the first word that names nothing, in any inflection
    assert unstated_counts("Three provinces were chosen.", "Three reasons were given.", "", True)
    assert not unstated_counts("Japan visited three countries.", "a three-country tour", "", True)
    # a count in words the sentence never gives, in the same language too (not "two": "the two countries")
    assert unstated_counts("Japan donated one million doses.", "Japan donated vaccines.", "", True)
    assert not unstated_counts("The two countries agreed.", "Japan and Vietnam agreed.", "", True)


def test_a_section_number_is_no_count_and_a_province_no_billion():
    from kizuna.answer.quantities import quantities

    assert quantities("(1) どのような機関ですか?") == []
    assert [q.value for q in quantities("Việt Nam có 63 tỉnh.")] == [63.0]
    assert [q.value for q in quantities("3 triệu USD, 3,200万件")] == [3e6, 3.2e7]


def test_hospitals_and_organisations_are_read_in_every_language_and_beside_japanese():
    from kizuna.answer.claims import gazetteer_differences
    from kizuna.answer.organisations import HOSPITAL_NAMES, ORGANISATION_NAMES

    assert list(HOSPITAL_NAMES.mentions("Bệnh viện Bạch Mai và ヴィンメック病院")) == ["bach mai", "vinmec"]
    # a Latin name beside Japanese text ends where its letters do
    assert list(ORGANISATION_NAMES.mentions("ASEAN諸国ではベトナムのみです。JICAと協力")) == ["asean", "jica"]
    assert ORGANISATION_NAMES.mentions("the WHOLE programme") == {}
    source = "Around 280 people attended the webinar which was organised by the Medical Excellence JAPAN and ERIA."
    found = gazetteer_differences("このウェビナーは、メディカル・エクセレンス・ジャパンと世界銀行が主催した。", source, source)
    assert [(d.claim, d.source) for d in found] == [("世界銀行", "ERIA")]
    # another country's aid agency credited in place of JICA, in any language
    source = "Improving the Prevention and Control of Viral Hepatitis between the Vietnam Administration of Disease Prevention and JICA."
    for claim in ("The hepatitis project is run with KOICA.", "Dự án viêm gan được triển khai cùng KOICA."):
        assert [(d.claim, d.source) for d in gazetteer_differences(claim, source, source)] == [("KOICA", "JICA")]


def test_a_world_region_is_no_person():
    from kizuna.answer.people import latin_people
    from kizuna.answer.places import REGION_NAMES

    claim = "Giám đốc WHO khu vực Tây Thái Bình Dương, TS. Minoru Akiyama, đã nêu ba lý do."
    assert [name for name, _ in latin_people(claim)] == ["Minoru Akiyama"]
    assert list(REGION_NAMES.mentions("WHO Regional Director for the Western Pacific")) == ["western pacific"]


def test_names_are_compared_without_diacritics_and_places_as_places():
    from kizuna.answer.claims import differences, names, replaced_terms
    from kizuna.answer.people import latin_people

    source = "Two specialised treatment centres have been established in Hanoi and HCM City."
    for claim in ("… in Hà Nội and Ho Chi Minh City.", "… in Ha Noi and Saigon.", "… in Hanoi and HCMC."):
        assert not differences("Two specialised treatment centres have been established " + claim[2:], source)
    assert names("Ambassador Vũ Hồng Nam said") == names("Ambassador Vu Hong Nam said") == {"vu", "hong"}
    assert "regarding" not in names("Regarding medical assistance, Nam highly appreciated the treatment.")
    assert latin_people("The seminar was held on October 15 in Ha Noi.") == ()
    # a person named where the source says "the diplomat" is for the name check, not a replaced word
    assert not replaced_terms(
        "Ambassador Ito Naoki cited the case of Takeda Group as a prime example.",
        "The diplomat cited the case of Takeda Group as a prime example.",
    )


def test_a_bound_put_another_way_is_no_replaced_word_but_one_turned_round_is():
    from kizuna.answer.claims import replaced_terms

    source = "Japan has invested in more than 5,600 projects with a total registered capital exceeding 78 billion USD."
    assert not replaced_terms("Japan has invested in more than 5,600 projects with total registered capital of over 78 billion USD.", source)
    turned = replaced_terms("Japan has invested in more than 5,600 projects with a total registered capital under 78 billion USD.", source)
    assert [(d.claim, d.source) for d in turned] == [("under", "exceeding")]


def test_find_quote_contradicts_a_changed_disease(fake_app: Kizuna):
    result = fake_app.find_quote("the company developed the first malaria vaccine licensed for use in Vietnam")
    assert result.verdict == "contradicted" and any(d.claim == "malaria" for d in result.differences)


def test_a_count_is_never_another_version_of_a_year_a_month_or_a_day():
    # "500 beds" against a sentence dated 2025年11月 states nothing else about beds: not a contradiction
    found = differences("ヴィンメック病院は500床の新病棟を建設した。", "ヴィンメック病院は2025年11月に実施しました。")
    assert found and not contradicts(found)
    assert not contradicts(differences("7,500 people attended in 2019.", "The MoC was signed in 2019 on 15 November."))
    # each still pairs with its own sort: a year with a year, a month with a month, a count with a count
    assert [(d.claim, d.source) for d in differences("signed in 2016", "signed in 2019")] == [("2016", "2019")]
    assert [(d.claim, d.source) for d in differences("signed on 15 December 2024", "2024年11月15日")] == [
        ("15 December 2024", "2024年11月15日")  # a date that differs is shown whole
    ]
    assert [(d.claim, d.source) for d in differences("attended by 820 people in 2021", "280 people, 2021")] == [("820", "280")]


def test_a_date_is_read_whole_not_as_numbers_found_anywhere_in_the_passage():
    # 9/2/2025 is 9 February; the sentence says 9 January, and the passage's 19 February holds the other parts
    claim = "Ngày 9/2/2025, Chính phủ ban hành Nghị quyết số 03/NQ-CP."
    sentence = "以前、政府は2025年1月9日に決議第03/NQ-CP号を発行しました。"
    found = differences(claim, sentence, "2025年2月19日、国会は決議を採択しました。")
    assert contradicts(found) and found[0].source == "2025年1月9日"
    # a date the passage gives whole still bears the claim out ("in 2024" beside the label row's full date)
    assert not differences("signed on 15 November 2024", "ベトナム保健省と神奈川県は、2024年に", "MOU締結時期 2024年11月15日")


def test_a_count_beside_a_changed_date_is_compared_on_its_own_and_the_date_is_one_row():
    found = differences("Ngày 9/2/2025, 2 bệnh viện đã ký thỏa thuận.", "2025年1月9日、3つの病院が協定に署名した。")
    assert sorted((d.claim, d.source) for d in found) == [("2", "3"), ("Ngày 9/2/2025", "2025年1月9日")]
    # a month name is part of the date, not a name put in place of another
    found = differences("On 9 February 2025, 2 hospitals signed.", "On 9 January 2025, 2 hospitals signed.")
    assert [(d.kind, d.claim) for d in found] == [("number", "9 February 2025")]


def test_a_replaced_word_counts_only_in_a_near_literal_match():
    from kizuna.answer.claims import near_literal

    source = "noting that the company developed the first dengue vaccine licensed for use in Vietnam"
    assert near_literal("Takeda developed the first malaria vaccine licensed for use in Vietnam", source)
    assert not near_literal("Takeda opened a vaccine factory in Ho Chi Minh City", source)


def test_a_person_named_in_kanji_is_compared_with_an_english_sentence_through_the_reading():
    from kizuna.answer.people import people_differences

    sentence = "Prime Minister Nguyen Xuan Phuc has held phone talks with his Japanese counterpart Abe Shinzo."
    suga = (("菅義偉 (Suga Yoshihide)", frozenset({"suga", "yoshihide"})),)
    found = people_differences(suga, sentence, sentence)
    assert contradicts(found) and found[0].kind == "name" and "Abe Shinzo" in found[0].source
    assert "Prime" not in found[0].source  # titles split the run of capitalised words into people
    # the person the sentence names, or a sentence naming nobody: nothing differs
    assert not people_differences((("安倍晋三 (Shinzo Abe)", frozenset({"abe", "shinzo"})),), sentence, sentence)
    assert not people_differences(suga, "The two prime ministers held phone talks.", "The two prime ministers held phone talks.")


def test_people_a_latin_script_claim_names_are_read_from_its_capitals_but_not_its_organisations():
    from kizuna.answer.people import latin_people, people_differences

    claim = "Thủ tướng Nguyễn Xuân Phúc đã điện đàm với người đồng cấp Nhật Bản Suga Yoshihide tại Bệnh viện Bạch Mai."
    assert [name for name, _ in latin_people(claim)] == ["Nguyễn Xuân Phúc", "Suga Yoshihide"]
    # a family name as common as Nguyễn says nothing of whom a document names
    assert dict(latin_people(claim))["Nguyễn Xuân Phúc"] == {"xuan", "phuc"}
    assert latin_people("He visited Bach Mai Hospital and the Medical Excellence Japan office.") == ()
    # a scheme's name made of English words is no person ("Social Security" need not be heard in katakana)
    assert latin_people("Its public scheme, Vietnam Social Security, was set up in 1992.") == ()
    source = "Prime Minister Nguyen Xuan Phuc has held phone talks with his Japanese counterpart Abe Shinzo."
    found = people_differences(latin_people(claim), source, source)
    # the people the sentence names besides the claim's own
    assert [(d.claim, d.source) for d in found] == [("Suga Yoshihide", "Abe Shinzo")]
    assert not people_differences(latin_people(source), source, source)


def test_a_ministry_is_the_same_ministry_in_every_language_and_under_every_name():
    from kizuna.answer.ministries import mentions

    assert list(mentions("thuộc Bộ Tài chính, cho biết")) == ["finance"]
    assert mentions("under the Ministry of Planning and Investment (MoPI)") == {
        "planning and investment": "Ministry of Planning and Investment"
    }
    # the long name is taken whole, and a ministry named by function is the same in both governments
    assert mentions("Japan's Ministry of Health, Labour and Welfare and ベトナム保健省") == {
        "health": "Ministry of Health, Labour and Welfare"
    }
    assert list(mentions("Bộ Kế hoạch và Đầu tư và Bộ Y tế")) == ["planning and investment", "health"]
    assert mentions("the MOST important step for health") == {}  # not an abbreviation of ours


def test_a_claim_naming_another_ministry_than_the_source_is_contradicted_in_any_language():
    from kizuna.answer.claims import gazetteer_differences

    source = "Nguyen Anh Tuan of the Foreign Investment Agency under the Ministry of Planning and Investment said …"
    document = "… Ministry of Health … " + source
    found = gazetteer_differences("Ông Tuấn, Cục Đầu tư nước ngoài thuộc Bộ Tài chính, cho biết …", source, document)
    assert contradicts(found) and found[0].claim == "Bộ Tài chính" and "Planning and Investment" in found[0].source
    assert gazetteer_differences("財務省の副長官は…と述べた", source, document)[0].claim == "財務省"
    # the same ministry in another language, one the document names elsewhere, or a sentence naming none
    assert not gazetteer_differences("thuộc Bộ Kế hoạch và Đầu tư", source, document)
    assert not gazetteer_differences("ベトナム保健省は…", source, document)
    assert not gazetteer_differences("Bộ Tài chính cho biết", "Japan is the largest ODA provider.", document)


def test_countries_and_cities_are_read_in_every_language_but_not_inside_other_words():
    from kizuna.answer.places import CITY_NAMES, COUNTRY_NAMES

    assert list(COUNTRY_NAMES.mentions("hợp tác với Đức và Hàn Quốc")) == ["germany", "korea"]
    assert list(COUNTRY_NAMES.mentions("国立小児病院はドイツおよびシンガポールと協力して")) == ["germany", "singapore"]
    # a given name, a katakana word that holds a country's name, the word for tuberculosis: no country
    assert COUNTRY_NAMES.mentions("Phó Thủ tướng Vũ Đức Đam") == {}
    assert COUNTRY_NAMES.mentions("インドネシアのタイトル") == {"indonesia": "インドネシア"}
    assert COUNTRY_NAMES.mentions("bệnh lao và lao động") == {}
    assert CITY_NAMES.mentions("TP Hồ Chí Minh và Hà Nội") == {"ho chi minh city": "TP Hồ Chí Minh", "hanoi": "Hà Nội"}
    assert CITY_NAMES.mentions("ホーチミン市に設立") == {"ho chi minh city": "ホーチミン"}


def test_a_claim_that_puts_a_thing_in_another_country_or_city_is_contradicted_across_languages():
    from kizuna.answer.claims import gazetteer_differences

    source = "現在、国立小児病院はドイツおよびシンガポールと協力して、研究プロファイルと概要を完成させています。"
    found = gazetteer_differences("Bệnh viện Nhi Trung ương hợp tác với Đức và Hàn Quốc", source, source)
    assert [(d.claim, d.source) for d in found] == [("Hàn Quốc", "シンガポール")]
    assert not gazetteer_differences("Bệnh viện Nhi Trung ương hợp tác với Đức và Singapore", source, source)
    workshop = "保健省が本日(11月17日)ハノイで開催した、ワークショップ"
    found = gazetteer_differences("The ministry held the workshop in Ho Chi Minh City.", workshop, workshop)
    assert [(d.claim, d.source) for d in found] == [("Ho Chi Minh City", "ハノイ")]
    # a city against a country is not another place of the same kind
    assert not gazetteer_differences("The workshop was held in Singapore.", workshop, workshop)


@pytest.mark.models
def test_find_quote_contradicts_a_vietnamese_claim_that_names_another_ministry(real_app: Kizuna):
    claim = (
        "Ông Nguyễn Anh Tuấn, Phó Cục trưởng Cục Đầu tư nước ngoài thuộc {}, "
        "cho biết Nhật Bản là nhà cung cấp vốn ODA lớn nhất cho Việt Nam."
    )
    wrong = real_app.find_quote(claim.format("Bộ Tài chính"))
    assert wrong.verdict == "contradicted" and wrong.differences[0].claim == "Bộ Tài chính"
    assert real_app.find_quote(claim.format("Bộ Kế hoạch và Đầu tư")).verdict == "supported"
    # a ministry's words are not a topic to be found as written: 財務省 in a Japanese text is another ministry
    kanagawa = real_app.find_quote("ベトナム財務省と神奈川県は2024年にMOUを締結した。")
    assert kanagawa.verdict == "contradicted" and (kanagawa.differences[0].claim, kanagawa.differences[0].source) == (
        "財務省",
        "保健省",
    )


@pytest.mark.models
def test_find_quote_contradicts_a_claim_that_puts_a_project_with_another_country(real_app: Kizuna):
    claim = "Bệnh viện Nhi Trung ương đang hợp tác với Đức và {} để hoàn thiện hồ sơ nghiên cứu CAR-T."
    wrong = real_app.find_quote(claim.format("Hàn Quốc"))
    assert wrong.verdict == "contradicted" and (wrong.differences[0].claim, wrong.differences[0].source) == (
        "Hàn Quốc",
        "シンガポール",
    )
    assert real_app.find_quote(claim.format("Singapore")).verdict != "contradicted"


@pytest.mark.models
def test_find_quote_contradicts_a_claim_that_puts_a_person_the_documents_never_name_in_place_of_one(real_app: Kizuna):
    claim = "Prime Minister Nguyen Xuan Phuc held phone talks with his Japanese counterpart {} on the COVID-19 pandemic."
    wrong = real_app.find_quote(claim.format("Suga Yoshihide"))
    assert wrong.verdict == "contradicted" and wrong.differences[0].claim == "Suga Yoshihide"
    assert "Abe Shinzo" in wrong.differences[0].source
    assert real_app.find_quote(claim.format("Abe Shinzo")).verdict == "supported"


@pytest.mark.models
def test_a_person_named_in_full_elsewhere_in_the_document_is_named_by_part_of_the_name(real_app: Kizuna):
    # the passage says "Nam highly appreciated …"; the article names Ambassador Vu Hong Nam in full earlier
    claim = "Ambassador Vu Hong Nam highly appreciated the Japanese Government's free treatment for foreign COVID-19 patients."
    assert real_app.find_quote(claim).verdict == "supported"
    # a Vietnamese title abbreviation (TS, tiến sĩ) is no name to be looked for
    kasai = "Theo TS Takeshi Kasai, nền tảng hợp tác mới sẽ giúp hai nước chia sẻ kinh nghiệm và công nghệ."
    assert real_app.find_quote(kasai).verdict != "contradicted"


@pytest.mark.models
def test_a_sentence_naming_everything_else_the_claim_names_contradicts_its_city(real_app: Kizuna):
    # the document names Hanoi elsewhere (another company's address): the sentence on Alcopha itself says
    # Ho Chi Minh City
    wrong = real_app.find_quote("アルフレッサホールディングスは2013年、合弁会社Alcophaをハノイ市に設立した。")
    assert wrong.verdict == "contradicted"
    assert (wrong.differences[0].claim, wrong.differences[0].source) == ("ハノイ", "ホーチミン")
    right = real_app.find_quote("アルフレッサホールディングスは2013年、合弁会社Alcophaをホーチミン市に設立した。")
    assert right.verdict == "supported"
    # a Latin-script claim: the Japanese sentence writes two of its names alike (Codupha, Alcopha)
    claim = "In 2013 Alfresa Holdings and Codupha set up the joint venture Alcopha in Hanoi."
    assert verdict_of(real_app, claim) == ("contradicted", ("Hanoi", "ホーチミン"))
    claim = "Năm 2013, Alfresa Holdings cùng Codupha lập công ty liên doanh Alcopha ở TP Hồ Chí Minh."
    assert verdict_of(real_app, claim) == ("supported", None)


@pytest.mark.models
def test_a_neighbour_in_another_language_can_contradict_a_claim_it_is_too_far_from_to_support(real_app: Kizuna):
    # a Vietnamese claim scores lower against an English sentence (no word can match): the number is still
    # held against it, while support needs the stricter semantic_min
    settings = real_app.settings.quotes
    assert settings.semantic_min_across < settings.semantic_min
    wrong = real_app.find_quote("Tổng vốn đăng ký đầu tư của Nhật Bản tại Việt Nam đã vượt 87 tỷ USD.")
    assert wrong.verdict == "contradicted"
    assert (wrong.differences[0].claim, wrong.differences[0].source) == ("87 tỷ", "78 billion")
    assert "invested" in wrong.matches[0].text  # the English sentence
    assert real_app.find_quote("Tổng vốn đăng ký đầu tư của Nhật Bản tại Việt Nam đã vượt 78 tỷ USD.").verdict != (
        "contradicted"
    )


@pytest.mark.models
def test_a_neighbour_in_another_language_bears_a_claim_out_only_if_it_says_any_of_it(real_app: Kizuna):
    # Bạch Mai cannot be seen in a Japanese text: a sentence about digital health merely sounded alike
    invented = real_app.find_quote("Bệnh viện Bạch Mai đã nhận máy thở do Nhật Bản sản xuất trong đại dịch COVID-19.")
    assert invented.verdict != "supported"
    # a translation that says what its source says is still borne out across languages
    translated = real_app.find_quote("Hơn 14,6 triệu người dân đã tích hợp hồ sơ sức khỏe điện tử vào VNeID.")
    assert translated.verdict == "supported" and "1,460万人" in translated.matches[0].text


@pytest.mark.models
def test_a_vietnamese_translation_is_found_by_what_it_states_in_another_language(real_app: Kizuna):
    # e5-small scores a Vietnamese claim nearly alike against any English or Japanese sentence: the sentence
    # that states its numbers, places and words (anchors) is the one it comes from
    right = real_app.find_quote("Hai trung tâm điều trị chuyên sâu đã được mở tại Hà Nội và Thành phố Hồ Chí Minh.")
    assert right.verdict == "supported"
    assert "specialised treatment centres" in right.matches[0].text
    wrong = real_app.find_quote("Ba trung tâm điều trị chuyên sâu đã được mở tại Hà Nội và Thành phố Hồ Chí Minh.")
    assert wrong.verdict == "contradicted"
    assert [(d.claim, d.source) for d in wrong.differences] == [("Ba", "Two")]
    year = "Năm 2016, Đại học Y tế và Phúc lợi Quốc tế mở một cơ sở khám sức khỏe ở TP Hồ Chí Minh."
    assert verdict_of(real_app, year) == ("contradicted", ("2016", "2018"))


@pytest.mark.models
def test_a_person_in_katakana_is_looked_for_in_latin_letters(real_app: Kizuna):
    # the English sentence names Dang Quang Tan: a Japanese claim naming him is borne out by it, one naming
    # another director is not
    assert real_app.find_quote("国際協力局長のダン・クアン・タン氏は、日本は重要なパートナーだと述べた。").verdict == "supported"
    other = real_app.find_quote("国際協力局長のグエン・アイン・トゥアン氏は、日本は重要なパートナーだと述べた。")
    assert other.verdict != "supported"


@pytest.mark.models
def test_a_japanese_company_or_institute_the_passage_does_not_name_is_not_borne_out(real_app: Kizuna):
    # the passage is about あすか製薬: a claim that another company bought the shares is not supported by it
    towa = real_app.find_quote("東和薬品は2020年、ハノイ市の製薬会社ハタイ製薬の株式を取得した。")
    assert towa.verdict != "supported"
    assert real_app.find_quote("あすか製薬は2020年、ハノイ市の製薬会社ハタイ製薬の株式を取得した。").verdict == "supported"


@pytest.mark.models
def test_an_organisation_named_twice_is_compared_as_one_group(real_app: Kizuna):
    # "日本貿易振興機構（JETRO）" names JETRO twice: its Latin abbreviation is no name the document must hold
    hosts = "280人ほどが参加したウェビナーを主催したのは、Medical Excellence JAPANと{}だった。"
    assert verdict_of(real_app, hosts.format("日本貿易振興機構（JETRO）")) == ("contradicted", ("日本貿易振興機構", "ERIA"))
    assert verdict_of(real_app, hosts.format("ERIA")) == ("supported", None)


def test_a_gazetteer_lists_every_name_a_text_uses_for_a_group():
    from kizuna.answer.organisations import ORGANISATION_NAMES

    text = "日本貿易振興機構（JETRO）とERIA"
    assert ORGANISATION_NAMES.names_in(text) == {"日本貿易振興機構", "JETRO", "ERIA"}
    assert ORGANISATION_NAMES.mentions(text) == {"jetro": "日本貿易振興機構", "eria": "ERIA"}


@pytest.mark.models
def test_another_company_or_hospital_of_the_same_kind_is_no_support(real_app: Kizuna):
    # the Japanese passage credits ヴィンメック病院 (Vinmec) and 大正製薬 (Taisho)
    trial = "In November 2025 {} Hospital approved and carried out a clinical trial protocol on personalised 3D printing."
    assert real_app.find_quote(trial.format("Tam Anh")).verdict != "supported"
    assert real_app.find_quote(trial.format("Vinmec")).verdict == "supported"
    owner = "In 2019 {} made Hau Giang Pharmaceutical, Vietnam's largest drugmaker, its consolidated subsidiary."
    assert verdict_of(real_app, owner.format("Astellas Pharma")) == ("contradicted", ("Astellas Pharma", "大正製薬"))
    assert verdict_of(real_app, owner.format("Taisho Pharmaceutical")) == ("supported", None)


@pytest.mark.models
def test_a_title_before_a_name_is_no_name_the_source_must_repeat(real_app: Kizuna):
    # the source says "Nam highly appreciated …" a passage after naming Ambassador Vu Hong Nam
    claim = (
        "According to Ambassador Vu Hong Nam, the Japanese government treated foreign COVID-19 patients free of "
        "charge although medical costs in Japan are high."
    )
    assert real_app.find_quote(claim).verdict == "supported"


def test_a_number_a_sentence_leaves_unsaid_may_be_said_in_the_passage_before_it():
    from kizuna.answer.claims import stated_nearby

    claim = "Under the 2025–2026 framework, the pharmaceutical sector has 9 core tasks."
    sentence = "The pharmaceutical sector has nine core tasks, including new-generation vaccines."
    found = differences(claim, sentence)
    assert found and all(d.kind == "number" and not d.source for d in found)  # 2025, 2026 unsaid
    assert stated_nearby(found, "The ministry built a framework for 2025-2026 breakthrough tasks.") == []
    assert stated_nearby(found, "The ministry built a framework for 2030.") == found
    # a number the sentence states otherwise stays a difference, whatever the text before says
    otherwise = differences("The pharmaceutical sector has 12 core tasks.", "The pharmaceutical sector has 9 core tasks.")
    assert contradicts(otherwise) and stated_nearby(otherwise, "Of its 12 programmes…") == otherwise


def test_a_capital_stands_for_its_government_only_where_a_claim_is_borne_out():
    from kizuna.answer.places import CITY_NAMES, COUNTRY_NAMES, spoken_of

    passage = "Japanese Ambassador Ito Naoki said that the two countries have agreed on new pillars."
    assert spoken_of(CITY_NAMES, "tokyo", passage)  # "Tokyo and Hanoi have agreed…": Japan's government
    assert not spoken_of(CITY_NAMES, "osaka", passage)  # a city that is no capital is not its country
    assert not spoken_of(CITY_NAMES, "tokyo", "The two countries have agreed on new pillars.")
    assert spoken_of(COUNTRY_NAMES, "japan", passage)
    assert not CITY_NAMES.speaks_of("tokyo", passage)  # the gazetteer itself is unchanged (questions' places)


def test_a_country_is_spoken_of_by_naming_one_of_its_cities_or_prefectures():
    from kizuna.answer.places import COUNTRY_NAMES, spoken_of

    # "Vietnam's Ministry of Health and Japan's Kanagawa Prefecture signed…" against a profile that names
    # 神奈川県 and never writes 日本
    assert spoken_of(COUNTRY_NAMES, "japan", "ベトナム保健省と神奈川県は、2024年にMOUを締結しています。")
    assert spoken_of(COUNTRY_NAMES, "japan", "The webinar was held in Himeji on 27 October 2021.")
    assert spoken_of(COUNTRY_NAMES, "vietnam", "Two centres were established in Hanoi and HCM City.")
    # a city is its own country's, and a Vietnamese province (tỉnh) is no Japanese prefecture
    assert not spoken_of(COUNTRY_NAMES, "japan", "Two centres were established in Hanoi and HCM City.")
    assert not spoken_of(COUNTRY_NAMES, "japan", "Tỉnh Quảng Nam đã ký kết hợp tác.")
    assert not spoken_of(COUNTRY_NAMES, "vietnam", "The webinar was held in Himeji.")
    assert not spoken_of(COUNTRY_NAMES, "japan", "The Prefecture announced a plan.")
    # every city of the gazetteer has its country (a city added without one would speak of none)
    from kizuna.answer.places import CITIES, CITY_COUNTRY

    assert set(CITY_COUNTRY) == set(CITIES)


def test_titles_in_english_words_and_document_numbers_are_read_from_a_claim():
    from kizuna.answer.claims import code_differences, english_titles

    claim = (
        "In March 2014 Japan's Ministry of Health, Labour and Welfare and Vietnam's Ministry of Health concluded "
        "the Memorandum of Cooperation in the Field of Medicine and Health."
    )
    # the ministry is a gazetteer name, taken whole (not "Labour and Welfare" left over); people are no titles
    assert english_titles(claim) == [
        ("Memorandum of Cooperation in the Field of Medicine and Health", ("memorandum", "cooperation", "field", "medicine", "health"))
    ]
    assert english_titles("Vice Minister Nguyen Truong Son spoke.") == []
    # a resolution of the Party put in place of another; the same number written otherwise is no difference
    found = code_differences("Nghị quyết 68-NQ/TW của Bộ Chính trị", "決議第57-NQ/TW号は、生産力の開発")
    assert [(d.claim, d.source) for d in found] == [("68-NQ/TW", "57-NQ/TW")]
    assert code_differences("Quyết định 787/QĐ-BYT", "決定第787/QD-BYT号") == []
    assert code_differences("Quyết định 788/QĐ-BYT", "計画第2121/KH-BYT号") == []  # a plan is another kind
    assert code_differences("Quyết định 787/2024/QĐ-BYT", "決定第787/QD-BYT号") == []  # its year written in


def test_a_count_of_the_same_thing_in_the_same_words_is_recounted():
    from kizuna.answer.quantities import counted_phrases, recounted

    source = "Orbis ran 12 mobile clinics, trained 7,500 healthcare professionals and accurately diagnosed 35 HAE patients."
    assert ("35 HAE patients", 35.0, ("hae", "patients")) in counted_phrases(source)
    assert not any(words[0] == "the" for _, _, words in counted_phrases("In 2031 the ministry opened 4 clinics"))
    # what is counted stops at punctuation and at words that count nothing; a label's number counts nothing
    assert [w for _, _, w in counted_phrases("35 patients, and 500 beds and wards")] == [("patients",), ("beds",)]
    assert counted_phrases("a Phase 2 clinical trial at 10 am local time") == []
    assert recounted("Orbis has led to the diagnosis of 53 HAE patients.", source) == [("53 HAE patients", "35 HAE patients")]
    assert recounted("Orbis diagnosed thirty HAE patients in all.", source) == [("thirty HAE patients", "35 HAE patients")]
    assert not recounted("Orbis has led to the diagnosis of 35 HAE patients.", source)  # the same count
    assert not recounted("Orbis trained 9,000 nurses.", source)  # another thing counted
    # another sentence found gives the claim's count of that thing: the two may count at different times
    assert not recounted("Orbis diagnosed 53 HAE patients.", source, elsewhere="By 2032, 53 HAE patients had been diagnosed.")


def test_a_paraphrased_claim_with_a_changed_count_is_contradicted(real_app: Kizuna):
    claim = "The hereditary angioedema programme run by Takeda and its partners led to the accurate diagnosis of {} HAE patients."
    wrong = real_app.find_quote(claim.format(53))
    # paired with the count of the same thing, not with the nearest number ("over 70 seminars")
    assert wrong.verdict == "contradicted" and ("53", "35") in {
        (d.claim.split()[0], d.source.split()[0]) for d in wrong.differences
    }
    assert real_app.find_quote(claim.format(35)).verdict != "contradicted"
    # worded too far from the source to weigh as its neighbour, the count of the same thing still differs
    loose = real_app.find_quote("Thanks to Takeda's hereditary angioedema programme, 53 HAE patients in Vietnam have been accurately diagnosed.")
    assert loose.verdict == "contradicted" and loose.differences[0].source == "35 HAE patients"
    # a count worded alike in a sentence about another event is no contradiction: the claim names nothing
    # the document names besides what it counts
    for other in ("The three countries have agreed to share data on influenza outbreaks.",
                  "Over 300 people attended the ceremony for the new dengue vaccine in Hanoi.",
                  "Only 12 suspected cases of measles were reported in Da Nang last winter."):
        assert real_app.find_quote(other).verdict == "not found", other


def test_a_changed_count_pairs_with_the_count_of_the_same_thing():
    found = differences(
        "Orbis diagnosed 53 HAE patients.", "Over 70 seminars were held and Orbis diagnosed 35 HAE patients."
    )
    assert [(d.claim, d.source) for d in found if d.kind == "number"] == [("53", "35")]


def test_a_claim_s_first_word_is_a_name_when_no_dictionary_knows_it():
    from kizuna.answer.terms import opening_name

    assert opening_name("Astellas developed the first dengue vaccine.") == "astellas"
    assert opening_name("  Zentara opened a clinic.") == "zentara"
    assert opening_name("The company developed it.") is None and opening_name("What did Orbis do?") is None
    assert opening_name("Vaccines were developed.") is None  # an English word
    assert opening_name("Bộ Y tế đã công bố.") is None  # a Sino-Vietnamese syllable


def test_a_company_put_first_in_place_of_the_source_s_is_not_supported(real_app: Kizuna):
    bare = real_app.find_quote("Astellas developed the first dengue vaccine licensed for use in Vietnam.")
    assert bare.verdict != "supported"
    named = real_app.find_quote("アステラス製薬はベトナムで初めて承認されたデング熱ワクチンを開発した。")
    assert named.verdict == "contradicted" and any("Takeda" in d.source for d in named.differences)
    assert real_app.find_quote("Takeda developed the first dengue vaccine licensed for use in Vietnam.").verdict == "supported"


def test_a_date_that_differs_is_shown_as_a_date():
    from kizuna.answer.claims import Difference

    assert Difference("number", "27 November 2021", "27 October 2021").label == "date"
    assert Difference("number", "2019", "2021").label == "number"  # a year alone may be a count (2010 nurses)
    found = differences("The memorandum was signed in 2019 and trained 3,000 nurses.", "It was signed in 2021 and trained 2,500 nurses.")
    assert {(d.claim, d.label) for d in found} == {("2019", "date"), ("3,000", "number")}  # read as a year, a count
    assert Difference("number", "3年間", "5年間").label == "number" and Difference("number", "6 tháng", "").label == "number"
    assert Difference("number", "2024年12月", "2024年11月15日").label == "date"
    assert Difference("number", "9,000", "7,500").label == "number"
    assert Difference("number", "2019 patients", "").label == "number"
    assert Difference("name", "Astellas", "Takeda").to_dict()["label"] == "name"


def test_a_country_a_claim_speaks_of_by_its_adjective_is_not_another_country():
    from kizuna.answer.claims import gazetteer_differences

    source = "あすか製薬は、2020年にベトナムの製薬会社であるHa Tay Pharmaceutical Joint Stock Companyの株式を取得しています。"
    claim = "In 2020, Japan's ASKA Pharmaceutical acquired shares in the {} drugmaker Ha Tay Pharmaceutical."
    assert gazetteer_differences(claim.format("Vietnamese"), source, source) == []
    # a country named nowhere in the claim still differs
    assert gazetteer_differences(claim.format("Thai").replace("Japan's", "Korea's"), source, source)


def test_a_japanese_company_s_name_is_heard_with_its_devoiced_vowel_dropped():
    from kizuna.answer.companies import another_body

    sentence = "あすか製薬は、2020年にベトナムの製薬会社であるHa Tay Pharmaceutical(ハタイ製薬)の株式を取得しています。"
    # あすか is ASKA as well as Asuka
    assert another_body("Năm 2020, công ty Aska Pharmaceutical đã mua cổ phần của Dược phẩm Hà Tây.", sentence) is None
    assert another_body("Năm 2020, công ty Asuka Pharmaceutical đã mua cổ phần của Dược phẩm Hà Tây.", sentence) is None
    other = another_body("Năm 2020, công ty Otsuka Pharmaceutical đã mua cổ phần của Dược phẩm Hà Tây.", sentence)
    assert other is not None and other[1].shown == "あすか製薬"


def test_a_plan_the_source_does_not_state_is_not_borne_out():
    from kizuna.answer.claims import plan_unstated

    done = "The diplomat noted that Takeda developed the first dengue vaccine licensed for use in Vietnam."
    assert plan_unstated("Takeda plans to build a dengue vaccine factory in Vietnam.", done)
    assert plan_unstated("TS Takeshi Kasai cho biết WHO sẽ cử chuyên gia sang hỗ trợ Việt Nam.", done)
    assert plan_unstated("あすか製薬は、医薬品を日本へ輸出する計画を発表した。", done)
    # a plan the source states too, and the nouns that name plans (a document, a research plan), are no obstacle
    assert not plan_unstated("Takeda will build a factory.", "Takeda is expected to open a plant in 2026.")
    assert not plan_unstated("国立小児病院がドイツと連携して研究計画の取りまとめを進めている。", done)
    assert not plan_unstated("Kế hoạch hành động chăm sóc sức khỏe người cao tuổi được ban hành năm 2021.", done)
    assert not plan_unstated("Takeda developed the first dengue vaccine.", done)
    # a target or an aim set is a plan too, in each language
    assert plan_unstated("The ministry has set a target of 50 million linked records by 2026.", done)
    assert plan_unstated("The ministry aims to link 50 million records by 2026.", done)
    assert plan_unstated("Bộ Y tế đặt mục tiêu tích hợp 40 triệu hồ sơ vào năm 2027.", done)
    assert plan_unstated("保健省は2027年までに4,000万件の統合を目標としている。", done)
    assert not plan_unstated("保健省は2027年までに4,000万件の統合を目標としている。", "2030年までの目標を定めた。")
    assert not plan_unstated("The target group was older people.", done)
    assert not plan_unstated("2019年時点での加入率は97.9%となり、目標に達した。", done)


def test_the_planned_clause_is_what_the_plan_word_governs():
    from kizuna.answer.claims import Difference, all_planned, planned_clause

    assert planned_clause("Kanagawa plans to open an office in Hanoi in 2026. It signed in 2024.") == "plans to open an office in Hanoi in 2026"
    assert planned_clause("国際医療福祉大学は、2026年にハノイで施設を開設する予定だ。") == "2026年にハノイで施設を開設する予定"
    assert planned_clause("Takeda developed the first dengue vaccine.") == ""
    relative = "The university, which aims to serve residents, opened a centre in 2016."
    assert not all_planned(relative, [Difference("number", "2016", "2018")])
    late = "Around 380 people attended the webinar, which aims to deepen cooperation."
    assert not all_planned(late, [Difference("number", "380", "280")])
    early = "The university plans to open a centre in Hanoi in 2026."
    assert all_planned(early, [Difference("number", "2026", "2018"), Difference("number", "Hanoi", "")])


def test_an_invented_plan_about_a_real_subject_is_not_supported(real_app):
    # the sentence on Takeda's dengue vaccine says what was done, not that a plant is planned
    assert real_app.find_quote("Takeda announced plans to build a dengue vaccine manufacturing plant in Vietnam.").verdict != "supported"
    assert real_app.find_quote("Takeda developed the first dengue vaccine licensed for use in Vietnam.").verdict == "supported"


@pytest.mark.models
def test_a_plan_is_not_contradicted_by_what_was_done_at_another_date(real_app: Kizuna):
    # the source says the university opened its centre in Ho Chi Minh City in 2018: a second centre planned
    # elsewhere for another year is not in the corpus, neither borne out nor said otherwise
    planned = "The International University of Health and Welfare plans to open a second medical check-up centre in Hanoi in 2027."
    assert real_app.find_quote(planned).verdict == "not found"
    assert real_app.find_quote("Vietnam's Ministry of Health and Kanagawa Prefecture will sign a new memorandum in 2027.").verdict == "not found"
    # the same event with its date changed is still contradicted
    done = "The International University of Health and Welfare opened a medical check-up centre in Ho Chi Minh City in 2016."
    result = real_app.find_quote(done)
    assert result.verdict == "contradicted" and ("2016", "2018") in {(d.claim, d.source) for d in result.differences}
    # an aim the claim adds to what was done does not excuse the count or the date it gives of that
    for claim, pair in [
        ("Around 380 people attended the webinar organised by Medical Excellence JAPAN and ERIA, which aims to deepen cooperation.", ("380", "280")),
        ("ベトナム保健省と神奈川県は2023年にMOUを締結し、両地域の発展を目標としている。", ("2023", "2024")),
    ]:
        result = real_app.find_quote(claim)
        assert result.verdict == "contradicted" and pair in {(d.claim, d.source) for d in result.differences}, claim


@pytest.mark.models
def test_a_lower_neighbour_does_not_contradict_a_claim_whose_numbers_a_closer_sentence_states(real_app: Kizuna):
    # the closest sentence states 30 and 2025–2030 but its passage does not name the department the claim
    # adds; the next one, of 2025–2026, is not what the claim says otherwise
    claim = (
        "Dr Nguyen Ngo Quang, who heads the Department of Science, Technology and Training at the Ministry of "
        "Health, said 30 breakthrough tasks and topics for 2025–2030 had been approved and were ready to be carried out."
    )
    assert real_app.find_quote(claim).verdict == "not found"
    changed = real_app.find_quote(claim.replace("said 30", "said 40"))
    assert changed.verdict == "contradicted" and ("40", "30") in {(d.claim, d.source) for d in changed.differences}
    # a name the sentence below states otherwise still contradicts: the closer one only outweighs numbers
    swapped = real_app.find_quote(claim.replace("at the Ministry of Health", "at the Ministry of Planning and Investment"))
    assert swapped.verdict == "contradicted" and any(d.kind == "name" for d in swapped.differences)


@pytest.mark.models
def test_a_country_beside_a_body_it_owns_is_spoken_of_by_the_document_of_the_passage_naming_the_body(real_app: Kizuna):
    # the Japanese passage names 国立小児病院 and not ベトナム: its article, about Vietnam's ministry, does
    claim = "Vietnam's National Children's Hospital is cooperating with Germany and Singapore on research into CAR-T immune cell therapy for cancer."
    assert real_app.find_quote(claim).verdict == "supported"
    assert real_app.find_quote(claim.replace("Vietnam's", "Japan's")).verdict != "supported"
    assert real_app.find_quote(claim.replace("Germany and Singapore", "Korea")).verdict == "contradicted"


@pytest.mark.models
def test_a_sentence_in_another_language_speaks_of_a_claim_by_its_distinctive_counts_or_its_companies(real_app: Kizuna):
    # "280 người" is "280 people": no word of the claim is in the English sentence, its count is
    assert real_app.find_quote("Có khoảng 280 người tham dự hội thảo trực tuyến.").verdict == "supported"
    assert real_app.find_quote("Có khoảng 280 người tham dự lễ ký kết tại Đà Nẵng.").verdict != "supported"
    # あすか製薬 is Aska Pharmaceutical, and the Japanese sentence writes Ha Tay in Latin letters
    aska = "Công ty Aska Pharmaceutical đã mua cổ phần của Dược phẩm Hà Tây vào năm 2020."
    assert real_app.find_quote(aska).verdict == "supported"
    assert real_app.find_quote(aska.replace("Hà Tây", "Hậu Giang")).verdict != "supported"


def test_a_body_is_named_as_a_word_and_a_figure_is_distinctive_by_its_digits():
    from kizuna.answer.companies import bodies, names_body
    from kizuna.answer.quantities import significant_digits

    hospital_e = next(b for b in bodies("Bệnh viện E đã tiếp nhận máy thở.") if b.name == "E")
    assert not names_body(hospital_e, "The Japanese government will support the new centre.")
    aska = next(b for b in bodies("Aska Pharmaceutical acquired shares.") if "aska" in b.name.lower())
    assert names_body(aska, "あすか製薬は、2020年にHa Tay Pharmaceuticalの株式を取得")
    # 280 is said of few things; 3 (triệu), 30 or 50 (tỷ) of many
    assert [significant_digits(x) for x in (280, 7500, 3, 30, 50)] == [2, 2, 1, 1, 1]


def test_a_disease_put_in_place_of_another_differs_only_beside_a_body_the_claim_names():
    from kizuna.answer.claims import gazetteer_differences
    from kizuna.answer.diseases import disease_mentions

    source = "Improving the Prevention and Control of Viral Hepatitis between the Vietnam Administration of Disease Prevention and JICA."
    claim = "Dự án phòng, chống bệnh lao giữa Cục Phòng bệnh Việt Nam và JICA."
    assert ("bệnh lao", "Hepatitis") in {(d.claim, d.source) for d in gazetteer_differences(claim, source, source)}
    assert gazetteer_differences(claim.replace("bệnh lao", "viêm gan virus"), source, source) == []
    # a sentence on another subject names another disease, not another version of the claim's
    other = "- 研究協力 - mRNA技術を用いた肺がんワクチン製造のための技術移転。"
    assert gazetteer_differences("Takeda sẽ sản xuất vắc xin sốt xuất huyết tại Việt Nam.", other, other) == []
    # names are read with their diacritics, as words: none of these is a disease
    for text in ("Bộ Y tế, Lao động và Phúc lợi", "chống lao động trẻ em", "bệnh lão khoa", "Từ kỳ này", "đầu tư kỹ thuật",
                 "bài nào", "đốt quý", "a stroke of luck", "それはしかたない", "がんばる", "cụm dân cư"):
        assert disease_mentions(text) == {}, text
    assert set(disease_mentions("コロナ禍で, Covid19")) == {"covid-19"}
    assert disease_mentions("MERSコロナウイルス, ガンダム") == {}  # another coronavirus; a katakana word
    assert set(disease_mentions("sốt rét, 結核, dengue, phù mạch di truyền (HAE), tự kỷ, 肺がん")) == {
        "malaria", "tuberculosis", "dengue", "hae", "autism", "cancer"
    }


@pytest.mark.models
def test_a_vietnamese_claim_naming_another_disease_for_a_jica_project_is_contradicted(real_app: Kizuna):
    claim = "Một trong các dự án đáng chú ý là dự án phòng, chống bệnh sốt rét giữa Cục Phòng bệnh Việt Nam và JICA."
    result = real_app.find_quote(claim)
    assert result.verdict == "contradicted" and ("sốt rét", "Hepatitis") in {(d.claim, d.source) for d in result.differences}
    assert real_app.find_quote(claim.replace("bệnh sốt rét", "viêm gan virus")).verdict == "supported"


@pytest.mark.models
def test_a_claim_naming_a_disease_its_source_document_never_names_is_not_supported(real_app: Kizuna):
    # the document speaks of Takeda's dengue vaccine: malaria, in any language, is not borne out
    assert real_app.find_quote("Takeda đã phát triển vắc xin sốt rét đầu tiên được cấp phép sử dụng tại Việt Nam.").verdict != "supported"
    assert real_app.find_quote("武田薬品はベトナムで初めて承認されたマラリアワクチンを開発した。").verdict != "supported"
    assert real_app.find_quote("Takeda đã phát triển vắc xin sốt xuất huyết đầu tiên được cấp phép sử dụng tại Việt Nam.").verdict == "supported"


@pytest.mark.models
def test_a_list_item_naming_a_pilot_is_read_with_the_sentence_that_gives_its_count(real_app: Kizuna):
    # "- 脳性麻痺…間葉系幹細胞療法の試験的応用。" names the pilot and states no number; the next sentence gives
    # its 19 trial topics: a claim of the pilot with another count is said otherwise, and the row shows both
    for claim in [
        "脳性麻痺と自閉症に対する間葉系幹細胞療法の試験的応用では、現在24の臨床試験テーマが実施されている。",
        "Trong thí điểm liệu pháp tế bào gốc trung mô cho bại não và tự kỷ, hiện có 24 đề tài thử nghiệm lâm sàng.",
    ]:
        result = real_app.find_quote(claim)
        assert result.verdict == "contradicted", claim
        assert ("24", "19") in {(d.claim, d.source) for d in result.differences}, claim
        assert "試験的応用" in result.matches[0].text and "19の臨床試験テーマ" in result.matches[0].text
    right = "Trong thí điểm liệu pháp tế bào gốc trung mô cho bại não và tự kỷ, hiện có 19 đề tài thử nghiệm lâm sàng."
    assert real_app.find_quote(right).verdict != "contradicted"


@pytest.mark.models
def test_a_claim_s_day_is_cited_from_the_line_that_gives_it(real_app: Kizuna):
    # "…2024年に…MOUを締結" bears out the signing; the day the claim gives is the table row's, cited first
    result = real_app.find_quote("On 15 November 2024, Kanagawa Prefecture concluded an MOU with Vietnam's health ministry.")
    assert result.verdict == "supported"
    assert "2024年11月15日" in result.matches[0].text
    assert any("MOUを締結" in m.text for m in result.matches[1:])
    # a claim that gives the year alone is cited from the sentence that bears it out
    year_only = real_app.find_quote("In 2024, Kanagawa Prefecture concluded an MOU with Vietnam's health ministry.")
    assert year_only.verdict == "supported" and "MOUを締結" in year_only.matches[0].text


@pytest.mark.models
def test_a_claim_s_date_is_not_cited_from_another_passage_s_event(real_app: Kizuna):
    # 19 February 2025 is the National Assembly's resolution, in another passage than the framework
    result = real_app.find_quote("On 19 February 2025, the Ministry of Health announced a framework of breakthrough tasks for 2025–2026.")
    assert not result.matches or "国会" not in result.matches[0].text
