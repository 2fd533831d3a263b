"""eval/results/bench.md from one `kizuna bench` result: the figures, and the issue's targets checked on them."""

from __future__ import annotations

import json

from kizuna.evaluation.bench_pg import markdown_lines


def _ms(s: dict) -> str:
    return f"{s['p50']:.1f} | {s['p95']:.1f}"


def targets(r: dict) -> list[tuple[str, str, bool | None]]:
    """(target, what was measured, met?) — None where this run did not measure it."""
    out: list[tuple[str, str, bool | None]] = []
    q = r["query_ms"]
    encoders = {k: v for k, v in q.items() if k.startswith("encoder:")}
    if encoders:
        slowest = max(encoders, key=lambda k: encoders[k]["p50"])
        ratio = q["fused"]["p50"] / max(encoders[slowest]["p50"], 1e-9)
        out.append(("fused p50 ≤ 1.5 × slowest query encoder p50", f"{ratio:.2f} × ({slowest})", ratio <= 1.5))
    scale = r.get("scale") or []
    by = {(row["n"], row["kind"]): row for row in scale}
    top = max((row["n"] for row in scale), default=None)
    if top and (top, "flat") in by and (top, "hnsw") in by:
        flat, hnsw = by[(top, "flat")], by[(top, "hnsw")]
        speedup = flat["p50_ms"] / max(hnsw["p50_ms"], 1e-9)
        ok = speedup >= 20 and hnsw["recall_at_10"] >= 0.95
        out.append((f"at {top:,} passages approximate ≥ 20× faster than exact, recall@10 ≥ 0.95",
                    f"{speedup:.1f}×, recall@10 {hnsw['recall_at_10']:.3f}", ok if top >= 1_000_000 else None))
        low = min(row["n"] for row in scale)
        if (low, "hnsw") in by and low < top:
            # the dense path alone: BM25 runs only where there is generated text, not at every size
            dense = [by[(n, "hnsw")].get("p50_dense_ms", by[(n, "hnsw")]["p50_ms"]) for n in (low, top)]
            growth = dense[1] / max(dense[0], 1e-9)
            out.append((f"approximate query time (dense path) sub-linear from {low:,} to {top:,}",
                        f"{growth:.2f}× for {top // low}× the passages", growth < top / low))
    ratio = r["update_one_file_s"] / max(r["full_build_s"], 1e-9)
    out.append(("update of one file < 1/10 of a full build", f"{ratio:.3f}", ratio < 0.1))
    growth_rows = r["build"].get("growth") or []
    if len(growth_rows) > 1:
        per = [row["build_s"] / row["passages"] * 1000 for row in growth_rows]
        linear = max(per[1:]) <= 1.5 * per[0] + 1e-9 or max(per) <= 1.5 * min(per)
        out.append(("build time linear in the corpus (copies)",
                    ", ".join(f"×{row['copies']}: {p:.2f} ms/passage" for row, p in zip(growth_rows, per, strict=True)),
                    linear))
    heavy = r["cold_ask_s"].get("heavy_modules", [])
    no_torch = not any(m in heavy for m in ("torch", "sentence_transformers", "gradio"))
    out.append(("cold ask imports no torch/sentence-transformers/gradio without an ST encoder",
                f"heavy modules imported: {', '.join(heavy) or 'none'}", no_torch))
    return out


