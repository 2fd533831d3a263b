import json
import os
from pathlib import Path

import pytest

from kizuna.engine import Kizuna
from kizuna.index.manifest import INDEX_FORMAT_VERSION, index_hash
from kizuna.index.store import DamagedIndexError, IncompatibleIndexError, IndexStore, MissingIndexError
from kizuna.settings import ChunkSettings

from .conftest import FakePool


def test_build_writes_a_manifest_beside_the_arrays(fake_app: Kizuna):
    manifest = fake_app.store.read_manifest()
    assert manifest.format == INDEX_FORMAT_VERSION
    assert manifest.kizuna_version
    assert manifest.settings_hash == index_hash(fake_app.settings)
    assert set(manifest.files) == {p.name for p in fake_app.settings.corpus_dir.glob("*.txt")}
    assert all(len(f.sha256) == 64 and f.passages > 0 for f in manifest.files.values())
    assert manifest.encoders["fake"].dim == 64
    assert manifest.max_passage_chars <= 1000
    assert "passages.jsonl" in manifest.checksums and "fake/passages.vec" in manifest.checksums
    assert fake_app.status().status == "fresh"


def test_load_round_trips_passages_and_documents(fake_app: Kizuna):
    built = fake_app.index()
    loaded = IndexStore(fake_app.settings.index_dir).load(fake_app.settings)
    assert [p.key for p in loaded.passages] == [p.key for p in built.passages]
    assert loaded.documents["kanagawa-moh-profile"].text == built.documents["kanagawa-moh-profile"].text
    assert loaded.search.dense["fake"].passages.count() == len(built.passages)
    assert loaded.search.dense["fake"].sentences.count() == len(built.sentences)
    assert loaded.search.lexical is not None and loaded.search.lexical.count() == len(built.passages)


def test_changed_file_is_detected_and_only_it_is_re_embedded(fake_settings):
    pool = FakePool()
    app = Kizuna(fake_settings, pool)
    app.build(show_progress=False)
    encoder = pool.get("fake")
    first_calls = len(encoder.calls)
    target = fake_settings.corpus_dir / "003_af01b7ee011a90c9.txt"
    target.write_text(
        target.read_text(encoding="utf-8") + "\nA new closing paragraph about vaccines.\n", encoding="utf-8"
    )
    fresh = Kizuna(fake_settings, pool)
    assert (
        fresh.status().status == "stale" and "changed file 003_af01b7ee011a90c9.txt" in fresh.status().reasons
    )
    encoder.calls.clear()
    report = fresh.build(show_progress=False)
    assert 0 < report.embedded["fake"] < first_calls / 3
    assert all(
        "vaccines" in t or "Vietnam" in t or "Japan" in t or "VNA" in t or "Nam" in t for t in encoder.calls
    )
    assert fresh.status().status == "fresh"


def test_new_and_removed_files_make_the_index_stale(fake_app: Kizuna):
    corpus = fake_app.settings.corpus_dir
    (corpus / "extra.md").write_text("# Extra\nJICA supports hospitals in Hue.\n", encoding="utf-8")
    assert "new file extra.md" in fake_app.status().reasons
    (corpus / "extra.md").unlink()
    (corpus / "004_de4a39ece3b27dbf.txt").unlink()
    assert "removed file 004_de4a39ece3b27dbf.txt" in fake_app.status().reasons


def test_changed_settings_make_load_refuse_with_a_clear_error(fake_app: Kizuna):
    other = fake_app.settings.replace(chunking=ChunkSettings(target_chars=400))
    assert Kizuna(other, FakePool()).status().status == "incompatible"
    with pytest.raises(IncompatibleIndexError, match="kizuna index"):
        IndexStore(other.index_dir).load(other)


def test_missing_index_raises(tmp_path: Path, fake_settings):
    with pytest.raises(MissingIndexError, match="kizuna index"):
        IndexStore(tmp_path / "nothing").load(fake_settings)


def test_interrupted_build_leaves_the_previous_index_usable(fake_app: Kizuna):
    before = fake_app.store.current_path()
    target = fake_app.settings.corpus_dir / "000_ba0af2cd8e801599.txt"
    target.write_text("Completely new text about dengue vaccines.\n", encoding="utf-8")

    class Exploding(FakePool):
        def __init__(self):
            super().__init__()
            self._factory = lambda spec: _raise()

    def _raise():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Kizuna(fake_app.settings, Exploding()).build(show_progress=False)
    assert fake_app.store.current_path() == before
    loaded = IndexStore(fake_app.settings.index_dir).load(fake_app.settings)
    assert len(loaded.passages) == json.loads((before / "manifest.json").read_text())["passages"]
    Kizuna(fake_app.settings, FakePool()).build(show_progress=False)  # the next build clears the leftovers
    assert not [p for p in (fake_app.settings.index_dir / "builds").iterdir() if p.name.startswith(".")]


def test_damaged_index_is_reported_not_crashed(fake_app: Kizuna):
    os.remove(fake_app.store.current_path() / "passages.jsonl")
    with pytest.raises(DamagedIndexError, match=r"passages.jsonl is missing.*run `kizuna index`"):
        IndexStore(fake_app.settings.index_dir).load(fake_app.settings)


def test_auto_build_rebuilds_a_stale_index(fake_app: Kizuna):
    target = fake_app.settings.corpus_dir / "003_af01b7ee011a90c9.txt"
    target.write_text("Japan donated ventilators to Vietnam in 2020.\n", encoding="utf-8")
    app = Kizuna(fake_app.settings, FakePool())
    app.index(show_progress=False)
    assert app.status().status == "fresh"
    assert any("ventilators" in p.text for p in app.index().passages)
