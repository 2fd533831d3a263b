from kizuna.ingest.text import content_words, detect_lang, fold_diacritics, squash, tokenize, without_urls


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


def test_content_words_are_empty_for_nonsense_and_abuse():
    for junk in [
        "😀🎉👍",
        "?",
        "？！",
        "\x00\x00\x00",
        "<b></b><img src=x onerror=alert(1)>",
        " \n\t ",
        "<script>alert('x')</script>",
        "&nbsp;&amp;",
        "https://example.com/a?b=c",
        "...",
        "zxmcnv",
        r"\x00\x00\x00",  # escape codes typed as text
        "x01 x02 x1f",
    ]:
        assert content_words(junk) == [], junk


def test_content_words_keep_what_a_question_is_about():
    assert content_words("When was the MOU signed?") == ["mou", "signed"]
    assert content_words("神奈川県とのMOUはいつ締結されましたか？") == ["神奈", "奈川", "川県", "mou", "締結"]
    assert "kanagawa" in content_words("Bản ghi nhớ với Kanagawa được ký khi nào vậy?")
    assert "vay" not in content_words("Bản ghi nhớ với Kanagawa được ký khi nào vậy?")
    assert content_words("HCMC") == ["hcmc"]  # a capitalised acronym is not keyboard mash
    assert content_words("H5N1 and COVID-19 cases") == ["h5n1", "covid", "19", "cases"]  # codes in capitals
    assert content_words("x00 vaccine") == ["vaccine"]


def test_every_eval_question_and_quote_has_content_words():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "eval"
    items = [
        json.loads(line) for name in ("questions.jsonl", "quotes.jsonl") for line in (root / name).open()
    ]
    assert len(items) > 60
    empty = [i["id"] for i in items if not content_words(i.get("question") or i["quote"])]
    assert empty == []
