"""`kizuna bench`: build, query, start-up and scale figures from one run, written to eval/results/bench.md.

Everything runs on copies in a temporary folder (the user's index is never touched), with the models
loaded once and timed apart from what uses them. Times are medians (p50) and 95th percentiles over the
evaluation questions after a warm-up pass; the machine (cores, CPU model, load) is stated with them,
because on a small shared machine they move with whatever else runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import numpy as np

from kizuna.engine import FUSED, Kizuna
from kizuna.evaluation.bench_pg import run_pg_bench
from kizuna.evaluation.bench_report import markdown
from kizuna.evaluation.bench_scale import run_scale, word_pools
from kizuna.evaluation.metrics import load_questions
from kizuna.ingest.loaders import CATALOG_NAME, load_corpus
from kizuna.ingest.text import detect_lang
from kizuna.retrieval.encoders import EncoderPool
from kizuna.settings import ChunkSettings, RetrievalSettings, RetrieverSpec, Settings

SRC = Path(__file__).resolve().parents[2]  # the kizuna source tree this module runs from
Log = Callable[[str], None]


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": model or platform.machine(),
        "memory_gib": mem,
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "threads": {k: os.environ.get(k) for k in ("OMP_WAIT_POLICY", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")},
    }


def summary(seconds: list[float]) -> dict:
    """p50 and p95 in milliseconds."""
    ms = np.asarray(seconds) * 1000
    return {"p50": round(float(np.median(ms)), 3), "p95": round(float(np.percentile(ms, 95)), 3), "n": len(ms)}


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


class StandInEncoder:
    """Unit vectors from a hash of the text: the build pipeline's cost without a model's."""

    def __init__(self, name: str, dim: int = 384) -> None:
        self.name, self.dim = name, dim

    def describe(self) -> dict:
        return {"model": "stand-in (hash)", "package": None, "version": None, "dim": self.dim}

    def encode_queries(self, texts):
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out

    encode_passages = encode_queries


def copy_corpus(source: Path, target: Path, copies: int = 1, only: list[str] | None = None) -> Path:
    """The corpus (or the files named in `only`) copied `copies` times; copies after the first are
    renamed, so every copy is a distinct document with the same text."""
    target.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in source.iterdir() if p.is_file() and p.name != CATALOG_NAME)
    files = [p for p in files if only is None or p.name in only]
    for c in range(copies):
        for p in files:
            shutil.copy2(p, target / (p.name if c == 0 else f"copy{c:03d}_{p.name}"))
    if (source / CATALOG_NAME).exists():
        shutil.copy2(source / CATALOG_NAME, target / CATALOG_NAME)
    return target


# ---- sections -----------------------------------------------------------------------------------------
def build_section(settings: Settings, pool: EncoderPool, work: Path, growth: list[int], log: Log) -> tuple[Kizuna, dict]:
    out: dict = {"models_load_s": {}}
    for spec in settings.retrieval.encoders:  # loaded before the clock starts: a build's own cost
        out["models_load_s"][spec] = round(timed(lambda s=spec: pool.get(s)), 3)
    app = Kizuna(settings, pool)
    report = app.build(show_progress=False)
    out["full_build_s"] = round(report.seconds, 3)
    out["passages"], out["texts"] = report.passages, report.passages + len(app.index().sentences)
    log(f"cold build: {report.passages} passages, {out['texts']} texts embedded per encoder, {report.seconds:.1f} s")
    texts = [p.text for p in app.index().passages]
    out["passages_per_s"] = {}
    for spec in settings.retrieval.encoders:
        encoder = pool.get(spec)
        seconds = timed(lambda e=encoder: [e.encode_passages(texts[i : i + 8]) for i in range(0, len(texts), 8)])
        out["passages_per_s"][spec] = round(len(texts) / seconds, 2)
    changed = sorted(p for p in settings.corpus_dir.iterdir() if p.suffix in (".txt", ".md"))[0]
    with changed.open("a", encoding="utf-8") as fh:
        fh.write("\n\nA paragraph added by kizuna bench to time an update of one file.\n")
    update = Kizuna(settings, pool).build(show_progress=False)
    out["update_one_file_s"] = round(update.seconds, 3)
    out["update_embedded"] = update.embedded
    log(f"update of one file: {update.seconds:.2f} s ({update.embedded} embedded)")

    # growth: the whole pipeline with a stand-in encoder, on 1x, 10x, 100x copies of the corpus
    out["growth"] = []
    stand_in = EncoderPool(lambda spec: StandInEncoder(spec))
    for copies in growth:
        folder = work / f"copies-{copies}"
        corpus = copy_corpus(settings.corpus_dir, folder / "corpus", copies)
        grown = settings.replace(corpus_dir=corpus, index_dir=folder / "index")
        r = Kizuna(grown, stand_in).build(show_progress=False)
        out["growth"].append({"copies": copies, "passages": r.passages, "build_s": round(r.seconds, 3)})
        log(f"growth x{copies}: {r.passages} passages, {r.seconds:.2f} s")
        shutil.rmtree(folder, ignore_errors=True)
    return Kizuna(settings, pool), out


def query_section(app: Kizuna, questions: list[str], passes: int, log: Log) -> tuple[dict, dict]:
    """Warm p50/p95: each retriever alone, each query encoder alone, the fused default; answers apart."""
    from kizuna.answer.select import select_answer

    index = app.index()
    for q in questions:  # warm-up: first-query caches, page cache, branch predictors
        app.ask(q)
    runs: dict[str, Callable[[str], object]] = {}
    for r in app.settings.retrieval.retrievers:
        runs[r.name] = lambda q, name=r.name: app.search(q, retriever=name)
    loaded = {spec: app.pool.get(spec) for spec in app.settings.retrieval.encoders}
    for spec, encoder in loaded.items():
        runs[f"encoder:{spec}"] = lambda q, e=encoder: e.encode_queries([q])
    runs[FUSED] = lambda q: app.search(q)
    samples: dict[str, list[float]] = {name: [] for name in runs}
    answer: list[float] = []
    for _ in range(passes):
        for q in questions:
            for name, run in runs.items():
                samples[name].append(timed(lambda run=run, q=q: run(q)))
            scores = app.score(q)
            hits = app.search(q, scores=scores)
            started = time.perf_counter()
            select_answer(index, scores, hits[: app.settings.answer.from_passages], app.settings.answer)
            answer.append(time.perf_counter() - started)
    query_ms = {name: summary(s) for name, s in samples.items()}
    for name, s in query_ms.items():
        log(f"query {name}: p50 {s['p50']:.2f} ms, p95 {s['p95']:.2f} ms")
    return query_ms, summary(answer)


def _python_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (str(SRC), env.get("PYTHONPATH")) if x)
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env


def startup_section(settings: Settings, question: str, runs: int, log: Log) -> dict:
    """A cold `kizuna ask` in fresh processes: its phases (coldstart.py) and the real command's wall time."""
    paths = ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]
    phases, walls = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-m", "kizuna.evaluation.coldstart", *paths, question],
            capture_output=True, text=True, check=True, env=_python_env(),
        )
        phases.append(json.loads(out.stdout.strip().splitlines()[-1]))
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kizuna.cli", "ask", "--json", *paths, question],
            capture_output=True, text=True, check=True, env=_python_env(),
        )
        walls.append(time.perf_counter() - started)
    keys = ("total", "imports", "index", "models", "query")
    cold = {k: round(float(np.median([p[k] for p in phases])), 3) for k in keys}
    cold["cli_wall"] = round(float(np.median(walls)), 3)
    cold["heavy_modules"] = phases[-1]["heavy_modules"]
    log(f"cold ask: {cold}")
    return cold


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post_json(url: str, payload: dict, timeout: float = 120) -> str:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read().decode()


