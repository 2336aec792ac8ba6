"""A one-line progress bar on the terminal (stderr), quiet when the output is not a terminal."""

import sys
import time


class ProgressBar:
    def __init__(
        self, label: str, total: int | None = None, stream=None, force: bool = False, width: int = 30
    ):
        self.label, self.total, self.width = label, total, width
        self.stream = stream or sys.stderr
        self.enabled = force or getattr(self.stream, "isatty", lambda: False)()
        self.started = time.monotonic()
        self._last = 0.0
        self.count = 0

    def update(self, count: int) -> None:
        self.count = count
        now = time.monotonic()
        if self.enabled and now - self._last >= 0.1:
            self._last = now
            self._draw()

    def _draw(self, end: str = "") -> None:
        elapsed = time.monotonic() - self.started
        if self.total:
            done = min(self.count / self.total, 1.0)
            bar = "#" * int(done * self.width)
            line = (
                f"\r{self.label} [{bar:<{self.width}}] {done:4.0%} {self.count}/{self.total} {elapsed:5.1f}s"
            )
        else:
            line = f"\r{self.label} {self.count} {elapsed:5.1f}s"
        self.stream.write(line + end)
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            if self.total:
                self.count = self.total
            self._draw("\n")
