"""Command line: ``briefing build``, ``serve``, ``digest``, ``review`` and ``ner`` (also
``python -m generator``)."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path
from typing import Any

from .config import CONFIG_FILE, Settings
from .config import describe as describe_config
from .config import load as load_config
from .errors import BriefingError, ConfigError, error_lines


def settings(args: argparse.Namespace) -> Settings:
    """The configuration file's settings with the command-line flags over them: the one
    place flags take effect."""
    base = load_config(_config_path(args))
    values: dict[str, Any] = {}
    if getattr(args, "no_pdf", False):
        values["pdf.enabled"] = False
    if getattr(args, "cache_dir", None):
        values["cache.dir"] = args.cache_dir
    if getattr(args, "engine", None):
        values["build.engine"] = args.engine
    if getattr(args, "scheduler", None):
        if (values.get("build.engine") or base["build.engine"]) != "dask":
            raise ConfigError("--scheduler is for the Dask engine: add --engine dask")
        values["build.scheduler"] = args.scheduler
    arguments = {name: getattr(args, name) for name in ("jobs", "quiet", "strict", "debug")
                 if hasattr(args, name)}
    if hasattr(args, "seeds"):
        arguments["seeds"] = Path(args.seeds)
    if hasattr(args, "output") and args.command in ("build", "serve"):
        arguments["output"] = Path(args.output)
    return base.override(values, use_cache=not getattr(args, "no_cache", False), **arguments)


def _config_path(args: argparse.Namespace) -> Path | None:
    return Path(args.config) if args.config else _default_config()


def _default_config() -> Path | None:
    path = Path(CONFIG_FILE)
    return path if path.exists() else None


def _build(args: argparse.Namespace) -> int:
    from .build import build

    options = settings(args)
    report = build(options)
    print(report.summary(), file=sys.stderr)
    if report.cached:
        print(f"reused from {options.cache_dir}: {report.cached.get('render', 0)} briefings "
              f"as they were, {report.cached.get('analysis', 0)} analyses re-rendered",
              file=sys.stderr)
    if report.errors:
        return 1
    if args.strict and report.warnings:
        print("failing: --strict turns warnings into errors", file=sys.stderr)
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    try:
        serve(settings(args), args.port, _config_path(args), reload=lambda: settings(args))
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0


def _digest(args: argparse.Namespace) -> int:
    from .build import digest

    ids = [i for i in (args.ids or "").split(",") if i] or None
    report = digest(settings(args), Path(args.output), ids)
    print(f"{len(report.built)} briefings in {args.output}", file=sys.stderr)
    return 0 if report.built else 1


def _review(args: argparse.Namespace) -> int:
    from .corrections import corrections_path
    from .review import review

    seed = Path(args.seed)
    target = Path(args.output) if args.output else corrections_path(seed)
    if args.output != "-" and target.exists() and not args.force:
        raise ConfigError(f"{target} exists; --force replaces it, --output - prints the "
                          "starter instead", target)
    text = review(seed, settings(args))
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    print(f"wrote {target}: uncomment and edit what is wrong, then rebuild", file=sys.stderr)
    return 0


def _ner(args: argparse.Namespace) -> int:
    from .ner.tagger import default_tagger

    tagger = default_tagger()
    path = Path(args.conll)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}", path) from None
    # blank lines are kept where they were; the sentences between them are tagged in batches
    sentences: list[list[str]] = [[]]
    layout: list[int | None] = []  # a sentence's index, or None for a blank line
    for line in lines:
        parts = line.split()
        if parts:
            if not sentences[-1]:
                layout.append(len(sentences) - 1)
            sentences[-1].append(parts[0])
            continue
        if sentences[-1]:
            sentences.append([])
        layout.append(None)
    tagged = tagger.tag_many(sentences)
    out = sys.stdout
    for item in layout:
        if item is None:
            out.write("\n")
            continue
        for token, tag in zip(sentences[item], tagged[item], strict=True):
            out.write(f"{token} {tag}\n")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefing", description="Arabic news briefings: actors, "
                                "quotes and a chronology as a right-to-left site, PDFs and JSON.")
    sub = p.add_subparsers(dest="command", required=True)
    for add in (_build_parser, _serve_parser, _digest_parser, _review_parser, _ner_parser):
        add(sub)
    return p


def _build_parser(sub) -> None:  # noqa: ANN001 - argparse's private subparsers type
    b = sub.add_parser("build", help="build seeds into a site",
                       description="Build every seed (.txt, .md) in SEEDS into OUTPUT.",
                       epilog=describe_config(),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("seeds", nargs="?", default="seeds",
                   help="seeds folder or file (default: seeds)")
    b.add_argument("--output", "-o", default="output", help="output folder (default: output)")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF briefings")
    b.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    b.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    b.add_argument("--jobs", "-j", type=int, default=0,
                   help="worker processes (default: one per core)")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    b.add_argument("--engine", choices=("local", "dask"), default=None,
                   help="local worker processes, or a Dask cluster (default: build.engine "
                        "of the configuration, local)")
    b.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                   help="the Dask scheduler to send the work to (default: build.scheduler; "
                        "unset: a local cluster of --jobs workers)")
    b.add_argument("--cache-dir", default=None,
                   help="where analyses and renderings are kept between builds "
                        "(default: cache.dir of the configuration, .cache)")
    b.add_argument("--config", default=None,
                   help=f"configuration file (default: {CONFIG_FILE} when it exists)")
    b.add_argument("--no-cache", action="store_true", help="build everything afresh")
    b.set_defaults(run=_build)


def _serve_parser(sub) -> None:  # noqa: ANN001
    s = sub.add_parser("serve", help="build, serve on localhost, rebuild on change",
                       description="Build SEEDS into OUTPUT, serve it at http://127.0.0.1:PORT/ "
                                   "and rebuild when a seed, a template or the configuration "
                                   "changes.")
    s.add_argument("seeds", nargs="?", default="seeds")
    s.add_argument("--output", "-o", default="output")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--no-pdf", action="store_true")
    s.add_argument("--config", default=None)
    s.add_argument("--cache-dir", default=None)
    s.add_argument("--debug", action="store_true")
    s.set_defaults(run=_serve, strict=False, jobs=0, quiet=True, no_cache=False)


def _digest_parser(sub) -> None:  # noqa: ANN001
    d = sub.add_parser("digest", help="one PDF of several briefings",
                       description="Make one PDF of the chosen briefings (all by default), "
                                   "with a cover and contents.")
    d.add_argument("seeds", nargs="?", default="seeds", help="seeds folder (default: seeds)")
    d.add_argument("--output", "-o", default="digest.pdf",
                   help="the PDF to write (default: digest.pdf; not inside the site's folder, "
                        "which every build replaces)")
    d.add_argument("--ids", help="comma-separated briefing ids (default: all)")
    d.add_argument("--config", default=None)
    d.add_argument("--cache-dir", default=None)
    d.add_argument("--debug", action="store_true")
    d.set_defaults(run=_digest, no_pdf=False, strict=False, jobs=1, quiet=True, no_cache=False)


def _review_parser(sub) -> None:  # noqa: ANN001
    r = sub.add_parser("review", help="write a starter corrections file for one seed",
                       description="Analyse SEED and write its actors, quotes and events as "
                                   "commented YAML (uncertain ones first) to "
                                   "NAME.corrections.yaml beside it, ready to edit.")
    r.add_argument("seed", help="the seed file")
    r.add_argument("--output", "-o", default=None,
                   help="where to write (default: beside the seed; - for standard output)")
    r.add_argument("--force", action="store_true", help="replace an existing file")
    r.add_argument("--config", default=None)
    r.add_argument("--debug", action="store_true")
    r.set_defaults(run=_review)


def _ner_parser(sub) -> None:  # noqa: ANN001
    n = sub.add_parser("ner", help="tag tokens with the entity recognizer",
                       description="Read one token per line (first column, blank line between "
                                   "sentences); write TOKEN TAG lines to standard output.")
    n.add_argument("--conll", required=True, help="CoNLL file to tag")
    n.add_argument("--debug", action="store_true", help="show tracebacks")
    n.set_defaults(run=_ner)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
    # WeasyPrint and fontTools log about refused URLs and fonts: our own messages say it.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        return args.run(args)
    except BriefingError as exc:
        if args.debug:
            traceback.print_exc()
        for line in error_lines(exc):
            print(line, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the previous output is left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug outside any one seed: say so plainly
        if args.debug:
            traceback.print_exc()
        print(f"briefing: error: internal error: {type(exc).__name__}: {exc}; the previous "
              "output is left as it was (--debug shows the traceback) [internal]",
              file=sys.stderr)
        return 2
