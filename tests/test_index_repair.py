"""Issue #8, second pass: repairing a damaged index keeps none of the damage; `ask` and `serve` never wait
for another process's build; two `kizuna index` at once do the work once; interrupted builds hand all
their vectors on; files skipped at listing are part of what makes an index stale."""

import threading
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from kizuna.cli import main
from kizuna.engine import Kizuna
from kizuna.index import build as build_module
from kizuna.index.build import _save_cache, build_index
from kizuna.index.store import IndexStore, text_key
from kizuna.ingest.loaders import read_corpus
from kizuna.ingest.units import embedding_text
from kizuna.retrieval import encoders
from kizuna.retrieval.encoders import EncoderPool
from kizuna.settings import LimitSettings

from .conftest import FakeEncoder, FakePool

QUESTION = "When was the MOU signed?"
CONFIG = (
    '[retrieval]\n[[retrieval.retrievers]]\nname = "fake"\nkind = "dense"\nencoder = "fake"\n'
    '[[retrieval.retrievers]]\nname = "bm25"\nkind = "bm25"\nweight = 0.5\n'
)


def _texts(index) -> list[str]:
    return [embedding_text(p.text) for p in index.passages] + [
        embedding_text(index.sentence_text(row)) for row in range(len(index.sentences))
    ]


def _assert_vectors_are_their_texts(index) -> None:
    """Every stored vector is what the encoder gives for its own passage or sentence."""
    units = index.search.dense["fake"]
    stored = np.vstack(
        [
            units.passages.vectors(np.arange(units.passages.count())),
            units.sentences.vectors(np.arange(units.sentences.count())),
        ]
    )
    expected = FakeEncoder().encode_queries(_texts(index))
    np.testing.assert_allclose(stored, expected, atol=1e-6)


def _negate_row_0(path: Path) -> None:
    """The vector of passage 0 turned around, the file's size unchanged."""
    import faiss

    index = faiss.read_index(str(path))
    vectors = index.reconstruct_n(0, index.ntotal)
    vectors[0] = -vectors[0]
    fresh = faiss.IndexFlat(index.d, index.metric_type)
    fresh.add(vectors)
    size = path.stat().st_size
    faiss.write_index(fresh, str(path))
    assert path.stat().st_size == size


def _swap_lines_2_and_3(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]
    path.write_text("".join(lines), encoding="utf-8")


# ---- 1. a damaged build gives nothing to its repair --------------------------------------------------
@pytest.mark.parametrize(
    "damage",
    [
        lambda build: _negate_row_0(build / "fake" / "passages.vec"),
        lambda build: _swap_lines_2_and_3(build / "passages.jsonl"),
    ],
    ids=["negated vector", "swapped passage lines"],
)
def test_repairing_a_damaged_index_reuses_nothing_from_it(fake_app: Kizuna, damage):
    damage(fake_app.store.current_path())
    app = Kizuna(fake_app.settings, FakePool())
    assert app.status().status == "damaged"
    report = app.build(show_progress=False)
    assert report.reused["fake"] == 0 and report.embedded["fake"] > 0
    assert any("nothing reused from the damaged index" in note for note in report.notes)
    assert app.status(full=True).usable
    _assert_vectors_are_their_texts(IndexStore(fake_app.settings.index_dir).load(fake_app.settings))


def test_an_interrupted_builds_vectors_are_reused_only_when_their_file_verifies(fake_app: Kizuna):
    """A checkpoint whose vectors were changed after it was written is ignored, not reused."""
    index = fake_app.index()
    texts = _texts(index)
    good = FakeEncoder().encode_queries(texts)
    partial = fake_app.settings.index_dir / "builds" / ".20260101-000000-abcdef.partial"
    partial.mkdir()
    cache = partial / "fake@None.vectors.npz"
    _save_cache(cache, [text_key(t) for t in texts], good)
    with np.load(cache) as saved:
        keys, digest = saved["keys"], saved["sha256"]
    with cache.open("wb") as fh:
        np.savez(fh, keys=keys, vectors=-good, sha256=digest)  # changed, its checksum kept
    (fake_app.store.current_path() / "fake" / "passages.vec").unlink()  # nothing to reuse from the live build
    pool = FakePool()
    report = Kizuna(fake_app.settings, pool).build(show_progress=False)
    assert report.reused["fake"] == 0
    _assert_vectors_are_their_texts(IndexStore(fake_app.settings.index_dir).load(fake_app.settings))


