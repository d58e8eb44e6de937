"""How the MkDocs process runs: Python's garbage collector during a build, a second process for the
language check of `mkdocs build`, and how soon `mkdocs serve` notices a saved file (issue 21: the
clean build and the rebuild in `make serve`).

The collector: a build makes about 300,000 objects that live until it ends (the programme, the
pages, the memos of macros/model/memo.py). With Python's default thresholds the collector walks
through all of them again and again: about 1 s of an 11 s clean build (measured with
gc.callbacks), 0.13 s per rebuild of serve on average.
- `mkdocs build` (`fewer_collections`, from on_startup): a young-generation pass starts after
  50,000 new objects instead of 700, so the old generations are walked far less often. The build
  ends with the process, so what waits longer for the collector costs nothing later (peak memory
  measured 234 → 235 MB).
- `mkdocs serve` keeps Python's thresholds, so the garbage of every rebuild is still collected
  (with the higher ones the process grew by about 40 MB per rebuild). `freeze_after_first_build`
  (on_serve) moves what the first build left to the permanent generation, which no later pass
  walks through: 0.13 → 0.055 s of collection per rebuild.

The second process: `mkdocs build` runs the language check (spelling and readability, about 1 s
cold) in a child process (`in_child`, os.fork) while the build goes on; the adapter collects its
problems before it raises the other checks' errors and at the end of the build (on_post_build),
so every problem is still reported and an error still fails the build. Where fork is missing
(Windows) or other threads run (serve), `in_child` runs the function at once, in this process.

The watcher: MkDocs 1.6 watches the project with watchdog's PollingObserver, which looks at every watched file
once every 0.5 s, so a save waits 0.25 s on average (up to 0.5 s) before the rebuild even starts
(issue 21: the rebuild in `make serve`). Polling stays (it works on every file system, also in
containers and on network drives, which is why MkDocs chose it); `faster_polling` only makes it
look every POLL_INTERVAL_S. One look at the watched folders (docs, worksheets, macros, overrides:
about 270 files) takes 2–3 ms, so this costs a few percent of one core while serve waits. After
the first change serve waits until no file changed for `build_delay` (MkDocs: 0.1 s), so that
one save of several files gives one rebuild; 0.05 s is still far longer than an editor's save.
Together: from 0.35 s on average between a save and the start of the rebuild to 0.1 s."""

from __future__ import annotations

import gc
import logging
import os
import pickle
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.impactacademie")

T = TypeVar("T")

POLL_INTERVAL_S = 0.1
BUILD_DELAY_S = 0.05
THRESHOLDS = (50_000, 20, 10)  # Python's defaults: (700, 10, 10)


def fewer_collections(command: str) -> None:
    """For a one-off build only (`mkdocs build`, `gh-deploy`), not for serve: see the docstring."""
    if command != "serve":
        gc.set_threshold(*THRESHOLDS)


def freeze_after_first_build() -> None:
    """Collect what the first build left behind, then keep the rest out of every later pass."""
    gc.collect()
    gc.freeze()


def faster_polling(server: Any, interval: float = POLL_INTERVAL_S) -> Any:
    """Give MkDocs' LiveReloadServer a PollingObserver that looks every `interval` seconds and
    watch the same paths (as many times) with it. Called from on_serve, before serve starts the
    observer; the paths that MkDocs adds after on_serve (mkdocs.yml `watch:`) go to the new one."""
    watched = getattr(server, "_watched_paths", None)  # MkDocs 1.6: path → number of watch() calls
    if not isinstance(watched, dict) or server.observer.is_alive():
        raise RuntimeError("faster_polling: this MkDocs version watches files differently (1.6.x expected)")
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=interval)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    server.build_delay = BUILD_DELAY_S
    log.debug(f"serve: looks for changes every {interval:g} s")
    return server


class Pending(Generic[T]):
    """The result of a function that runs in a child process, or already ran in this one."""

    def __init__(self, *, value: Any = None, pid: int | None = None, fd: int | None = None):
        self._value, self._pid, self._fd = value, pid, fd

    @property
    def in_child(self) -> bool:
        return self._pid is not None

    def result(self) -> T:
        """The function's return value (waits for the child); its exception as a RuntimeError."""
        if self._pid is not None:
            assert self._fd is not None
            chunks = []
            while chunk := os.read(self._fd, 1 << 16):
                chunks.append(chunk)
            os.close(self._fd)
            _, status = os.waitpid(self._pid, 0)
            self._pid = self._fd = None
            if not chunks:
                raise RuntimeError(f"the child process of the build stopped without an answer (status {status})")
            kind, payload = pickle.loads(b"".join(chunks))
            if kind != "ok":
                raise RuntimeError(f"the child process of the build failed:\n{payload}")
            self._value = payload
        value: T = self._value
        return value


def in_child(function: Callable[[], T]) -> Pending[T]:
    """Run `function` in a forked child process and return at once; see the module's docstring."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return Pending(value=function())
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, answer through the pipe, and leave without any clean-up
        os.close(read_end)
        code = 0
        try:
            try:
                answer = pickle.dumps(("ok", function()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                answer = pickle.dumps(("error", traceback.format_exc()))
            view = memoryview(answer)
            while view:
                view = view[os.write(write_end, view) :]
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return Pending(pid=pid, fd=read_end)
