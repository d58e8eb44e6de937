"""macros/site/process.py: how the MkDocs process runs. `mkdocs build` lets the garbage collector
run less often, `mkdocs serve` freezes what its first build left and polls for saved files every
0.1 s instead of 0.5 s."""

from __future__ import annotations

import gc
import time

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from conftest import free_port, wait_for
from macros.site import process
from macros.site.process import POLL_INTERVAL_S, faster_polling


@pytest.fixture
def another_thread():
    """A second thread alive during the test, as in `mkdocs serve` (its server and its watcher)."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield thread
    stop.set()
    thread.join()


@pytest.fixture
def forking(monkeypatch):
    """process forks only a process with one thread (fork copies only the calling thread), and a
    pytest-xdist worker has threads of its own (execnet's): here the tests let it fork anyway, so
    that the children under test are real ones. Each test checks that they were."""
    monkeypatch.setattr(process.threading, "active_count", lambda: 1)


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
    assert server.build_delay == 0.1
    faster_polling(server)
    assert server.build_delay == process.BUILD_DELAY_S == 0.05
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


def test_in_child_runs_the_function_in_another_process_and_returns_its_value(forking):
    pending = process.in_child(lambda: {"pid": __import__("os").getpid(), "problems": [1, 2]})
    assert pending.in_child
    answer = pending.result()
    assert answer["problems"] == [1, 2]
    assert answer["pid"] != __import__("os").getpid()
    assert pending.result() is answer  # asked twice, answered once


def test_in_child_reports_the_functions_error_with_its_traceback(forking):
    def broken():
        raise ValueError("woordenboek kwijt")

    pending = process.in_child(broken)
    assert pending.in_child
    with pytest.raises(RuntimeError, match="(?s)failed.*ValueError: woordenboek kwijt"):
        pending.result()


def test_in_child_runs_in_this_process_when_other_threads_run(another_thread):
    """fork copies only the calling thread; with another thread alive (serve) it runs here."""
    import os

    pending = process.in_child(os.getpid)
    assert not pending.in_child and pending.result() == os.getpid()


def _long_or_none(item):
    text, keep = item
    return (len(text), __import__("os").getpid()) if keep else None


def test_worker_answers_every_item_in_order_from_a_child_process(forking):
    """Items larger than a pipe's buffer (a built page can be 1 MB) pass whole; None answers drop."""
    import os

    worker = process.Worker(_long_or_none)
    sizes = [10, 2_000_000, 70_000, 5]
    for i, size in enumerate(sizes):
        worker.send(("x" * size, i != 2))
    answers = worker.answers()
    assert [length for length, _ in answers] == [10, 2_000_000, 5]
    assert {pid for _, pid in answers} != {os.getpid()}


def test_worker_reports_the_childs_error(forking):
    def broken(item):
        raise KeyError(item)

    worker = process.Worker(broken)
    assert worker._pid is not None
    worker.send("pagina")
    worker.send("nog een")  # the child has stopped: the parent goes on
    with pytest.raises(RuntimeError, match="(?s)failed.*KeyError: 'pagina'"):
        worker.answers()


def test_worker_runs_in_this_process_when_other_threads_run(another_thread):
    import os

    worker = process.Worker(_long_or_none)
    worker.send(("abc", True))
    assert worker.answers() == [(3, os.getpid())]


def test_a_later_child_does_not_keep_a_workers_items_open(forking):
    """Two workers at once: the second child must not hold the first worker's item pipe, or the
    first would wait for more items for ever (here: the test fails after 20 s)."""
    import threading

    first = process.Worker(_long_or_none)
    second = process.Worker(_long_or_none)
    assert first._pid is not None and second._pid is not None  # two real children
    first.send(("ab", True))
    second.send(("abc", True))
    got: list = []
    waiter = threading.Thread(target=lambda: got.append(first.answers()), daemon=True)
    waiter.start()
    waiter.join(timeout=20)
    assert got and [n for n, _ in got[0]] == [2], "the first worker still waits for items"
    assert [n for n, _ in second.answers()] == [3]


# --- the build with its child processes ----------------------------------------------------------


def _fixture_project(tmp_path):
    """The mini fixture as a site: the real mkdocs.yml without its navigation, overrides and macros."""
    import re
    import shutil

    from conftest import ROOT

    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", project)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"\nnav:\n(?:[ \t]+.*\n|[ \t]*\n)*", "\n", config), encoding="utf-8")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    return project


def test_the_build_with_child_processes_gives_the_same_site_as_one_process(tmp_path):
    """`mkdocs build` (the language check, the page scan and half of the pages' conversion in child
    processes) against the same build in one process (MkDocs' build function without on_startup,
    as serve builds): every file the same, byte for byte, and every page of the child used."""
    import subprocess
    import sys

    from conftest import build_env, build_site

    project = _fixture_project(tmp_path)
    forked = build_site(tmp_path / "forked", project, flags=("--verbose",))
    log = forked.stdout + forked.stderr
    assert forked.returncode == 0, log
    found = r"the child converted (\d+) of (\d+) pages \([\d.]+ s waited\) and divided (\d+) into search sections"
    match = __import__("re").search(found + r"; converted again here: (.*)", log)
    assert match, log
    assert int(match[1]) == int(match[2]) >= 3 and match[4] == "none", match[0]
    assert int(match[3]) >= 3, match[0]
    single = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from mkdocs.commands.build import build; from mkdocs.config import load_config; "
            "build(load_config(site_dir=sys.argv[1], strict=True))",
            str(tmp_path / "single"),
        ],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert single.returncode == 0, single.stdout + single.stderr
    forked_files = {
        p.relative_to(tmp_path / "forked"): p.read_bytes() for p in (tmp_path / "forked").rglob("*") if p.is_file()
    }
    single_files = {
        p.relative_to(tmp_path / "single"): p.read_bytes() for p in (tmp_path / "single").rglob("*") if p.is_file()
    }
    assert forked_files.keys() == single_files.keys()
    different = [str(name) for name in forked_files if forked_files[name] != single_files[name]]
    assert not different, different


