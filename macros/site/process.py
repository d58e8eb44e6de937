"""How the MkDocs process runs: Python's garbage collector during a build, the child processes of
`mkdocs build`, and how soon `mkdocs serve` notices a saved file (issue 21: the clean build and
the rebuild in `make serve`).

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

The child processes: a machine has more than one core, and MkDocs uses one. `mkdocs build`
gives work that nothing before it depends on to children made with os.fork, which start with a
copy of everything the build has so far:
- the language check (spelling, readability: about 1 s) and the downloads and generated pages
  (about 1 s), from on_config, while the parent runs the other checks (macros/site/adapter.py);
- the conversion of the second half of the pages and their search sections, from on_nav, while
  the parent converts the first half (macros/site/pagecache.py);
- the page-safety scan (macros/checks/pagesafety.py, about 0.9 s), in a `Worker`: on_post_page
  hands each built page to the child through a pipe and goes on with the next.
Every answer comes back through a pipe (`in_child`: one answer, `in_child_parts`: several, in
order; `Worker`: one per item). What a child logs comes back too and is logged by the parent
(`Captured`, `replay`), so MkDocs counts its warnings; a child's error is the parent's error.
The parent collects the checks' problems with the other checks' errors, or at the end of the
build (on_post_build), so every problem is still reported and an error still fails the build.
Where fork is missing (Windows) or other threads run (serve), each function runs at once, in this
process, with the same result. A child closes the pipe ends its parent holds for other children.

The watcher: MkDocs 1.6 watches the project with watchdog's PollingObserver, which looks at every
watched file once every 0.5 s, so a save waits 0.25 s on average (up to 0.5 s) before the rebuild
even starts. Polling stays (it works on every file system, also in
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
from collections.abc import Callable, Iterator
from typing import Any, Generic, NoReturn, TypeVar

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
    """The result of a function that runs in a child process (`in_child`: the one answer of its
    `Parts`), or already ran in this one."""

    def __init__(self, *, value: Any = None, parts: Parts[T] | None = None):
        self._value, self._parts = value, parts

    @property
    def in_child(self) -> bool:
        return self._parts is not None

    def result(self) -> T:
        """The function's return value (waits for the child); its exception as a RuntimeError."""
        if self._parts is not None:
            parts, self._parts = self._parts, None
            try:
                self._value = parts.next()
            finally:
                parts.close()
        value: T = self._value
        return value


# The pipe ends this process holds for its children. A later child closes them first: a copy of
# a worker's item pipe in another child would keep that worker waiting for more items for ever.
_HELD: set[int] = set()


def _fork() -> int:
    pid = os.fork()
    if pid == 0:
        for fd in _HELD:
            try:
                os.close(fd)
            except OSError:
                pass
        _HELD.clear()
    return pid


def _child_exit(body: Callable[[], None]) -> NoReturn:
    """In a forked child: run `body`, then leave at once with os._exit (none of the parent's exit
    handlers or buffers), with exit code 1 when `body` raised."""
    code = 0
    try:
        body()
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _release(fd: int) -> None:
    _HELD.discard(fd)
    os.close(fd)


class Captured(logging.Handler):
    """Every log record while the `with` block runs, kept instead of shown (the records it catches
    reach no other handler), as records a pipe can carry: the message written out, no traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._kept: list[tuple[logging.Logger, list[logging.Handler], bool]] = []

    def __enter__(self) -> Captured:
        loggers = [logging.getLogger(), *map(logging.getLogger, list(logging.root.manager.loggerDict))]
        for logger in loggers:
            if isinstance(logger, logging.Logger):
                self._kept.append((logger, logger.handlers[:], logger.propagate))
                logger.handlers, logger.propagate = [], True
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().removeHandler(self)
        for logger, handlers, propagate in self._kept:
            logger.handlers, logger.propagate = handlers, propagate

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(portable(record))


def portable(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of the record that a pipe can carry: the message written out, no traceback."""
    copy = logging.makeLogRecord(record.__dict__)
    copy.msg, copy.args, copy.exc_info = record.getMessage(), None, None
    return copy