# ---- 2. ask/serve answer from the last good index while another process builds ------------------------
def test_ask_does_not_wait_for_another_build_and_follows_it_when_published(fake_app: Kizuna, capsys):
    corpus = fake_app.settings.corpus_dir
    (corpus / "new.txt").write_text("Japan donated ventilators to Vietnam in 2020.\n", encoding="utf-8")
    app = Kizuna(fake_app.settings, FakePool())
    done = threading.Event()
    with fake_app.store.lock():  # another process is building
        worker = threading.Thread(target=lambda: (app.ask(QUESTION), done.set()))
        worker.start()
        worker.join(timeout=20)
        assert done.is_set(), "ask waited for the other build"
        # the other build publishes, still holding its lock
        read = read_corpus(corpus, fake_app.settings.limits)
        build_index(fake_app.store, fake_app.settings, read, FakePool(), show_progress=False)
    err = capsys.readouterr().err
    assert "another build is running (pid " in err and "answering from the index built " in err
    assert "waiting" not in err
    # the next question is answered from the published build, without building again
    assert any("ventilators" in p.text for p in app.index().passages)


def test_with_no_index_at_all_ask_waits_for_the_other_build(fake_settings, capsys):
    app = Kizuna(fake_settings, FakePool())
    done = threading.Event()
    with IndexStore(fake_settings.index_dir).lock():
        worker = threading.Thread(target=lambda: (app.ask(QUESTION), done.set()))
        worker.start()
        time.sleep(0.5)
        assert not done.is_set()
    worker.join(timeout=30)
    assert done.is_set()
    assert "waiting for it" in capsys.readouterr().err


# ---- 3. two `kizuna index` at once ---------------------------------------------------------------------
def test_a_build_that_waited_finds_the_index_up_to_date_and_builds_nothing(fake_app: Kizuna):
    corpus = fake_app.settings.corpus_dir
    (corpus / "new.txt").write_text("Japan donated ventilators to Vietnam in 2020.\n", encoding="utf-8")
    second = Kizuna(fake_app.settings, FakePool())
    result = {}
    with fake_app.store.lock():  # the first `kizuna index`
        worker = threading.Thread(target=lambda: result.setdefault("report", second.build(show_progress=False)))
        worker.start()
        time.sleep(0.5)
        read = read_corpus(corpus, fake_app.settings.limits)
        first, _ = build_index(fake_app.store, fake_app.settings, read, FakePool(), show_progress=False)
    worker.join(timeout=30)
    assert result["report"] is None  # nothing built a second time
    assert fake_app.store.current_path() == first.path and first.path.is_dir()
    assert second.index().path == first.path


# ---- 4. interrupted twice ------------------------------------------------------------------------------
class _Interrupting(FakeEncoder):
    def __init__(self, after: int) -> None:
        super().__init__("fake")
        self.after = after

    def encode_passages(self, texts):
        if len(self.calls) + len(texts) > self.after:
            raise KeyboardInterrupt
        return super().encode_passages(texts)


def test_a_build_interrupted_twice_hands_on_everything_embedded(fake_settings, monkeypatch):
    monkeypatch.setattr(build_module, "CACHE_EVERY_S", -1.0)  # a checkpoint after every batch
    earlier: list[str] = []
    for after in (40, 24):
        interrupting = _Interrupting(after)
        with pytest.raises(KeyboardInterrupt):
            Kizuna(fake_settings, EncoderPool(lambda spec, e=interrupting: e)).build(show_progress=False)
        earlier += interrupting.calls
    assert len(IndexStore(fake_settings.index_dir).partial_dirs()) == 1  # the first one's folder is gone
    encoder = FakeEncoder("fake")
    report = Kizuna(fake_settings, EncoderPool(lambda spec: encoder)).build(show_progress=False)
    assert len(earlier) == 64 and report.reused["fake"] >= 64
    assert not set(encoder.calls) & set(earlier)  # nothing either interrupted build embedded is embedded again
    _assert_vectors_are_their_texts(IndexStore(fake_settings.index_dir).load(fake_settings))
    assert not IndexStore(fake_settings.index_dir).partial_dirs()


