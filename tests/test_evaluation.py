import json
from pathlib import Path

import pytest

from kizuna.evaluation.metrics import (
    EvalSetError,
    hit_at,
    is_relevant,
    load_questions,
    ndcg_at,
    reciprocal_rank,
    run_eval,
    summarise,
)
from kizuna.ingest.loaders import load_corpus
from kizuna.ingest.text import squash

from .conftest import REPO, SEEDS

QUESTIONS = REPO / "eval" / "questions.jsonl"
HELDOUT = REPO / "eval" / "heldout.jsonl"  # never used to fit or choose anything (eval/README.md)


def test_metrics():
    rel = [False, True, False, True]
    assert hit_at(rel, 1) == 0 and hit_at(rel, 2) == 1
    assert reciprocal_rank(rel, 10) == 0.5 and reciprocal_rank(rel, 1) == 0
    # ideal DCG counts min(relevant in the index, k) hits, not retrieved positions
    assert ndcg_at([True], 1, 10) == 1.0
    assert ndcg_at([True], 3, 10) == pytest.approx(1 / (1 + 1 / 1.58496 + 1 / 2))
    assert ndcg_at([False] * 10, 0, 10) == 0.0


def test_relevance_is_by_normalised_evidence():
    assert is_relevant("…加入\n率は ８７.９％となっています", ["加入率は 87.9%"])
    assert not is_relevant("加入率は 87.8%", ["加入率は 87.9%"])


def test_bad_eval_files_name_the_line(tmp_path: Path):
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "question": "q", "lang": "en", "evidence": []}\nnot json\n'
        '{"id": "a", "question": "", "lang": "fr"}\n',
        encoding="utf-8",
    )
    with pytest.raises(EvalSetError) as err:
        load_questions(path)
    assert "line 2: not JSON" in str(err.value) and "line 3:" in str(err.value) and "'lang'" in str(err.value)
    with pytest.raises(EvalSetError, match="not found"):
        load_questions(tmp_path / "missing.jsonl")


def test_the_bundled_set_meets_its_specification():
    questions = load_questions(QUESTIONS)
    assert len(questions) >= 40
    assert {q.lang for q in questions} == {"en", "ja", "vi"}
    assert sum(q.cross_lingual for q in questions) >= 12
    assert sum(not q.answerable for q in questions) >= 4
    corpus = squash("".join(d.text for d in load_corpus(SEEDS)))
    for q in questions:
        for evidence in q.evidence:
            assert squash(evidence) in corpus, f"{q.id}: evidence not in the cleaned corpus: {evidence}"
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) <= {"id", "question", "lang", "evidence", "answerable", "cross_lingual", "follows"}


def test_the_heldout_set_is_well_formed_and_its_evidence_is_in_the_cleaned_corpus():
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), "duplicate ids in heldout.jsonl"
    for row in rows:
        assert set(row) <= {"id", "question", "lang", "evidence", "answerable", "cross_lingual", "follows"}
    questions = load_questions(HELDOUT)  # also checks each follow-up names an earlier question
    assert {q.lang for q in questions} == {"en", "ja", "vi"}
    for lang in ("en", "ja", "vi"):
        assert sum(q.lang == lang and q.answerable for q in questions) >= 8
        assert sum(q.lang == lang and not q.answerable for q in questions) >= 4
    assert {q.id for q in questions}.isdisjoint(q.id for q in load_questions(QUESTIONS))
    corpus = squash("".join(d.text for d in load_corpus(SEEDS)))
    for q in questions:
        for evidence in q.evidence:
            assert squash(evidence) in corpus, f"{q.id}: evidence not in the cleaned corpus: {evidence}"


