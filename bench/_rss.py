"""Peak resident memory of a process tree, sampled while a benchmark runs."""

from __future__ import annotations

import threading


class PeakRSS:
    """The largest summed RSS of this process and its children seen while running."""

    def __init__(self) -> None:
        import psutil
        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                for p in [self.proc, *self.proc.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except Exception:  # a worker that just exited
                        pass
            except Exception:
                pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self) -> "PeakRSS":
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
