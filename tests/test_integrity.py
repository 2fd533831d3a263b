"""A damaged index is found, named and rebuilt; builds never interleave; a failed rebuild keeps the last
good index answering."""

import threading
import time

import pytest
from click.testing import CliRunner

from kizuna.cli import main
from kizuna.engine import Kizuna
from kizuna.index.store import DamagedIndexError, IndexStore
from kizuna.retrieval import encoders

from .conftest import FakeEncoder, FakePool


def _truncate(path, keep=0.5):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def _flip_bit(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0x01
    path.write_bytes(bytes(data))


def _swap_two_lines(path):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3], lines[4] = lines[4], lines[3]
    path.write_text("".join(lines), encoding="utf-8")


DAMAGES = {
    "truncated vectors": lambda build: _truncate(build / "fake" / "passages.vec"),
    "truncated manifest": lambda build: _truncate(build / "manifest.json"),
    "shortened passages": lambda build: _truncate(build / "passages.jsonl", 0.8),
    "bit flip in passages": lambda build: _flip_bit(build / "passages.jsonl"),
    "two swapped passage lines": lambda build: _swap_two_lines(build / "passages.jsonl"),
    "missing BM25 folder file": lambda build: next((build / "bm25").iterdir()).unlink(),
    "garbage pointer": lambda build: (build.parents[1] / "CURRENT").write_bytes(b"\xff\xfe\x00"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_every_damage_is_detected_and_repaired_by_kizuna_index(fake_app: Kizuna, damage):
    DAMAGES[damage](fake_app.store.current_path())
    app = Kizuna(fake_app.settings, FakePool())
    status = app.status()
    assert status.status in ("damaged", "missing") and not status.usable, status
    if status.status == "damaged":
        with pytest.raises(DamagedIndexError, match="run `kizuna index`"):
            IndexStore(fake_app.settings.index_dir).load(fake_app.settings)
    app.build(show_progress=False)  # what `kizuna index` does for a status that is not fresh
    assert app.status().usable
    assert app.ask("When was the MOU signed?").hits


def test_cli_names_the_fix_and_index_repairs_it(fake_app: Kizuna, monkeypatch):
    monkeypatch.setattr(encoders, "make_encoder", lambda spec: FakeEncoder(spec))
    _truncate(fake_app.store.current_path() / "fake" / "passages.vec")
    runner = CliRunner()
    config = fake_app.settings.corpus_dir.parent / "kizuna.toml"
    config.write_text(
        '[retrieval]\n[[retrieval.retrievers]]\nname = "fake"\nkind = "dense"\nencoder = "fake"\n'
        '[[retrieval.retrievers]]\nname = "bm25"\nkind = "bm25"\nweight = 0.5\n',
        encoding="utf-8",
    )
    common = ["--corpus", str(fake_app.settings.corpus_dir), "--index", str(fake_app.settings.index_dir)]
    result = runner.invoke(main, ["--config", str(config), "index", *common])
    assert result.exit_code == 0, result.output
    assert "up to date" not in result.output and "damaged" in result.output
    result = runner.invoke(main, ["--config", str(config), "index", *common])
    assert "up to date" in result.output


def test_a_second_build_waits_for_the_first(fake_app: Kizuna):
    store = fake_app.store
    finished = threading.Event()

    def second_build():
        Kizuna(fake_app.settings, FakePool()).build(show_progress=False)
        finished.set()

    with store.lock():
        worker = threading.Thread(target=second_build)
        worker.start()
        time.sleep(0.5)
        assert not finished.is_set()  # blocked on the lock while the first build holds it
    worker.join(timeout=30)
    assert finished.is_set() and fake_app.status().usable


def test_a_failed_rebuild_keeps_answering_from_the_last_good_index(fake_app: Kizuna, capsys):
    corpus = fake_app.settings.corpus_dir
    (corpus / "catalog.json").write_text("{ not json", encoding="utf-8")  # the rebuild will fail on it
    app = Kizuna(fake_app.settings, FakePool())
    assert app.status().status == "stale"
    response = app.ask("When was the MOU signed?")
    assert response.hits
    assert "answering from the last good index" in capsys.readouterr().err
