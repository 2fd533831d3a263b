from kizuna.ingest.text import detect_lang, fold_diacritics, squash, tokenize, without_urls


def test_japanese_is_cut_into_bigrams_per_script_run():
    tokens = tokenize("神奈川県とベトナム保健省")
    assert "神奈" in tokens and "奈川" in tokens and "保健" in tokens
    assert "ベト" in tokens and "ナム" in tokens
    assert "と" not in tokens  # a lone kana is a particle
    assert "県と" not in tokens  # bigrams never straddle a script change


def test_latin_words_are_folded_and_stopwords_dropped():
    assert tokenize("Nguyễn Trương Sơn and the Ministry") == ["nguyen", "truong", "son", "ministry"]
    assert fold_diacritics("Đà Nẵng") == "Da Nang"


def test_fullwidth_forms_are_normalised_before_tokenizing():
    assert tokenize("ＭＯＵ　２０２４") == ["mou", "2024"]


def test_detect_lang():
    assert detect_lang("When was the MOU signed?") == "en"
    assert detect_lang("神奈川県とのMOUはいつ締結されましたか？") == "ja"
    assert detect_lang("Bản ghi nhớ với Kanagawa được ký khi nào?") == "vi"
    assert detect_lang("Takeda làm gì?") == "vi"
    # a Vietnamese name inside English stays English; a URL does not make Japanese text English
    assert detect_lang("Vice Minister Nguyễn Trương Sơn said the reform continues.") == "en"
    assert (
        detect_lang("出典 https://en.vietnamplus.vn/e-health-and-judicial-records-provided-via-vneid") == "ja"
    )


def test_squash_ignores_width_case_and_whitespace():
    assert squash("加入率は 87.9%") == squash("加入率は８７.９％")
    assert squash("Around 280\n people") == "around280people"


def test_without_urls():
    assert without_urls("see https://moh.gov.vn/home now").split() == ["see", "now"]