def replay(records: list[logging.LogRecord]) -> None:
    """Log captured records again, each through its own logger (and so through MkDocs' count)."""
    for record in records:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes | None:
    """`size` bytes from `fd`, or None at the end of the pipe."""
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _send(fd: int, message: Any) -> None:
    """One message through a pipe: its length, then its pickle."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, len(body).to_bytes(8, "big") + body)


def _receive(fd: int) -> Any:
    """The next message from a pipe (`_send`); None at the end of the pipe."""
    head = _read_exactly(fd, 8)
    body = _read_exactly(fd, int.from_bytes(head, "big")) if head is not None else None
    return None if body is None else pickle.loads(body)


class Worker(Generic[T]):
    """Hands items to `handle` in a forked child process, one by one, as they come (`send`), and
    gives every non-None answer at the end (`answers`). Where fork is missing or other threads
    run, `handle` runs at once in this process: the same answers, in the same order."""

    def __init__(self, handle: Callable[[Any], T | None]):
        self._handle = handle
        self._inline: list[T] | None = None
        self._pid: int | None = None
        self._broken = False
        if not _can_fork():
            self._inline = []
            return
        items_read, self._items = os.pipe()
        self._answers, answers_write = os.pipe()
        pid = _fork()
        if pid == 0:  # the child: answer every item until the pipe ends, then send the answers back
            os.close(self._items)
            os.close(self._answers)

            def answer_all() -> None:
                found: list[T] = []
                try:
                    while (item := _receive(items_read)) is not None:
                        answer = handle(item[0])
                        if answer is not None:
                            found.append(answer)
                    reply = pickle.dumps(("ok", found), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:
                    reply = pickle.dumps(("error", traceback.format_exc()))
                _write_all(answers_write, reply)

            _child_exit(answer_all)
        os.close(items_read)
        os.close(answers_write)
        _HELD.update((self._items, self._answers))
        self._pid = pid

    def send(self, item: Any) -> None:
        if self._inline is not None:
            answer = self._handle(item)
            if answer is not None:
                self._inline.append(answer)
            return
        if self._broken:
            return  # the child has gone; answers() says so
        try:
            _send(self._items, (item,))  # in a tuple: an item may be None
        except BrokenPipeError:
            self._broken = True

    def answers(self) -> list[T]:
        """Every non-None answer, in the order of the items; the child's error as a RuntimeError."""
        if self._inline is not None:
            return self._inline
        assert self._pid is not None
        _release(self._items)
        chunks = []
        while chunk := os.read(self._answers, 1 << 16):
            chunks.append(chunk)
        _release(self._answers)
        _, status = os.waitpid(self._pid, 0)
        if not chunks:
            raise RuntimeError(f"the child process of the build stopped without an answer (status {status})")
        kind, payload = pickle.loads(b"".join(chunks))
        if kind != "ok":
            raise RuntimeError(f"the child process of the build failed:\n{payload}")
        self._inline = payload
        return payload


class Parts(Generic[T]):
    """The answers a generator yields in a child process, one by one as it yields them, or the
    generator itself where fork is not possible (it then runs here, as each answer is asked)."""

    def __init__(self, *, inline: Iterator[T] | None = None, pid: int | None = None, fd: int | None = None):
        self._inline, self._pid, self._fd = inline, pid, fd

    def next(self) -> T:
        """The next answer; the child's error, or its end, as a RuntimeError."""
        if self._inline is not None:
            try:
                return next(self._inline)
            except StopIteration:
                raise RuntimeError("the child process of the build has no more answers") from None
        if self._fd is None:
            raise RuntimeError("the child process of the build has no more answers")
        message = _receive(self._fd)
        if message is None:
            status = self.close()
            raise RuntimeError(f"the child process of the build stopped without an answer (status {status})")
        kind, payload = message
        if kind != "ok":
            self.close()
            raise RuntimeError(f"the child process of the build failed:\n{payload}")
        answer: T = payload
        return answer

    def close(self) -> int:
        """Stop reading and wait for the child (which stops at its next answer, if any is left)."""
        status = 0
        if self._fd is not None:
            _release(self._fd)
            self._fd = None
        if self._pid is not None:
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
        return status


def in_child_parts(function: Callable[[], Iterator[T]]) -> Parts[T]:
    """Run the generator `function()` in a forked child process; each answer comes as it is ready."""
    if not _can_fork():
        return Parts(inline=function())
    read_end, write_end = os.pipe()
    pid = _fork()
    if pid == 0:
        os.close(read_end)

        def send_all() -> None:
            try:
                for answer in function():
                    _send(write_end, ("ok", answer))
            except BrokenPipeError:
                raise  # the parent stopped reading: exit code 1
            except BaseException:
                _send(write_end, ("error", traceback.format_exc()))

        _child_exit(send_all)
    os.close(write_end)
    _HELD.add(read_end)
    return Parts(pid=pid, fd=read_end)


def in_child(function: Callable[[], T]) -> Pending[T]:
    """Run `function` in a forked child process and return at once; see the module's docstring."""
    if not _can_fork():
        return Pending(value=function())
    return Pending(parts=in_child_parts(lambda: iter([function()])))
