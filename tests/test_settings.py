"""Settings: a schema that refuses wrong keys and values, a documented example that stays true, and an
index fingerprint that follows the code that shapes text."""

import dataclasses
import re
import shutil
import tomllib
from pathlib import Path

import pytest

import kizuna.ingest
from kizuna import settings as settings_module
from kizuna.index import manifest
from kizuna.settings import ConfigError, Settings, settings_from_dict


def _doc_example() -> dict:
    block = settings_module.__doc__.split("may hold::", 1)[1]
    lines = [ln[4:] for ln in block.splitlines() if ln.startswith("    ")]
    return tomllib.loads("\n".join(lines))


def test_the_documented_example_parses_and_shows_the_defaults():
    example = _doc_example()
    parsed = settings_from_dict(example, Path("/tmp"))
    defaults = Settings()
    for group, values in example.items():
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            if key == "retrievers":
                continue
            # copying the example must not change behaviour: each value shown is the default
            assert getattr(getattr(defaults, group), key) == value, f"[{group}] {key} in the docstring is stale"
            assert getattr(getattr(parsed, group), key) == value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"retrieval": {"kk": 3}}, "retrieval.kk"),
        ({"retrieval": {"k": 0}}, "retrieval.k"),
        ({"retrieval": {"fusion": "magic"}}, "retrieval.fusion"),
        ({"chunking": {"target_chars": 2000}}, "target_chars <= max_chars"),
        ({"answer": {"abstain_below": "high"}}, "answer.abstain_below"),
        ({"retrieval": {"retrievers": [{"name": "x", "kind": "dense"}]}}, "needs an 'encoder'"),
        ({"retrieval": {"retrievers": []}}, "at least one retriever"),
        ({"limits": {"max_question_chars": 1}}, "limits.max_question_chars"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_wrong_keys_and_values_are_one_line_errors(data, message):
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        settings_from_dict(data)
    assert "\n" not in str(info.value)


def test_settings_are_frozen_and_replace_validates():
    s = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.retrieval = None  # type: ignore[misc]
    with pytest.raises(ValueError):
        s.with_retrieval(k=0)
    assert s.with_retrieval(k=3).retrieval.k == 3 and s.retrieval.k == 5


def test_editing_any_text_shaping_module_changes_the_index_fingerprint(tmp_path, monkeypatch):
    source = Path(kizuna.ingest.__file__).parent
    copy = tmp_path / "ingest"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
    fingerprint = manifest.text_code_fingerprint.__wrapped__
    monkeypatch.setattr(kizuna.ingest, "__file__", str(copy / "__init__.py"))
    before = fingerprint()
    units = copy / "units.py"
    units.write_text(units.read_text().replace("MIN_SENTENCE_CHARS = 30", "MIN_SENTENCE_CHARS = 31"))
    assert fingerprint() != before