def _cli(app: Kizuna, monkeypatch, *extra):
    monkeypatch.setattr(encoders, "make_encoder", lambda spec: FakeEncoder(spec))
    config = app.settings.corpus_dir.parent / "kizuna.toml"
    config.write_text(CONFIG, encoding="utf-8")
    common = ["--corpus", str(app.settings.corpus_dir), "--index", str(app.settings.index_dir)]
    return CliRunner().invoke(main, ["--config", str(config), "index", *common, *extra])


def test_an_up_to_date_index_still_removes_leftover_partial_folders(fake_app: Kizuna, monkeypatch):
    leftover = fake_app.settings.index_dir / "builds" / ".20260101-000000-abcdef.partial"
    leftover.mkdir()
    result = _cli(fake_app, monkeypatch)
    assert result.exit_code == 0 and "index is up to date" in result.stdout
    assert "removed 1 folder left by interrupted builds" in result.stderr
    assert not leftover.exists()


# ---- 5. files skipped at listing -----------------------------------------------------------------------
SECRET = "the launch code is 0000"


def _add_zip(corpus: Path) -> str:
    (corpus / "foo.zip").write_bytes(b"PK\x03\x04 " + SECRET.encode())
    return "foo.zip"


def _add_outside_link(corpus: Path) -> str:
    outside = corpus.parent / "secret.txt"
    outside.write_text(SECRET, encoding="utf-8")
    (corpus / "secret.txt").symlink_to(outside)
    return "secret.txt"


def _add_over_cap(corpus: Path) -> str:
    (corpus / "big.txt").write_text((SECRET + "\n") * 50_000, encoding="utf-8")  # 1.2 MB, cap is 1 MB
    return "big.txt"


@pytest.mark.parametrize("add", [_add_zip, _add_outside_link, _add_over_cap], ids=["zip", "link", "too large"])
def test_a_file_skipped_at_listing_makes_the_index_stale_and_strict_fail(fake_app: Kizuna, monkeypatch, add):
    monkeypatch.setattr(  # a 1 MB cap, to test it with a small file
        "kizuna.cli.common.load_settings",
        lambda *a, **k: fake_app.settings.replace(limits=LimitSettings(max_file_mb=1.0)),
    )
    assert _cli(fake_app, monkeypatch).exit_code == 0
    name = add(fake_app.settings.corpus_dir)
    result = _cli(fake_app, monkeypatch, "--strict")
    assert "up to date" not in result.stdout and f"newly skipped {name}" in result.stderr
    assert result.exit_code == 1 and "1 corpus file was not indexed (--strict)" in result.stderr
    assert f"  {name}: " in result.stderr and "not indexed (1 file):" in result.stderr
    manifest = IndexStore(fake_app.settings.index_dir).read_manifest()
    assert name in [s["path"] for s in manifest.skipped]
    for path in fake_app.store.current_path().rglob("*"):  # nothing of the file itself was read
        assert not path.is_file() or SECRET.encode() not in path.read_bytes()
    # removing it makes the index stale again, and the list forgets it
    (fake_app.settings.corpus_dir / name).unlink()
    result = _cli(fake_app, monkeypatch, "--strict")
    assert result.exit_code == 0 and f"no longer skipped: {name}" in result.stderr
    assert not IndexStore(fake_app.settings.index_dir).read_manifest().skipped


def test_the_watcher_notices_a_file_skipped_at_listing(fake_app: Kizuna):
    from kizuna.index.watch import corpus_signature

    before = corpus_signature(fake_app.settings.corpus_dir)
    _add_zip(fake_app.settings.corpus_dir)
    assert corpus_signature(fake_app.settings.corpus_dir) != before


# ---- minor: messages -----------------------------------------------------------------------------------
def test_a_damaged_manifest_is_named_once_when_ask_rebuilds(fake_app: Kizuna, capsys):
    manifest = fake_app.store.current_path() / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:200])
    Kizuna(fake_app.settings, FakePool()).ask(QUESTION)
    err = capsys.readouterr().err
    assert "kizuna: index damaged (manifest.json is not a complete manifest); building…" in err
    assert "run `kizuna index`" not in err


