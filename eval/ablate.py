"""Side-by-side ablation of fusion settings, in one process so the models load once.

    .venv/bin/python eval/ablate.py            # prints one line per configuration

Builds its own index in a temporary folder (the repo's index/ is left alone).
"""

import tempfile
from dataclasses import replace
from pathlib import Path

from kizuna.engine import Kizuna
from kizuna.evaluation.metrics import load_questions, run_eval
from kizuna.retrieval.encoders import EncoderPool
from kizuna.settings import RetrieverSpec, load_settings

HERE = Path(__file__).resolve().parent


def main() -> None:
    questions = load_questions(HERE / "questions.jsonl")
    base = replace(load_settings(), index_dir=Path(tempfile.mkdtemp(prefix="kizuna-ablate-")))
    pool = EncoderPool()
    e5 = RetrieverSpec("e5", "dense", 1.0, "e5")

    def bm25(w):
        return RetrieverSpec("bm25", "bm25", w)

    def use(w, languages=("en", "ja")):
        return RetrieverSpec("use", "dense", w, "use", languages=languages)

    configs = {}
    for sw in (0.0, 0.5, 1.0):
        for uw in (0.0, 0.5, 1.0):
            for bw in (0.0, 0.2, 0.5):
                retrievers = (e5,) + ((use(uw),) if uw else ()) + ((bm25(bw),) if bw else ())
                configs[f"zsum sw={sw} use={uw} bm25={bw}"] = base.with_retrieval(retrievers=retrievers, sentence_weight=sw
                )
    configs["default but USE on vi too"] = base.with_retrieval(retrievers=(e5, use(0.5, None), bm25(0.2)))
    configs["default + minilm(en) 0.3"] = base.with_retrieval(retrievers=(
            e5,
            use(0.5),
            bm25(0.2),
            RetrieverSpec("minilm", "dense", 0.3, "minilm", languages=("en",)),
        ),
    )
    configs["rrf e5+use+bm25 (1,1,1)"] = base.with_retrieval(fusion="rrf", retrievers=(e5, use(1.0, None), bm25(1.0))
    )
    configs["rrf default weights"] = base.with_retrieval(fusion="rrf")
    configs["default, no calibration"] = base.with_retrieval(calibration="none")

    for name, settings in configs.items():
        app = Kizuna(settings, pool)
        index = app.index(show_progress=False)
        r = run_eval(questions, index.passages, lambda q, depth, s=app.search: [h.passage for h in s(q, k=depth)])
        cl = r["cross_lingual"]
        print(
            f"{name:40} hit1 {r['hit_at_1']:.3f} hit5 {r['hit_at_5']:.3f} mrr {r['mrr_at_10']:.3f} "
            f"ndcg {r['ndcg_at_10']:.3f} xl {cl['hit_at_5']:.3f}/{cl['mrr_at_10']:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
