"""macros/site/process.py: how the MkDocs process runs. `mkdocs build` lets the garbage collector
run less often, `mkdocs serve` freezes what its first build left and polls for saved files every
0.1 s instead of 0.5 s."""

from __future__ import annotations

import gc
import socket
import time

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from macros.site import process
from macros.site.process import POLL_INTERVAL_S, faster_polling


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_a_build_collects_less_often_and_serve_as_python_does(thresholds):
    process.fewer_collections("serve")
    assert gc.get_threshold() == (700, 10, 10)
    process.fewer_collections("build")
    assert gc.get_threshold() == process.THRESHOLDS
    assert process.THRESHOLDS[0] >= 10_000


def test_serve_freezes_what_the_first_build_left():
    kept = [[i] for i in range(1000)]  # objects the collector tracks
    try:
        process.freeze_after_first_build()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


def test_serve_looks_for_saved_files_every_tenth_of_a_second(tmp_path):
    """macros.site.process.faster_polling: MkDocs' watcher polls every 0.1 s instead of 0.5 s, for the
    same paths (a path watched twice stays watched after one unwatch), and still sees a save."""
    docs, theme = tmp_path / "docs", tmp_path / "theme"
    docs.mkdir()
    theme.mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    server.watch(str(docs))
    server.watch(str(theme))
    server.watch(str(theme))
    assert server.observer.timeout == 0.5  # MkDocs 1.6's own interval: the reason for this module
    faster_polling(server)
    assert isinstance(server.observer, PollingObserver)
    assert server.observer.timeout == POLL_INTERVAL_S == 0.1
    assert sorted(e.watch.path for e in server.observer.emitters) == sorted([str(docs), str(theme)])
    assert all(e.timeout == POLL_INTERVAL_S for e in server.observer.emitters)
    server.unwatch(str(theme))
    assert len(server.observer.emitters) == 2  # the second watch() of theme still holds
    server.observer.start()
    try:
        time.sleep(0.3)
        (docs / "index.md").write_text("# Nieuw\n", encoding="utf-8")
        assert wait_for(lambda: server._want_rebuild, 3)
    finally:
        server.observer.stop()
        server.observer.join()


def test_serve_refuses_a_watcher_it_does_not_know(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    del server._watched_paths
    with pytest.raises(RuntimeError, match="1.6.x"):
        faster_polling(server)
