"""Every bad input in one corpus folder: each is skipped with its own reason, every good file is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.ingest.loaders import CorpusError, corpus_files, read_corpus, rejected_files
from kizuna.ingest.slugs import slugify
from kizuna.settings import LimitSettings

ENGLISH = "Japan supports primary healthcare in Vietnam through JICA telemedicine projects. " * 3
JAPANESE = "ベトナム保健省と神奈川県は、2024年11月15日にMOUを締結しました。"
SECRET = "outside-secret-token-7f3a"


def make_pdf(path: Path, text: str | None, password: str | None = None) -> None:
    """A PDF with one page of text; text=None draws a shape only (a scan has no text layer either)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if text is None:
        pdf.rect(20, 20, 100, 60, style="F")
    else:
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))


@pytest.fixture
def messy(tmp_path: Path) -> tuple[Path, LimitSettings]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET} private notes that must never be indexed.\n")
    # good files
    (corpus / "good.txt").write_text(ENGLISH + "\n")
    (corpus / "notes.md").write_text("# Hue hospital notes\n\nA nursing exchange was signed in Hue.\n")
    make_pdf(corpus / "report.pdf", ENGLISH)
    (corpus / "報告書.txt").write_text(JAPANESE + "\n")
    (corpus / "議事録.txt").write_text("保健省のワークショップでCAR-T療法が紹介された。\n")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inner.txt").write_text("Inner folder document about hepatitis projects.\n")
    # bad files
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (corpus / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage \x00\x01 no xref")
    make_pdf(corpus / "locked.pdf", ENGLISH, password="secret")
    make_pdf(corpus / "scanned.pdf", None)
    (corpus / "leak.txt").symlink_to(outside / "secret.txt")
    (corpus / "big.txt").write_text("A large file. " * 2_000)  # 28 kB, over the 0.02 MB cap below
    (corpus / "letter.docx").write_bytes(b"PK\x03\x04 a word file")  # a zip header and nothing else
    (corpus / "minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    (corpus / "budget.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    (corpus / "menu.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>")
    return corpus, LimitSettings(max_file_mb=0.02)


EXPECTED_REASONS = {
    "empty.txt": "empty file",
    "binary.txt": "binary file, not text",
    "corrupt.pdf": "not a readable PDF (",
    "locked.pdf": "PDF is encrypted",
    "scanned.pdf": "PDF has no text layer (scanned? run OCR first)",
    "leak.txt": "symlink leads outside the corpus folder (limits.follow_symlinks_outside)",
    "big.txt": "MB is over the 0.02 MB limit (limits.max_file_mb)",
    "letter.docx": "not a readable DOCX (",
    "minutes.doc": "unsupported file type .doc: old binary Word format; open it in Word or LibreOffice and save it as .docx",
    "budget.xlsx": "unsupported file type .xlsx: spreadsheets are not read",
    "menu.html": "no main text found in the page",
}


def test_every_good_file_is_read_and_every_bad_one_skipped_with_its_reason(messy):
    corpus, limits = messy
    result = read_corpus(corpus, limits)
    assert {d.meta.path for d in result.documents} == {
        "good.txt",
        "notes.md",
        "report.pdf",
        "報告書.txt",
        "議事録.txt",
        "sub/inner.txt",
    }
    reasons = {s.path: s.reason for s in result.skipped}
    assert set(reasons) == set(EXPECTED_REASONS)
    for path, expected in EXPECTED_REASONS.items():
        assert expected in reasons[path], (path, reasons[path])
        assert "\n" not in reasons[path] and len(reasons[path]) < 200
    assert all(SECRET not in d.text for d in result.documents)


def test_japanese_only_names_get_distinct_stable_slugs(messy):
    corpus, limits = messy
    first = {d.meta.path: d.slug for d in read_corpus(corpus, limits).documents}
    assert first["報告書.txt"] != first["議事録.txt"]
    assert all(slug and slug != "document" for slug in first.values())
    (corpus / "aaa.txt").write_text("A new file that sorts first.\n")  # other files must not move slugs
    second = {d.meta.path: d.slug for d in read_corpus(corpus, limits).documents}
    assert {k: second[k] for k in first} == first
    assert slugify("Bản ghi nhớ.txt") == "ban-ghi-nho"  # accents fold, nothing is hashed


def test_colliding_slugs_get_a_suffix_and_catalog_collisions_are_reported(tmp_path: Path):
    (tmp_path / "a-b.txt").write_text("First document text here.\n")
    (tmp_path / "a b.txt").write_text("Second document text here.\n")
    (tmp_path / "x.txt").write_text("Third document text here.\n")
    (tmp_path / "y.txt").write_text("Fourth document text here.\n")
    catalog = {"documents": {"x.txt": {"slug": "same"}, "y.txt": {"slug": "same"}}}
    (tmp_path / "catalog.json").write_text(json.dumps(catalog))
    result = read_corpus(tmp_path)
    slugs = {d.meta.path: d.slug for d in result.documents}
    assert len(set(slugs.values())) == 4
    assert slugs["a b.txt"] == "a-b" and slugs["a-b.txt"].startswith("a-b-")  # first path keeps it
    assert slugs["x.txt"] == "same" and slugs["y.txt"].startswith("same-")
    assert len(result.notes) == 1 and "y.txt" in result.notes[0] and "same" in result.notes[0]


def test_store_listing_keeps_unreadable_candidates_and_drops_rejected_files(messy):
    corpus, limits = messy
    listed = {p.relative_to(corpus).as_posix() for p in corpus_files(corpus, limits)}
    # unreadable today, fixable tomorrow: still listed, so fixing one makes the index stale
    assert {"empty.txt", "binary.txt", "corrupt.pdf", "locked.pdf", "scanned.pdf", "letter.docx"} <= listed
    assert {"menu.html"} <= listed
    rejected = {"leak.txt", "big.txt", "minutes.doc", "budget.xlsx"}
    assert not rejected & listed
    assert {s.path for s in rejected_files(corpus, limits)} == rejected


def test_symlinks_outside_are_followed_only_when_allowed(messy):
    corpus, _ = messy
    allowed = read_corpus(corpus, LimitSettings(max_file_mb=0.02, follow_symlinks_outside=True))
    assert any(SECRET in d.text for d in allowed.documents)


def test_links_inside_and_link_loops(tmp_path: Path):
    (tmp_path / "real.txt").write_text("The real document about dengue vaccines.\n")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "loop").symlink_to(tmp_path)  # a folder link back up: walked once
    (tmp_path / "folder" / "doc.txt").write_text("A document in a folder.\n")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    result = read_corpus(tmp_path)
    assert {d.meta.path for d in result.documents} == {"real.txt", "folder/doc.txt"}
    assert [str(s) for s in result.skipped] == [
        "alias.txt: same file as real.txt (a link to it)",
        "gone.txt: broken symlink",
    ]


def test_progress_is_reported_per_file(messy):
    corpus, limits = messy
    calls = []
    read_corpus(corpus, limits, on_progress=lambda stage, done, total: calls.append((stage, done, total)))
    reads = [c for c in calls if c[0] == "read"]
    assert [c[1] for c in reads] == list(range(1, len(reads) + 1))
    assert len(reads) == len(corpus_files(corpus, limits))


def test_a_corpus_with_nothing_readable_names_the_reasons(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "letter.doc").write_bytes(b"PK")
    (tmp_path / "memo.docx").write_bytes(b"PK")
    with pytest.raises(
        CorpusError,
        match=r"could be read .*empty\.txt: empty file.*letter\.doc: unsupported.*save it as \.docx"
        r".*memo\.docx: not a readable DOCX",
    ):
        read_corpus(tmp_path)


def test_a_file_the_system_refuses_to_read_is_skipped(tmp_path: Path, monkeypatch):
    (tmp_path / "ok.txt").write_text("Readable document.\n")
    (tmp_path / "locked.txt").write_text("Unreadable document.\n")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # root ignores file modes, so the refusal is simulated
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = read_corpus(tmp_path)
    assert [d.meta.path for d in result.documents] == ["ok.txt"]
    assert [str(s) for s in result.skipped] == ["locked.txt: cannot be read (Permission denied)"]
