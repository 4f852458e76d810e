"""``briefing serve``: build, serve the output on localhost, rebuild when a seed, its
corrections, a template or the configuration changes (polled once a second: no extra
dependency)."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from .assets import TEMPLATES_DIR
from .build import build
from .config import Settings
from .corrections import corrections_path, project_path
from .errors import BriefingError, error_lines


def snapshot(paths: list[Path]) -> dict[str, float]:
    """Modification times of every file under the watched paths (a file that vanishes or
    a link loop met while looking is left out, not an error)."""
    seen: dict[str, float] = {}
    for root in paths:
        for path in [root, *(root.rglob("*") if root.is_dir() else [])]:
            try:
                if path.is_file():
                    seen[str(path)] = path.stat().st_mtime
            except (OSError, RuntimeError):
                continue
    return seen


def rebuild(options: Settings) -> None:
    """Build and say how it went; a failed build is reported and serving goes on."""
    try:
        report = build(options)
    except BriefingError as exc:
        _say(exc)
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the server
        print(f"briefing: error: internal error: {type(exc).__name__}: {exc}; still serving "
              "the previous site [internal]", file=sys.stderr, flush=True)
    else:
        print(report.summary(), file=sys.stderr, flush=True)


def _say(exc: BriefingError) -> None:
    print("\n".join(error_lines(exc)), file=sys.stderr, flush=True)


def serve(options: Settings, port: int, config: Path | None,
          stop: threading.Event | None = None, ready=None,
          reload: Callable[[], Settings] | None = None) -> None:
    """Serve until ``stop`` is set (or Ctrl-C); ``ready(url)`` is called once serving.
    ``reload`` reads the configuration again: it is called on every change, so an edited
    configuration file takes effect (a broken one is reported and the last good one kept)."""
    watched = [options.seeds, TEMPLATES_DIR, project_path(options.seeds)] + (
        [config] if config else [])
    if options.seeds.is_file():
        watched.append(corrections_path(options.seeds))
    # taken before the first build: an edit made while it runs, or before the watching
    # starts, is a change and is built
    before = snapshot(watched)
    # the first build's errors stop here: a refused output folder must not be served
    print(build(options).summary(), file=sys.stderr, flush=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(options.output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    print(f"serving {options.output} at {url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    if ready:
        ready(url)
    stop = stop or threading.Event()
    try:
        while not stop.wait(1.0):
            now = snapshot(watched)
            if now != before:
                before = now
                print("change seen, rebuilding …", file=sys.stderr, flush=True)
                if reload is not None:
                    try:
                        options = reload()
                    except BriefingError as exc:
                        _say(exc)
                        print("the previous configuration is kept", file=sys.stderr)
                rebuild(options)
    finally:
        httpd.shutdown()