def markdown(r: dict) -> str:
    m = r["machine"]
    b = r["build"]
    lines = [
        "# kizuna bench",
        "",
        f"Produced by `kizuna bench{' --quick' if r['quick'] else ''}` on {r['started']} in {r['seconds']:.0f} s.",
        "",
        f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory_gib']} GiB, Python {m['python']}; "
        f"load average {m['load_average']} at the start, {m.get('load_average_end')} at the end "
        "(other processes shared the cores, so compare ratios within this run rather than absolute times). "
        f"Thread settings: {m['threads']}.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
    ]
    for name, measured, ok in targets(r):
        lines.append(f"| {name} | {measured} | {'yes' if ok else 'no' if ok is False else 'n/a'} |")
    lines += [
        "",
        "## Build",
        "",
        f"Cold build of the bundled corpus ({b['passages']} passages; {b['texts']} passage and sentence texts "
        f"embedded per encoder), models already loaded: **{b['full_build_s']:.1f} s**. "
        f"Model load: {', '.join(f'{k} {v:.2f} s' for k, v in b['models_load_s'].items())}.",
        "",
        "Encoder throughput on the passages (batches of 8): "
        + ", ".join(f"{k} {v:.1f} passages/s" for k, v in b["passages_per_s"].items())
        + ".",
        "",
        f"Update after appending a paragraph to one file: **{b['update_one_file_s']:.2f} s** "
        f"(embedded: {b['update_embedded']}).",
        "",
        "Growth, the whole build pipeline with a stand-in hash encoder (no model cost; the models' cost is "
        "per text, above):",
        "",
        "| copies | passages | build s | ms/passage |",
        "| --- | --- | --- | --- |",
    ]
    for row in b["growth"]:
        lines.append(f"| {row['copies']} | {row['passages']} | {row['build_s']:.2f} | {row['build_s'] / row['passages'] * 1000:.2f} |")
    lines += [
        "",
        "## Query (warm, over the evaluation questions)",
        "",
        "Retrievers alone and fused: `Kizuna.search` (encoding, candidates, calibration, fusion, hits). "
        "`encoder:NAME`: the query encoder alone. Answer: the answer extraction alone, given the hits.",
        "",
        "| path | p50 ms | p95 ms |",
        "| --- | --- | --- |",
    ]
    for name, s in r["query_ms"].items():
        lines.append(f"| {name} | {_ms(s)} |")
    lines.append(f"| answer extraction | {_ms(r['answer_ms'])} |")
    c = r["cold_ask_s"]
    lines += [
        "",
        "## Start-up",
        "",
        "A cold `kizuna ask` in a fresh process (index already built), median of the runs: "
        f"imports {c['imports']:.2f} s, index load {c['index']:.2f} s, model load {c['models']:.2f} s, "
        f"query {c['query']:.2f} s, **total {c['total']:.2f} s**; the real command's wall time "
        f"{c['cli_wall']:.2f} s (with interpreter start-up). Heavy libraries imported: "
        f"{', '.join(c['heavy_modules']) or 'none'}.",
        "",
        "Peak RSS (VmHWM) of `kizuna serve` after answering five questions through its API: "
        + (f"**{r['serve_rss_mb']:.0f} MB**." if r.get("serve_rss_mb") else "not measured in this run."),
        "",
    ]
    cr = r.get("common_recipe")
    if cr:
        lines += [
            "## The common recipe in the same run",
            "",
            "Fixed 1000/200-character windows, all-MiniLM-L6-v2, flat FAISS, raw cosine: build "
            f"{cr['build_s']:.2f} s (MiniLM load {cr['model_load_s']:.1f} s, torch included), query p50 "
            f"{cr['query_ms']['p50']:.1f} ms. kizuna's default / the recipe: build ×{cr['build_ratio']}, "
            f"query p50 ×{cr['query_p50_ratio']} (kizuna embeds every sentence too, with two encoders, "
            "and fuses three retrievers; eval/README.md has what that buys in answer quality).",
            "",
        ]
    lines += [
        "## Scale",
        "",
        "The full query path except the encoder (candidate search on the passage and sentence vector "
        "indexes, BM25 where there is text, calibration, fusion, ranked hits) on synthetic collections: "
        "clustered unit vectors of e5's 384 dimensions (a mixture around 2,000 random centres; uniformly "
        "random vectors would have no neighbourhoods and are the worst case for any approximate index), one "
        "sentence unit per ten passages, en/ja/vi labels, queries that are perturbed copies of stored "
        "vectors; generated text from the corpus's words for BM25 up to 100k. recall@10: the share of the "
        "exact (flat) path's top 10 that the same path finds with the approximate (HNSW) index. "
        "FAISS with 2 OpenMP threads.",
        "",
        "| passages | index | BM25 | build s | query p50 ms | p95 ms | dense path alone p50 ms | recall@10 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in r.get("scale") or []:
        lines.append(
            f"| {row['n']:,} | {row['kind']} | {'yes' if row['bm25'] else 'no'} | {row['build_s']:.1f} | "
            f"{row['p50_ms']:.2f} | {row['p95_ms']:.2f} | {row.get('p50_dense_ms', row['p50_ms']):.2f} | "
            f"{row['recall_at_10']:.3f} |"
        )
    lines += ["", *markdown_lines(r.get("postgresql"), r.get("scale"))]
    lines += ["## Raw result", "", "```json", json.dumps(r, indent=1, ensure_ascii=False), "```", ""]
    return "\n".join(lines)