def test_run_eval_reports_the_required_keys(fake_app):
    questions = load_questions(QUESTIONS)
    index = fake_app.index()
    report = run_eval(questions, index.passages, lambda q, d: [h.passage for h in fake_app.search(q, k=d)])
    for key in (
        "questions",
        "answerable",
        "hit_at_1",
        "hit_at_5",
        "mrr_at_10",
        "ndcg_at_10",
        "by_lang",
        "cross_lingual",
        "max_passage_chars",
    ):
        assert key in report
    assert report["questions"] == len(questions)
    assert set(report["by_lang"]) == {"en", "ja", "vi"}
    assert 0 <= report["hit_at_1"] <= report["hit_at_5"] <= 1
    assert report["evidence_not_in_index"] == []


def test_summarise_excludes_unanswerable_questions():
    from kizuna.evaluation.metrics import Question, QuestionResult

    answerable = Question("a", "q", "en", ("x",), True, False)
    unanswerable = Question("b", "q", "ja", (), False, False)
    report = summarise(
        [QuestionResult(answerable, (True,), 1, ("k#1",)), QuestionResult(unanswerable, (), 0, ())], k=10
    )
    assert report["answerable"] == 1 and report["hit_at_1"] == 1.0 and "ja" not in report["by_lang"]


def test_followups_name_an_earlier_question(tmp_path: Path):
    questions = load_questions(QUESTIONS)
    ids = [q.id for q in questions]
    followups = [q for q in questions if q.follows]
    assert len(followups) >= 3
    assert all(ids.index(q.follows) < ids.index(q.id) for q in followups)
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "b", "question": "And when?", "lang": "en", "evidence": ["x"], "follows": "a"}\n')
    with pytest.raises(EvalSetError, match="follows"):
        load_questions(path)


def test_followups_are_sent_resolved_against_their_conversation(tmp_path: Path):
    from kizuna.evaluation.metrics import Retrieved

    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "question": "Which agreement did Kanagawa sign?", "lang": "en", "evidence": ["x"]}\n'
        '{"id": "b", "question": "And when?", "lang": "en", "evidence": ["x"], "follows": "a"}\n'
    )
    sent = []

    def search(question, depth):
        sent.append(question)
        return Retrieved([], None)

    from kizuna.models import Passage

    passage = Passage(key="d#1", doc="d", ordinal=1, text="x", start=0, end=1, lang="en")
    run_eval(load_questions(path), [passage], search)
    assert sent[0] == "Which agreement did Kanagawa sign?" and sent[1].startswith("And when?") and "Kanagawa" in sent[1]


def test_calibration_metrics():
    from kizuna.evaluation.answers import (
        abstention_quality,
        confident_wrong_rate,
        expected_calibration_error,
        reliability_table,
    )

    # honest: 90% predicted, 9 of 10 right; overconfident: 95% predicted, half right
    assert expected_calibration_error([0.9] * 10, [True] * 9 + [False]) < 0.01
    assert expected_calibration_error([0.95] * 10, [True] * 5 + [False] * 5) > 0.4
    table = reliability_table([0.1, 0.15, 0.9], [False, False, True])
    assert [row["n"] for row in table] == [2, 1] and table[1]["observed"] == 1.0
    assert confident_wrong_rate([0.9, 0.85, 0.5, 0.95], [True, False, False, True]) == 0.25
    assert confident_wrong_rate([], []) == 0.0
    q = abstention_quality([True, True, False, False], [False, True, True, False])
    assert q == {"precision": 0.5, "recall": 0.5, "false_abstention_rate": 0.5}


def test_claim_sets_carry_verdicts_and_old_quote_sets_still_load():
    from kizuna.evaluation.metrics import load_quotes, run_quote_eval

    claims = load_quotes(REPO / "eval" / "claims.jsonl")
    assert {c.verdict for c in claims} == {"supported", "contradicted", "not found"}
    assert {c.lang for c in claims if c.verdict == "contradicted"} == {"en", "ja", "vi"}
    assert {c.kind for c in claims} >= {"changed_number", "changed_date", "changed_name", "absent"}
    corpus = squash("".join(d.text for d in load_corpus(SEEDS)))
    for c in claims:
        assert c.source is None or squash(c.source) in corpus, c.id
    quotes = load_quotes(REPO / "eval" / "quotes.jsonl")
    assert {q.verdict for q in quotes} == {"supported", "not found"}
    # a lookup that calls a contradicted claim "supported" is counted as the worst mistake
    case = next(c for c in claims if c.verdict == "contradicted")
    report = run_quote_eval([case], lambda q: {"supported": True, "matches": [{"text": case.source, "kind": "fuzzy", "score": 0.9}]})
    assert report["contradicted_called_supported"] == 1 and report["correct"] == 0


