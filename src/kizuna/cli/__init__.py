"""The `kizuna` command: a thin click layer over the Kizuna facade.

Each command imports what it needs when it runs, so `kizuna --help` loads no index backend and a cold
`kizuna ask` imports only the libraries of the configured retrievers (eval/results/bench.md checks this).
The commands live by kind: `corpus` (index, ask, cite), `service` (eval, bench, serve); `common` holds
the options and error handling they share. `main`, the group, is the entry point (pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

import click

from kizuna.cli.common import FUSED, LANGS, corpus_option, index_option
from kizuna.cli.corpus import ask, cite, index
from kizuna.cli.service import bench, evaluate, serve

__all__ = [  # what `kizuna.cli` offered when it was one module
    "FUSED",
    "LANGS",
    "ask",
    "bench",
    "cite",
    "corpus_option",
    "evaluate",
    "index",
    "index_option",
    "main",
    "serve",
]


@click.group()
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="TOML settings file (default: $KIZUNA_CONFIG or ./kizuna.toml if present).",
)
@click.version_option(package_name="kizuna")
@click.pass_context
def main(ctx: click.Context, config: Path | None) -> None:
    """Ask questions about Vietnam–Japan healthcare cooperation and get cited passages."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


for _command in (index, ask, cite, serve, evaluate, bench):  # the order they were written in
    main.add_command(_command)
