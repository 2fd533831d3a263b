from pathlib import Path

import pytest

from kizuna.ingest.chunking import chunk_document
from kizuna.ingest.loaders import CorpusError, decode_bytes, load_corpus
from kizuna.settings import ChunkSettings

JAPANESE = "ベトナム保健省と神奈川県は、2024年11月15日にMOUを締結しました。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "shift_jis", "euc_jp"])
def test_japanese_text_is_decoded_in_any_common_encoding(encoding):
    assert decode_bytes((JAPANESE * 3).encode(encoding)) == JAPANESE * 3


def test_cp1252_text_is_detected():
    text = "Café “smart quotes” – résumé of the Ministry’s naïve plan. " * 4
    assert decode_bytes(text.encode("cp1252")) == text


def test_shift_jis_file_becomes_a_japanese_document(tmp_path: Path):
    (tmp_path / "sjis.txt").write_bytes((JAPANESE + "\n").encode("shift_jis"))
    (doc,) = load_corpus(tmp_path)
    assert JAPANESE in doc.text and doc.meta.language == "ja"
    assert doc.meta.title.startswith("ベトナム保健省")  # no catalog entry: first line, never the file name


def make_pdf(path: Path, pages: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))


def test_pdf_pages_are_kept_for_every_passage(tmp_path: Path):
    first = "Japan supports primary healthcare in Vietnam. " * 6
    second = "The telemedicine project trains health workers in remote provinces. " * 6
    make_pdf(tmp_path / "report.pdf", [first, second])
    (doc,) = load_corpus(tmp_path)
    assert doc.page_count == 2
    passages = chunk_document(doc, ChunkSettings())
    pages = {p.page for p in passages}
    assert pages == {1, 2}
    assert all(("telemedicine" in p.text) == (p.page == 2) for p in passages)
    assert passages[-1].location().startswith("p. 2")


def test_bad_inputs_give_clear_errors(tmp_path: Path):
    with pytest.raises(CorpusError, match="corpus folder not found"):
        load_corpus(tmp_path / "missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CorpusError, match="no documents"):
        load_corpus(empty)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    with pytest.raises(CorpusError, match=r"x\.pdf"):
        load_corpus(broken)
    bad_catalog = tmp_path / "catalog"
    bad_catalog.mkdir()
    (bad_catalog / "a.txt").write_text("Some text.")
    (bad_catalog / "catalog.json").write_text("{not json")
    with pytest.raises(CorpusError, match="invalid JSON at line 1"):
        load_corpus(bad_catalog)


def test_catalog_gives_titles_and_citation_slugs(corpus_copy: Path):
    docs = {d.meta.path: d for d in load_corpus(corpus_copy)}
    kanagawa = docs["002_c2f1d25650ba63a7.txt"]
    assert kanagawa.slug == "kanagawa-moh-profile"
    assert kanagawa.meta.date == "2025-02" and kanagawa.meta.url.startswith("https://www.pref.kanagawa.jp/")
    assert all(not d.meta.title.startswith("00") for d in docs.values())


def test_markdown_title_drops_heading_marks(tmp_path: Path):
    (tmp_path / "notes.md").write_text(
        "## Hue hospital notes\n\nA nursing exchange was signed.\n", encoding="utf-8"
    )
    (doc,) = load_corpus(tmp_path)
    assert doc.meta.title == "Hue hospital notes" and doc.slug == "notes"


def test_a_markdown_file_is_read_without_its_marks_and_cited_at_its_line(corpus_copy: Path, tmp_path: Path):
    from kizuna.engine import Kizuna
    from kizuna.ingest.markdown import plain_markdown
    from kizuna.settings import RetrievalSettings, Settings

    from .conftest import FAKE_RETRIEVERS, FakePool

    assert plain_markdown("# Orbis\n\n- **36 nurses** came, see [the report](http://x.org).") == (
        "Orbis\n\n36 nurses came, see the report."
    )
    assert plain_markdown("snake_case and 2 * 3 * 4 stay") == "snake_case and 2 * 3 * 4 stay"
    intro = " ".join(f"The **exchange** began in year {i} with [visits](http://x.org/{i})." for i in range(40))
    text = f"# Orbis nursing exchange\n\n{intro}\n\n## Results\n\n" + (
        "Orbis Hospital welcomed **36 Vietnamese nurses** under the programme.\n- The programme lasts 18 months.\n"
    )
    (corpus_copy / "orbis.md").write_text(text, encoding="utf-8")
    settings = Settings(
        corpus_dir=corpus_copy, index_dir=tmp_path / "idx", retrieval=RetrievalSettings(retrievers=FAKE_RETRIEVERS)
    )
    app = Kizuna(settings, FakePool())
    app.build(show_progress=False)
    document = app.index().documents["orbis"]
    assert "**" not in document.text and "# " not in document.text and "\n- " not in document.text
    assert document.meta.title == "Orbis nursing exchange"
    passage = next(p for p in app.index().passages if p.doc == "orbis" and "36 Vietnamese nurses" in p.text)
    # cited at the file's line of its first words (the marks go, the lines stay)
    first = passage.text.split("\n")[0][:30]
    lines = plain_markdown(text).split("\n")
    assert len(lines) == len(text.split("\n"))
    assert app.cite(passage.key).source_line == next(i for i, ln in enumerate(lines, 1) if first in ln)


def test_markdown_emphasis_is_not_read_inside_numbers():
    from kizuna.ingest.markdown import plain_markdown

    assert plain_markdown("2**10 and 3**2 patients") == "2**10 and 3**2 patients"