def test_pypdf_log_lines_stay_off_stderr_while_reading(tmp_path, capfd):
    """pypdf's "EOF marker not found" for a damaged PDF: the file's skip reason says it already."""
    import logging

    from kizuna.ingest.loaders import Unreadable, read_pdf_pages

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ngarbage")
    with pytest.raises(Unreadable, match="not a readable PDF"):
        read_pdf_pages(bad)
    assert capfd.readouterr().err == ""
    assert logging.getLogger("pypdf").level == logging.NOTSET  # as it was, after reading



# ---- a file caught half-written by a build --------------------------------------------------------------
def build_from(app: Kizuna, read):
    """Build and publish from a corpus read earlier (the corpus may have moved on since, as in a watcher's
    build that reads, then embeds for a while)."""
    with app.store.lock():
        index, _ = build_index(app.store, app.settings, read, FakePool(), show_progress=False)
    return index


def test_a_file_unreadable_when_read_and_finished_before_the_build_ends_makes_the_index_stale(fake_app: Kizuna):
    """A watcher's build reads a file still being written (here: still empty), skips it, and the file is
    finished before the build records the corpus fingerprint. The index must record the bytes it judged,
    so the finished file is a change it sees; hashed again at the end, it would be recorded finished and
    never indexed (a flaky live-corpus browser test found this)."""
    corpus = fake_app.settings.corpus_dir
    late = corpus / "late.txt"
    late.write_bytes(b"")
    read = read_corpus(corpus, fake_app.settings.limits)
    assert "late.txt" in {s.path for s in read.skipped} and "late.txt" in read.unreadable_sha256
    late.write_text("Japan donated ventilators to Vietnam in 2020.\n", encoding="utf-8")
    build_from(fake_app, read)
    status = fake_app.store.check(fake_app.settings)  # without the recorded hash: "fresh", late.txt never indexed
    assert status.status == "stale" and "changed file late.txt" in status.reasons


def test_a_file_added_while_a_build_embeds_is_new_to_the_index_it_publishes(fake_app: Kizuna):
    """A watcher's build reads the corpus, then embeds; a second file saved meanwhile was never read. The
    build must not record it as indexed (it re-lists the folder for the fingerprint at the end), or the
    index stays "fresh" without it."""
    corpus = fake_app.settings.corpus_dir
    read = read_corpus(corpus, fake_app.settings.limits)
    (corpus / "later.txt").write_text("Japan donated ventilators to Vietnam in 2020.\n", encoding="utf-8")
    index = build_from(fake_app, read)
    assert "later.txt" not in index.manifest.files
    status = fake_app.store.check(fake_app.settings)
    assert status.status == "stale" and "new file later.txt" in status.reasons



def test_a_file_the_system_refuses_to_read_is_skipped_and_the_index_goes_stale_once_it_can_be_read(
    fake_app: Kizuna, monkeypatch
):
    """Hashing the corpus at the end of a build read every file again: one the system refuses to read
    (a file of another user's, mode 600) stopped the whole build after it had embedded everything."""
    corpus = fake_app.settings.corpus_dir
    (corpus / "locked.txt").write_text("Okinawa trains Vietnamese midwives.\n", encoding="utf-8")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # root ignores file modes, so the refusal is simulated
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    with monkeypatch.context() as m:
        m.setattr(Path, "read_bytes", read_bytes)
        report = fake_app.build(show_progress=False)
        assert {"path": "locked.txt", "reason": "cannot be read (Permission denied)"} in report.skipped
        assert fake_app.status().status == "fresh"  # still refused: nothing to do
    status = fake_app.status()  # readable now
    assert status.status == "stale" and "changed file locked.txt" in status.reasons
    fake_app.build(show_progress=False)
    assert any("midwives" in p.text for p in fake_app.index().passages)


def test_a_catalog_saved_while_a_build_embeds_is_a_change_the_index_has_not_applied(fake_app: Kizuna):
    corpus = fake_app.settings.corpus_dir
    read = read_corpus(corpus, fake_app.settings.limits)
    catalog = corpus / "catalog.json"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('"title"', '"title" ', 1), encoding="utf-8")
    index = build_from(fake_app, read)
    assert index.manifest.catalog_sha256 == read.catalog_sha256
    status = fake_app.store.check(fake_app.settings)
    assert status.status == "stale" and "catalog.json changed" in status.reasons