def test_the_heldout_claim_set_is_well_formed():
    # the held-out set is written blind from the documents; this only checks its shape and that
    # every cited source string really is in the cleaned corpus, never what kizuna answers
    from collections import Counter

    from kizuna.evaluation.metrics import load_quotes

    claims = load_quotes(REPO / "eval" / "claims_heldout.jsonl")
    assert len(claims) == 48
    assert Counter(c.lang for c in claims) == {"en": 16, "ja": 16, "vi": 16}
    assert len({c.id for c in claims}) == 48
    for lang in ("en", "ja", "vi"):
        verdicts = Counter(c.verdict for c in claims if c.lang == lang)
        assert verdicts == {"supported": 6, "contradicted": 5, "not found": 5}, lang
    corpus = squash("".join(d.text for d in load_corpus(SEEDS)))
    for c in claims:
        assert (c.source is None) == (c.verdict == "not found"), c.id
        assert c.source is None or squash(c.source) in corpus, c.id


def test_a_missing_lang_is_said_once(tmp_path: Path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "Hi?"}\n', encoding="utf-8")
    with pytest.raises(EvalSetError) as err:
        load_questions(path)
    assert str(err.value).count("'lang'") == 1


@pytest.mark.parametrize("name", ["heldout4.jsonl", "heldout5.jsonl", "heldout6.jsonl", "heldout7.jsonl", "heldout8.jsonl", "heldout9.jsonl"])
def test_the_later_blind_question_sets_are_well_formed_and_their_evidence_is_in_the_cleaned_corpus(name):
    questions = load_questions(REPO / "eval" / name)  # also checks each follow-up names an earlier question
    assert len({q.id for q in questions}) == len(questions) == 45
    for lang in ("en", "ja", "vi"):
        assert sum(q.lang == lang and q.answerable for q in questions) == 10
        assert sum(q.lang == lang and not q.answerable for q in questions) == 5
    corpus = squash("".join(d.text for d in load_corpus(SEEDS)))
    for q in questions:
        for evidence in q.evidence:
            assert squash(evidence) in corpus, f"{q.id}: evidence not in the cleaned corpus: {evidence}"


@pytest.mark.parametrize("name", [f"claims_heldout{n}.jsonl" for n in range(2, 13)])
def test_the_later_blind_claim_sets_cite_sources_that_are_in_the_cleaned_corpus(name):
    from kizuna.evaluation.metrics import load_quotes

    claims = load_quotes(REPO / "eval" / name)
    assert len({c.id for c in claims}) == len(claims) == 48
    corpus = squash("".join(d.text for d in load_corpus(SEEDS)))
    for c in claims:
        assert (c.source is None) == (c.verdict == "not found"), c.id
        assert c.source is None or squash(c.source) in corpus, c.id


def test_each_question_set_s_writer_is_read_from_its_ids():
    from kizuna.evaluation.common import question_author

    # the sessions' own questions open with their language (or un- for unanswerable ones); every blind
    # set's writer has a prefix of its own, so a model fitted on the others can be tried on theirs
    assert {question_author(i) for i in ("en-01", "ja-x2", "vi-16f", "un-en1")} == {"sessions"}
    assert [question_author(i) for i in ("n-en-01", "t-vi-04", "h-ja-09", "h2-en-03", "h6-vi-02")] == [
        "n",
        "t",
        "h",
        "h2",
        "h6",
    ]
