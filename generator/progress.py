"""Build progress: a rich bar with counts and time left on a terminal, a plain line now and
then when not (CI logs), nothing with ``--quiet``."""

from __future__ import annotations

import sys
import time


class Progress:
    PLAIN_EVERY = 10.0  # seconds between plain log lines

    def __init__(self, total: int, quiet: bool = False, stream=None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.quiet = quiet or total == 0
        self.rich = None
        self._task = None
        self._last = time.monotonic()

    def __enter__(self) -> Progress:
        if self.quiet or not self.stream.isatty():
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self.rich = RichProgress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(file=self.stream),
                                 transient=True)
        self.rich.__enter__()
        self._task = self.rich.add_task("build", total=self.total)
        return self

    def advance(self, label: str) -> None:
        self.done += 1
        if self.quiet:
            return
        if self.rich is not None:
            self.rich.update(self._task, advance=1)
            return
        now = time.monotonic()
        if now - self._last >= self.PLAIN_EVERY and self.done < self.total:
            print(f"built {self.done}/{self.total} seeds", file=self.stream, flush=True)
            self._last = now

    def __exit__(self, *exc) -> None:
        if self.rich is not None:
            self.rich.__exit__(*exc)
