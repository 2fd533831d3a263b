"""A live corpus: files added, changed or removed while the app runs are picked up in the background."""

import time

from kizuna.engine import Kizuna
from kizuna.index.watch import CorpusWatcher, corpus_signature

from .conftest import FakePool


def _wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_signature_moves_with_any_file_change(fake_app: Kizuna):
    corpus = fake_app.settings.corpus_dir
    before = corpus_signature(corpus)
    (corpus / "new.md").write_text("# New\nA new note.\n", encoding="utf-8")
    added = corpus_signature(corpus)
    (corpus / "new.md").unlink()
    assert before != added and corpus_signature(corpus) == before


def test_a_file_added_while_serving_becomes_searchable(fake_app: Kizuna):
    app = Kizuna(fake_app.settings, FakePool())
    old = app.index(show_progress=False)
    watcher = app.watch(interval=0.2)
    try:
        note = fake_app.settings.corpus_dir / "okinawa-note.md"
        note.write_text(
            "# Okinawa exchange\nOkinawa Prefecture trained twelve Vietnamese midwives in 2023.\n", encoding="utf-8"
        )
        assert _wait_for(lambda: app.index() is not old), "the watcher did not rebuild"
        hits = app.search("Okinawa midwives", k=3)
        assert hits[0].passage.doc == "okinawa-note"
        assert app.last_update is not None and app.last_update.embedded["fake"] < 10  # only the new text
        assert app.status().usable
    finally:
        watcher.stop()


def test_a_failed_refresh_keeps_the_watcher_and_the_index(fake_app: Kizuna, capsys):
    calls = []

    def refresh():
        calls.append(1)
        raise RuntimeError("disk full")

    watcher = CorpusWatcher(fake_app.settings.corpus_dir, refresh, interval=60)
    watcher._seen = corpus_signature(fake_app.settings.corpus_dir)
    (fake_app.settings.corpus_dir / "x.md").write_text("# X\nText.\n", encoding="utf-8")
    assert watcher.poll() and calls
    assert "still answering from the last one" in capsys.readouterr().err
    assert not watcher.poll()  # nothing moved since: no second attempt until the corpus changes again