def serve_section(settings: Settings, questions: list[str], log: Log, timeout: float = 180) -> float | None:
    """Peak resident memory (VmHWM) of `kizuna serve` after answering a few questions through its API."""
    port = _free_port()
    paths = ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kizuna.cli", "serve", "--port", str(port), *paths],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_python_env(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log("serve did not start; no RSS figure")
                    return None
                time.sleep(0.5)
        for q in questions:
            event = json.loads(_post_json(f"{base}/gradio_api/call/ask", {"data": [q, 5]}))["event_id"]
            with urllib.request.urlopen(f"{base}/gradio_api/call/ask/{event}", timeout=120) as r:
                body = r.read().decode()
            if "event: complete" not in body:
                raise RuntimeError(f"kizuna serve did not answer {q!r}: {body[:300]}")
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        log(f"serve peak RSS after {len(questions)} questions: {peak_kb / 1024:.0f} MB")
        return round(peak_kb / 1024, 1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


COMMON_RECIPE = dict(
    chunking=ChunkSettings(strategy="fixed", target_chars=1000, max_chars=1000, overlap_chars=200),
    retrieval=RetrievalSettings(
        retrievers=(RetrieverSpec("minilm", "dense", 1.0, "minilm"),),
        calibration="none",
        sentence_weight=0.0,
        vector_index="flat",
    ),
)


def common_recipe_section(settings: Settings, pool: EncoderPool, questions: list[str], ours: dict, log: Log) -> dict:
    """The tutorial recipe (fixed 1000/200 windows, MiniLM, flat FAISS, raw cosine) built and queried the same way."""
    recipe = settings.replace(index_dir=settings.index_dir.parent / "common-recipe", **COMMON_RECIPE)
    load_s = timed(lambda: pool.get("minilm"))
    app = Kizuna(recipe, pool)
    build_s = app.build(show_progress=False).seconds
    for q in questions:
        app.search(q)
    times = [timed(lambda q=q: app.search(q)) for q in questions]
    query = summary(times)
    out = {
        "model_load_s": round(load_s, 3),
        "build_s": round(build_s, 3),
        "query_ms": query,
        "build_ratio": round(ours["full_build_s"] / build_s, 2),
        "query_p50_ratio": round(ours["fused_p50"] / query["p50"], 2),
    }
    log(f"common recipe: {out}")
    return out


def scale_pools(settings: Settings) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = {}
    for doc in load_corpus(settings.corpus_dir):
        by_lang.setdefault(doc.meta.language or detect_lang(doc.text), []).append(doc.text)
    return word_pools(by_lang)


# synthetic collections timed in PostgreSQL (bench_pg.py). 1M is left to `--pg-sizes 1000000`: pgvector's
# HNSW build took minutes at 100k on this 2-core machine, and grows faster than linearly
PG_SIZES = (100_000,)


def run_bench(
    settings: Settings,
    questions_file: Path,
    quick: bool = False,
    log: Log = print,
    pg_only: bool = False,
    pg_sizes: tuple[int, ...] | None = None,
) -> dict:
    """Every section; `pg_only` runs only the PostgreSQL comparison (with FAISS at the same sizes)."""
    started = time.perf_counter()
    result: dict = {"quick": quick, "machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
    questions = [q.question for q in load_questions(questions_file)]
    with tempfile.TemporaryDirectory(prefix="kizuna-bench-") as tmp:
        work = Path(tmp)
        # --quick: the smallest document, a few questions and small collections, for a smoke test
        only = [min((p for p in settings.corpus_dir.iterdir() if p.suffix == ".txt"), key=lambda p: p.stat().st_size).name] if quick else None
        corpus = copy_corpus(settings.corpus_dir, work / "corpus", 1, only)
        bench_settings = settings.replace(corpus_dir=corpus, index_dir=work / "index")
        if quick:
            questions = questions[:8]
        pool = EncoderPool()
        sizes = [2_000, 10_000] if quick else [10_000, 100_000, 1_000_000]
        pg_sizes = tuple(pg_sizes or ((2_000,) if quick else PG_SIZES))
        if pg_only:
            return _pg_only(result, bench_settings, questions, pool, pg_sizes, quick, work, log, started)
        app, build = build_section(bench_settings, pool, work, [1, 2] if quick else [1, 10, 100], log)
        result["build"] = build
        result["full_build_s"], result["update_one_file_s"] = build["full_build_s"], build["update_one_file_s"]
        result["query_ms"], result["answer_ms"] = query_section(app, questions, 1 if quick else 2, log)
        result["cold_ask_s"] = startup_section(bench_settings, questions[0], 1 if quick else 3, log)
        result["serve_rss_mb"] = None if quick else serve_section(bench_settings, questions[:5], log)
        ours = {"full_build_s": build["full_build_s"], "fused_p50": result["query_ms"][FUSED]["p50"]}
        result["common_recipe"] = None if quick else common_recipe_section(bench_settings, pool, questions, ours, log)
        result["scale"] = run_scale(
            sizes, dataclasses.replace(settings.retrieval), scale_pools(bench_settings), 10 if quick else 50, log=log
        )
        result["postgresql"] = run_pg_bench(
            bench_settings, questions, pg_sizes, scale_pools(bench_settings), pool, 10 if quick else 50, log
        )
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def _pg_only(result, settings, questions, pool, sizes, quick, work, log, started) -> dict:
    """The PostgreSQL section, with the FAISS scale rows of the same sizes beside it."""
    pools = scale_pools(settings)
    result["postgresql"] = run_pg_bench(settings, questions, sizes, pools, pool, 10 if quick else 50, log)
    result["scale"] = run_scale(list(sizes), dataclasses.replace(settings.retrieval), pools, 10 if quick else 50, log=log)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def write_report(result: dict, path: Path) -> None:
    from kizuna.evaluation import bench_pg

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((markdown if "build" in result else bench_pg.markdown)(result), encoding="utf-8")
