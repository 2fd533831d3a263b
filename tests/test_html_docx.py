"""Web pages and Word files: main text in, boilerplate out, metadata kept, every bad file skipped with its reason."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kizuna.cli import main
from kizuna.engine import Kizuna
from kizuna.ingest.chunking import chunk_document
from kizuna.ingest.docx import OLE_MAGIC
from kizuna.ingest.loaders import read_corpus
from kizuna.retrieval import encoders
from kizuna.settings import ChunkSettings, RetrievalSettings, Settings

from .conftest import FAKE_RETRIEVERS, FakeEncoder, FakePool


def page(
    lang: str,
    title: str,
    paragraphs: list[str],
    *,
    cookie: str,
    nav: list[str],
    share: list[str],
    related: list[str],
    footer: str,
    heading: str | None = None,
    url: str | None = None,
    date: str | None = None,
    charset: str = "utf-8",
) -> str:
    """A news page as sites write them: the article inside a cookie banner, a menu, a share bar,
    related links and a footer."""
    head = [
        f'<meta charset="{charset}">',
        f"<title>{title} | Site</title>",
        f'<meta property="og:title" content="{title}">',
    ]
    if url:
        head += [f'<link rel="canonical" href="{url}">', f'<meta property="og:url" content="{url}">']
    if date:
        head.append(f'<meta property="article:published_time" content="{date}T08:00:00+07:00">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs[:2])
    if heading:
        body += f"<h2>{heading}</h2>"
    body += "".join(f"<p>{p}</p>" for p in paragraphs[2:])
    return f"""<!DOCTYPE html><html lang="{lang}"><head>{"".join(head)}</head><body>
