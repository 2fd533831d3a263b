"""What every `kizuna` command shares: where the settings and the index come from, the facade built
with a "loading models…" notice, and kizuna's own errors turned into one-line messages.

Nothing here imports the engine or a model library at import time, so `kizuna --help` stays light.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from kizuna.settings import ConfigError, Settings, load_settings

FUSED = "fused"  # kizuna.engine.FUSED, named here so that --help does not import the engine
LANGS = ("en", "ja", "vi")  # kizuna.ingest.text.LANGS, for the same reason (a test keeps them equal)


def user_errors(func):
    """Turn kizuna's own errors into a one-line message and exit status 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from kizuna.engine import USER_ERRORS

        try:
            return func(*args, **kwargs)
        except USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def make_app(settings: Settings):
    """The facade, with a pool that says "loading models…" on stderr before it loads the first one."""
    from kizuna.engine import Kizuna
    from kizuna.retrieval import encoders

    return Kizuna(settings, encoders.EncoderPool(_saying_loading(encoders.make_encoder)))


def _saying_loading(factory):
    """`factory` that first says "loading models…" on stderr, once: a cold command (a few seconds of
    loading) does not sit silent, and a command that loads no model (BM25 only, an up-to-date index)
    says nothing. stderr, so --json output on stdout stays clean."""
    said = False

    def load(spec: str):
        nonlocal said
        if not said:
            said = True
            click.echo("kizuna: loading models…", err=True)
        return factory(spec)

    return load


def command_settings(ctx: click.Context, corpus: Path | None, index: Path | None) -> Settings:
    """The settings of this run: the group's --config and --store, and the command's --corpus/--index."""
    try:
        return load_settings(ctx.obj.get("config"), corpus, index, ctx.obj.get("store"))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of .txt/.md/.pdf/.html/.docx documents (default: the repo's corpus/).",
)
_index_dir_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the built index (default: the repo's index/).",
)


def _remember_store(ctx: click.Context, _param, value: str | None) -> None:
    if value:  # read by command_settings; kept out of the commands' signatures
        ctx.ensure_object(dict)["store"] = value


_store_option = click.option(
    "--store",
    metavar="URL",
    expose_value=False,
    callback=_remember_store,
    help="Keep the index in PostgreSQL: postgresql://USER:PASSWORD@HOST:PORT/DB (default: $KIZUNA_STORE, "
    "else the index folder).",
)


def index_option(func):
    """--index DIR and --store URL: where the index lives."""
    return _index_dir_option(_store_option(func))