def test_a_conversions_warnings_survive_the_way_back_from_the_child():
    """The child's conversions travel back pickled; a warning logged during a conversion (a dead
    link: an error under --strict) must arrive with its message, even if its arguments or traceback
    could not be pickled."""
    import logging
    import pickle

    from macros.site import pagecache

    try:
        raise ValueError("kapot")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "mkdocs.structure.pages",
        logging.WARNING,
        __file__,
        1,
        "Doc file '%s' links to %s",
        ("a.md", object()),
        exc_info,
    )
    found = pagecache.Converted("<p>x</p>", pickle.dumps(None), "T", frozenset({"a"}), None, (record,))
    back = pickle.loads(pickle.dumps(pagecache._portable(found)))
    (arrived,) = back.records
    assert arrived.getMessage().startswith("Doc file 'a.md' links to <object object at")
    assert (arrived.name, arrived.levelno) == ("mkdocs.structure.pages", logging.WARNING)
    assert back.content == "<p>x</p>" and back.anchors == frozenset({"a"})


def _two_answers():
    import os

    yield ["eerste", os.getpid()]
    yield "x" * 200_000  # larger than a pipe's buffer


def _one_then_error():
    yield 1
    raise ValueError("halverwege")


def test_parts_come_one_by_one_from_the_child(forking):
    import os

    parts = process.in_child_parts(_two_answers)
    first = parts.next()
    assert first[0] == "eerste" and first[1] != os.getpid()
    assert parts.next() == "x" * 200_000
    with pytest.raises(RuntimeError, match="no more answers|without an answer"):
        parts.next()
    parts.close()


def test_parts_report_the_childs_error_after_its_first_answer(forking):
    parts = process.in_child_parts(_one_then_error)
    assert parts._pid is not None
    assert parts.next() == 1
    with pytest.raises(RuntimeError, match="(?s)failed.*ValueError: halverwege"):
        parts.next()
    parts.close()


def test_parts_left_unread_stop_the_child_at_close(forking):
    """The build may end before it asks for every part: close() must not wait for ever on a child
    that blocks writing its next answer (here: the test fails after 20 s)."""
    import threading

    parts = process.in_child_parts(_two_answers)
    assert parts._pid is not None
    parts.next()
    closed: list[int] = []
    closer = threading.Thread(target=lambda: closed.append(parts.close()), daemon=True)
    closer.start()
    closer.join(timeout=20)
    assert closed, "close() still waits for the child"


def _log_in_child():
    import logging

    with process.Captured() as captured:
        logging.getLogger("mkdocs.plugins.impactacademie").warning("downloads: %s mislukt", "canvas")
        logging.getLogger("mkdocs.plugins.impactacademie").debug("downloads: 3 uit de cache")
    return captured.records


def test_the_log_of_a_child_comes_back_and_counts_in_this_process(forking, capfd):
    """What a child logs (the downloads, made in a child of `mkdocs build`) would bypass MkDocs'
    count of warnings, so a strict build would pass: it comes back and is logged here instead."""
    import logging

    pending = process.in_child(_log_in_child)
    assert pending.in_child
    records = pending.result()
    assert "mislukt" not in capfd.readouterr().err  # the child showed nothing itself
    seen: list[logging.LogRecord] = []

    class Count(logging.Handler):
        def emit(self, record):
            seen.append(record)

    logger = logging.getLogger("mkdocs.plugins.impactacademie")
    counter, level = Count(logging.WARNING), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        process.replay(records)
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
    assert [(r.levelno, r.getMessage()) for r in seen] == [(logging.WARNING, "downloads: canvas mislukt")]