<div id="cookie-consent" class="cookie-banner"><p>{cookie}</p><button>OK</button></div>
<header><nav class="menu"><ul>{"".join(f'<li><a href="/c{i}">{n}</a></li>' for i, n in enumerate(nav))}</ul></nav></header>
<main><article><h1>{title}</h1>
<div class="share-buttons">{"".join(f'<a href="#s{i}">{s}</a> ' for i, s in enumerate(share))}</div>
{body}
</article>
<aside class="related-articles"><h3>{related[0]}</h3><ul>{"".join(f'<li><a href="/r{i}">{r}</a></li>' for i, r in enumerate(related[1:]))}</ul></aside>
</main><footer class="site-footer"><p>{footer}</p></footer></body></html>"""


EN = dict(
    lang="en",
    title="Japan funds new cardiology hospital in Hanoi",
    paragraphs=[
        "Hanoi (VNA) – The Japan International Cooperation Agency (JICA) signed an agreement on March 18 to fund a new 300-bed cardiology hospital in Hanoi, the Ministry of Health said.",
        "The hospital will train 120 Vietnamese cardiologists together with Osaka University Hospital over five years, according to the agreement signed by both sides.",
        "Deputy Minister Tran Van Thuan said the project would cut waiting times for heart surgery, which now exceed six months at Bach Mai Hospital in the capital.",
        "Japanese experts will also help build a national registry of heart disease patients by 2026, he added at the signing ceremony.",
    ],
    heading="Training cardiologists",
    cookie="We use cookies to improve your experience on our website. By browsing this website, you agree to our use of cookies.",
    nav=["Home", "Politics", "Business", "Health", "Sports"],
    share=["Share on Facebook", "Tweet", "Print"],
    related=["Related articles", "Dengue cases rise in the south", "New rules for private clinics"],
    footer="© 2024 Example News Agency. All rights reserved. Contact: newsroom@example.vn",
    url="https://news.example.vn/health/japan-funds-hospital-123.html",
    date="2024-03-18",
)
JA = dict(
    lang="ja",
    title="ベトナムの看護師、神奈川県で研修開始",
    paragraphs=[
        "神奈川県は4月10日、ベトナム保健省との覚書に基づき、ベトナム人看護師30人の受け入れ研修を横浜市内の病院で開始したと発表した。",
        "研修は6か月間で、高齢者介護と感染症対策を中心に、日本の看護実務を病棟で学ぶ内容となっている。",
        "県の担当者は、帰国後に研修生がハノイとホーチミン市の病院で指導役を務めることを期待していると述べた。",
    ],
    heading="研修の内容",
    cookie="当サイトではクッキーを使用しています。サイトを閲覧することでクッキーの使用に同意したものとみなします。",
    nav=["ホーム", "県政情報", "健康・福祉", "くらし"],
    share=["シェア", "ツイート", "印刷"],
    related=["関連記事", "ベトナムとの医療協力について", "外国人介護人材の受け入れ"],
    footer="Copyright © 神奈川県 All Rights Reserved. お問い合わせ: 045-210-1111",
    url="https://www.pref.example.jp/docs/nurse-training.html",
    date="2024-04-10",
)
VI = dict(
    lang="vi",
    title="Bệnh viện Chợ Rẫy hợp tác với Nhật Bản đào tạo bác sĩ ghép gan",
    paragraphs=[
        "Ngày 5/6, Bệnh viện Chợ Rẫy đã ký thỏa thuận hợp tác với Đại học Kyoto nhằm đào tạo 20 bác sĩ chuyên ngành ghép gan trong ba năm tới.",
        "Theo thỏa thuận, các chuyên gia Nhật Bản sẽ trực tiếp hướng dẫn phẫu thuật tại Thành phố Hồ Chí Minh và tiếp nhận bác sĩ Việt Nam sang thực tập.",
        "Giám đốc bệnh viện cho biết chương trình sẽ giúp rút ngắn thời gian chờ ghép gan của người bệnh.",
    ],
    heading="Chuyển giao kỹ thuật",
    cookie="Trang web này sử dụng cookie để cải thiện trải nghiệm của bạn. Tiếp tục truy cập nghĩa là bạn đồng ý.",
    nav=["Trang chủ", "Thời sự", "Sức khỏe", "Kinh doanh"],
    share=["Chia sẻ", "Facebook", "In bài"],
    related=["Tin liên quan", "Nhật Bản hỗ trợ trang thiết bị y tế", "Dịch sốt xuất huyết tăng cao"],
    footer="Bản quyền thuộc về Báo Sức khỏe. Liên hệ quảng cáo: 028 3835 0000",
    url="https://suckhoe.example.vn/cho-ray-nhat-ban-ghep-gan-169240605.htm",
    date="2024-06-05",
)


def boilerplate_of(spec: dict) -> list[str]:
    return [spec["cookie"], *spec["nav"], *spec["share"], *spec["related"], spec["footer"]]


@pytest.mark.parametrize("spec", [EN, JA, VI], ids=["en", "ja", "vi"])
def test_a_web_page_gives_its_article_and_metadata_without_the_site_furniture(tmp_path: Path, spec: dict):
    (tmp_path / "article.html").write_text(page(**spec), encoding="utf-8")
    (doc,) = read_corpus(tmp_path).documents
    for paragraph in spec["paragraphs"]:
        assert paragraph in doc.text.split("\n")  # each paragraph whole and on its own
    assert spec["heading"] in doc.text.split("\n")  # the heading is its own paragraph
    lines = doc.text.split("\n")
    for furniture in boilerplate_of(spec):
        # a menu word may also occur in the article ("Ministry of Health"): never as a line of its own
        assert furniture not in lines and (len(furniture) < 15 or furniture not in doc.text), furniture
    assert doc.meta.title == spec["title"]
    assert doc.meta.url == spec["url"]
    assert doc.meta.date == spec["date"]
    assert doc.meta.language == spec["lang"]


def test_a_shift_jis_page_is_decoded_by_its_declared_charset(tmp_path: Path):
    (tmp_path / "sjis.htm").write_bytes(
        page(**{**JA, "charset": "shift_jis"}).encode("shift_jis", "xmlcharrefreplace")
    )
    (doc,) = read_corpus(tmp_path).documents
    assert JA["paragraphs"][0] in doc.text and doc.meta.title == JA["title"]


def test_the_catalog_overrides_what_the_page_says(tmp_path: Path):
    (tmp_path / "article.html").write_text(page(**EN), encoding="utf-8")
    catalog = {"documents": {"article.html": {"title": "Curated title", "date": "2024-03-19"}}}
    (tmp_path / "catalog.json").write_text(json.dumps(catalog))
    (doc,) = read_corpus(tmp_path).documents
    assert (doc.meta.title, doc.meta.date, doc.meta.url) == ("Curated title", "2024-03-19", EN["url"])


def test_page_metadata_reaches_the_citation_and_no_html_line_number_is_made_up(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article.html").write_text(page(**EN), encoding="utf-8")
    settings = Settings(
        corpus_dir=corpus, index_dir=tmp_path / "ix", retrieval=RetrievalSettings(retrievers=FAKE_RETRIEVERS)
    )
    app = Kizuna(settings, FakePool())
    hit = app.ask("cardiology hospital waiting times heart surgery", k=1).hits[0]
    assert hit.citation.url == EN["url"] and hit.citation.date == EN["date"]
    assert hit.citation.title == EN["title"]
    # the passage's offsets are in the extracted text, not in the HTML file: no line number from them
    assert app.cite(hit.passage.key).source_line is None


def test_a_page_without_main_text_is_skipped_with_its_reason(tmp_path: Path):
    (tmp_path / "ok.txt").write_text("Japan and Vietnam signed a health agreement.\n")
    menu = "".join(f'<li><a href="/{n}">{n}</a></li>' for n in ["Home", "News", "Health", "Contact"])
    (tmp_path / "menu.html").write_text(
        f"<html><body><nav><ul>{menu}</ul></nav><footer>© 2024</footer></body></html>"
    )
    (tmp_path / "blank.htm").write_text("<html><head><title>Nothing</title></head><body></body></html>")
    # navigation that is no link: its text is not an article either
    (tmp_path / "nomain.html").write_text("<html><body><nav>Home</nav><footer>(c)</footer></body></html>")
    reasons = {s.path: s.reason for s in read_corpus(tmp_path).skipped}
    assert reasons == {
        "menu.html": "no main text found in the page (only navigation, banners or links?)",
        "blank.htm": "no main text found in the page (only navigation, banners or links?)",
        "nomain.html": "no main text found in the page (only navigation, banners or links?)",
    }


# ---- Word ------------------------------------------------------------------------------------------


def make_docx(path: Path, title: str | None = "Nursing exchange report", created: dt.datetime | None = None):
    import docx

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    document.core_properties.created = created or dt.datetime(2023, 9, 14, 10, 0, 0)
    document.add_heading("Background", level=1)
    document.add_paragraph(
        "In 2023 the Ministry of Health of Viet Nam and Kanagawa Prefecture agreed to exchange nurses "
        "between hospitals in Hanoi and Yokohama"  # no full stop: must still not swallow the heading below
    )
    document.add_heading("Participating hospitals", level=2)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [("Hospital", "City", "Nurses"), ("Bach Mai", "Hanoi", "12"), ("Yokohama City", "Yokohama", "8")]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Results", level=2)
    document.add_paragraph("Twenty nurses completed the programme; eighteen now train others at home.")
    document.save(str(path))


def test_a_word_file_keeps_headings_tables_and_properties(tmp_path: Path):
    make_docx(tmp_path / "report.docx")
    (doc,) = read_corpus(tmp_path).documents
    paragraphs = doc.text.split("\n")
    assert (
        paragraphs[0] == "Background" and "Participating hospitals" in paragraphs and "Results" in paragraphs
    )
    assert "Bach Mai | Hanoi | 12" in paragraphs and "Hospital | City | Nurses" in paragraphs
    assert paragraphs.index("Results") < paragraphs.index(
        "Twenty nurses completed the programme; eighteen now train others at home."
    )
    assert (doc.meta.title, doc.meta.date, doc.meta.language) == (
        "Nursing exchange report",
        "2023-09-14",
        "en",
    )
    # chunking sees the structure: no passage ends on a heading that belongs to the next one
    passages = chunk_document(doc, ChunkSettings(target_chars=120, min_chars=60, max_chars=300))
    assert all(not p.text.endswith(("Participating hospitals", "Results")) for p in passages)


def test_a_word_file_without_title_is_titled_by_its_first_line(tmp_path: Path):
    make_docx(tmp_path / "report.docx", title=None)
    (doc,) = read_corpus(tmp_path).documents
    assert doc.meta.title == "Background"


def test_bad_word_files_are_skipped_with_one_line_reasons(tmp_path: Path):
    import docx

    (tmp_path / "ok.txt").write_text("Japan and Vietnam signed a health agreement.\n")
    docx.Document().save(str(tmp_path / "empty.docx"))
    make_docx(tmp_path / "whole.docx")
    whole = (tmp_path / "whole.docx").read_bytes()
    (tmp_path / "truncated.docx").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "text.docx").write_text("this is plain text with the wrong extension")
    # a password-protected file as Word writes it (the package encrypted inside an OLE container)
    from msoffcrypto.format.ooxml import OOXMLFile

    with (tmp_path / "whole.docx").open("rb") as plain, (tmp_path / "locked.docx").open("wb") as locked:
        OOXMLFile(plain).encrypt("secret", locked)
    (tmp_path / "old.docx").write_bytes(OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le"))
    (tmp_path / "minutes.doc").write_bytes(OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le"))
    result = read_corpus(tmp_path)
    assert {d.meta.path for d in result.documents} == {"ok.txt", "whole.docx"}
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons["empty.docx"] == "DOCX has no text"
    assert reasons["truncated.docx"].startswith("not a readable DOCX (")
    assert reasons["text.docx"].startswith("not a readable DOCX (")
    assert reasons["locked.docx"] == "DOCX is password-protected (encrypted); save a copy without a password"
    assert reasons["old.docx"].startswith("an old binary Word file (.doc) named .docx")
    assert reasons["minutes.doc"].startswith("unsupported file type .doc: old binary Word format")
    assert "save it as .docx" in reasons["minutes.doc"]
    assert all("\n" not in r and len(r) < 200 for r in reasons.values())


# ---- the CLI tells the truth about a mixed folder -------------------------------------------------------


def test_kizuna_index_lists_what_it_read_and_what_it_did_not(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(encoders, "make_encoder", lambda spec: FakeEncoder(spec))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.html").write_text(page(**VI), encoding="utf-8")
    make_docx(corpus / "report.docx")
    (corpus / "minutes.doc").write_bytes(OLE_MAGIC + b"\x00" * 600)
    (corpus / "budget.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    config = tmp_path / "kizuna.toml"
    config.write_text('[[retrieval.retrievers]]\nname = "fake"\nkind = "dense"\nencoder = "fake"\n')
    args = ["--config", str(config), "index", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "indexed 2 files" in result.stdout
    assert "not indexed (3 files):" in result.stderr
    lines = [ln.strip() for ln in result.stderr.splitlines()]
    assert "broken.docx: not a readable DOCX (File is not a zip file)" in lines
    assert any(
        ln.startswith("budget.xlsx: unsupported file type .xlsx: spreadsheets are not read") for ln in lines
    )
    assert any(
        ln.startswith("minutes.doc: unsupported file type .doc") and "save it as .docx" in ln for ln in lines
    )
    # the manifest keeps the same list (the UI's Corpus tab shows it), and --strict fails on it
    again = CliRunner().invoke(main, [*args, "--strict"])
    assert again.exit_code == 1 and "3 corpus files were not indexed (--strict)" in again.stderr
    assert "broken.docx: not a readable DOCX" in again.stderr


def test_no_passage_ends_on_a_heading(tmp_path: Path):
    """A heading closes no passage: it opens the one holding the text under it."""
    import docx

    document = docx.Document()
    document.add_paragraph("JICA opened a clinic in Hue this spring.")  # under min_chars alone
    document.add_heading("Funding and budget", level=2)
    document.add_paragraph(
        "The clinic costs 2.4 billion yen over four years. Japan pays two thirds and the province the rest. "
        "Doctors from Hue Central Hospital staff it on rotation."
    )
    document.add_heading("Next steps", level=2)
    document.add_paragraph("A second clinic is planned in Da Nang for 2026.")
    document.save(str(tmp_path / "clinic.docx"))
    (doc,) = read_corpus(tmp_path).documents
    passages = chunk_document(
        doc, ChunkSettings(target_chars=150, min_chars=60, max_chars=400, overlap_chars=0)
    )
    texts = [p.text for p in passages]
    assert not any(t.endswith(("Funding and budget", "Next steps")) for t in texts), texts
    # each heading sits in the same passage as the first sentence it introduces
    assert any("Funding and budget\nThe clinic costs" in t for t in texts), texts
    assert any("Next steps\nA second clinic" in t for t in texts), texts
    assert "".join(t.replace("\n", "") for t in texts).count("JICA opened a clinic") == 1


# ---- the same furniture in a page pasted as text: general rules in clean.py ------------------------------

FURNITURE = [
    "This website uses cookies to ensure you get the best experience. Accept all cookies",
    "Accept all cookies",
    "当サイトではクッキーを使用しています。閲覧を続けることで同意したものとみなします。",
    "Trang web này sử dụng cookie để cải thiện trải nghiệm của bạn.",
    "Share on Facebook | Tweet | Email | Print",
    "Chia sẻ Facebook Zalo",
    "シェア ツイート 印刷",
    "English | 日本語 | Tiếng Việt",
    "EN | VI | JP",
    "Bình luận (4)",
    "Xem thêm",
    "ページの先頭へ",
]
CONTENT = [
    "Print media in both countries reported the agreement on May 3.",
    "Children who ate cookies daily had more cavities, the Hanoi dental survey found.",
    "The share of hospitals with intensive care beds rose to 40 percent.",
    "Japan shared its experience in elderly care with Vietnamese officials.",
]


def test_furniture_of_any_site_is_dropped_from_pasted_text_and_look_alike_content_kept(tmp_path: Path):
    lines = []
    for i, furniture in enumerate(FURNITURE):
        lines += [furniture, "", CONTENT[i % len(CONTENT)] + f" (item {i})", ""]
    (tmp_path / "pasted.txt").write_text("\n".join(lines), encoding="utf-8")
    (doc,) = read_corpus(tmp_path).documents
    paragraphs = doc.text.split("\n")
    assert not set(FURNITURE) & set(paragraphs), set(FURNITURE) & set(paragraphs)
    assert len(paragraphs) == len(FURNITURE)  # every content line kept, on its own


def test_a_closing_related_news_block_is_cut_in_any_of_the_languages(tmp_path: Path):
    article = "\n\n".join(f"{c} Paragraph {i}." for i, c in enumerate(CONTENT * 2))
    for tail in ("You may also like", "Tin cùng chuyên mục", "関連ニュース", "More stories"):
        (tmp_path / "page.txt").write_text(f"{article}\n\n{tail}\n\nDengue cases rise\n\nHospital news\n")
        (doc,) = read_corpus(tmp_path).documents
        assert doc.text.endswith("Paragraph 7.") and "Dengue cases rise" not in doc.text, tail


def test_word_merged_cells_count_once_and_deleted_text_is_not_text(tmp_path: Path):
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Hospitals trained in 2023"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Hanoi"
    for r, (name, nurses) in enumerate([("Bach Mai", "12"), ("Viet Duc", "9")], start=1):
        table.cell(r, 1).text, table.cell(r, 2).text = name, nurses
    paragraph = document.add_paragraph("Twenty nurses\tcompleted the course")
    deleted = OxmlElement("w:del")  # a tracked deletion: w:delText, not shown in the document
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = " in 2019"
    run.append(text)
    deleted.append(run)
    paragraph._p.append(deleted)
    assert paragraph._p.find(qn("w:del")) is not None
    document.save(str(tmp_path / "t.docx"))
    (doc,) = read_corpus(tmp_path).documents
    assert doc.text.split("\n") == [
        "Hospitals trained in 2023",
        "Hanoi | Bach Mai | 12",
        "Viet Duc | 9",
        "Twenty nurses completed the course",
    ]


def test_oversized_inputs_get_a_reason_not_a_memory_blowup(tmp_path: Path, monkeypatch):
    from kizuna.ingest import docx as word
    from kizuna.ingest import html

    make_docx(tmp_path / "bomb.docx")  # a real file, but more unpacked than this reader takes
    monkeypatch.setattr(word, "MAX_UNPACKED_BYTES", 1000)
    (tmp_path / "huge.html").write_text(page(**EN), encoding="utf-8")
    monkeypatch.setattr(html, "MAX_HTML_BYTES", 500)
    (tmp_path / "ok.txt").write_text("Japan and Vietnam signed a health agreement.\n")
    reasons = {s.path: s.reason for s in read_corpus(tmp_path).skipped}
    assert re.fullmatch(
        r"DOCX unpacks to [\d.]+ MB, over the 0\.001 MB this reader takes", reasons["bomb.docx"]
    )
    assert re.fullmatch(
        r"web page of [\d.]+ MB is over the 0\.0005 MB this reader takes", reasons["huge.html"]
    )


def test_a_web_table_reads_row_by_row_like_a_word_table(tmp_path: Path):
    table = (
        "<table><tr><th>Hospital</th><th>City</th><th>Beds</th></tr>"
        "<tr><td>Bach Mai</td><td>Hanoi</td><td>3200</td></tr><tr><td>Cho Ray</td><td>HCMC</td><td>1800</td></tr></table>"
    )
    spec = {**EN, "paragraphs": [*EN["paragraphs"][:2], table, *EN["paragraphs"][2:]]}
    (tmp_path / "beds.html").write_text(page(**spec).replace(f"<p>{table}</p>", table), encoding="utf-8")
    (doc,) = read_corpus(tmp_path).documents
    paragraphs = doc.text.split("\n")
    rows = ["Hospital | City | Beds", "Bach Mai | Hanoi | 3200", "Cho Ray | HCMC | 1800"]
    assert all(row in paragraphs for row in rows), paragraphs
    assert not any(set(p) <= set("|-: ") for p in paragraphs)  # no Markdown rule line
