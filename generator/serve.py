"""``briefing serve``: build, serve the output on localhost, rebuild when a seed, its
corrections, a template or the configuration changes (polled once a second: no extra
dependency)."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from .assets import TEMPLATES_DIR
from .corrections import corrections_path, project_path
from .errors import BriefingError
from .site import BuildOptions, build


def snapshot(paths: list[Path]) -> dict[str, float]:
    """Modification times of every file under the watched paths."""
    seen: dict[str, float] = {}
    for root in paths:
        if root.is_file():
            seen[str(root)] = root.stat().st_mtime
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    seen[str(path)] = path.stat().st_mtime
    return seen


def rebuild(options: BuildOptions) -> None:
    try:
        report = build(options)
    except BriefingError as exc:  # a broken project-wide file: say so and keep serving
        print(f"{getattr(exc, 'path', None) or 'briefing'}: error: {exc} [{exc.code}]",
              file=sys.stderr, flush=True)
        return
    print(report.summary(), file=sys.stderr, flush=True)


def serve(options: BuildOptions, port: int, config: Path | None,
          stop: threading.Event | None = None, ready=None) -> None:
    """Serve until ``stop`` is set (or Ctrl-C); ``ready(url)`` is called once serving."""
    rebuild(options)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(options.output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    print(f"serving {options.output} at {url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    if ready:
        ready(url)
    watched = [options.seeds, TEMPLATES_DIR, project_path(options.seeds)] + (
        [config] if config else [])
    if options.seeds.is_file():
        watched.append(corrections_path(options.seeds))
    before = snapshot(watched)
    stop = stop or threading.Event()
    try:
        while not stop.wait(1.0):
            now = snapshot(watched)
            if now != before:
                before = now
                print("change seen, rebuilding …", file=sys.stderr, flush=True)
                rebuild(options)
    finally:
        httpd.shutdown()
