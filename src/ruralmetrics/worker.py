"""Derivation workers: what a worker process runs, and the warm state they are forked with.

``load --workers N`` starts its workers through a fork server (``multiprocessing``'s
``forkserver``) that imports ``worker_preload`` first, whose import (``warm``) loads the rules, the gazetteer and
the segmenter's dictionary and derives a short text once (compiling what the stages compile on
first use), so every worker forked from it starts warm in milliseconds instead of paying the
start-up (about 3 s) itself. The server is a fresh interpreter: it holds no database connection.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import os
import threading
import time
from copy import copy
from dataclasses import replace

from .records import Extraction, Sentence, SourceFile

# a few lines touching every stage: a title, a byline, places of every level, a team, a person, figures
_WARM_TEXT = """山东省青岛市黄岛区六汪镇鲁山村乡村振兴工作纪实
本报记者 张明 通讯员 李华
两年来,青岛市驻黄岛区乡村振兴工作队第一书记王建国带领村“两委”,争取资金3.31亿元,发展党员258名。
鲁山村新修道路2063米,新建大棚45个,流转土地1200亩,带动200余户群众增收,村集体收入达到52万元。
"""


PRELOAD = ["__main__", "ruralmetrics.worker_preload"]


def start_server() -> multiprocessing.context.BaseContext:
    """The context workers are started from: the fork server, started now if it is not running (it warms up
    in the background), or ``spawn`` where there is none (Windows)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    multiprocessing.forkserver.ensure_running()
    return context


def derive_for_store(source: SourceFile) -> Extraction:
    """``pipeline.derive`` in a worker, its result trimmed to what the loader writes (less to pickle):
    sentences without their words, the document without its original text (the loader has the file's)."""
    from .pipeline import derive

    extraction = derive(source)
    sentences = tuple(_without_tokens(s) for s in extraction.sentences)
    return replace(extraction, sentences=sentences, document=replace(extraction.document, original_text=""))


def _without_tokens(sentence: Sentence) -> Sentence:
    trimmed = copy(sentence)
    object.__setattr__(trimmed, "tokens", ())  # frozen: through the field's descriptor, as records does
    return trimmed


def start(loader: int) -> None:
    """Pool initializer: end with the loader (also when it is killed), then the warm state (cached)."""
    threading.Thread(target=_end_with, args=(loader, os.getppid()), daemon=True, name="end-with-loader").start()
    from .gazetteer import load_gazetteer
    from .rulebook import load_rulebook

    load_rulebook()
    load_gazetteer()


def _end_with(loader: int, parent: int) -> None:
    """Exit once the loader is gone: this process's parent (the loader, or the fork server, which ends
    with the loader) changed, or the loader's process no longer exists."""
    while os.getppid() == parent:
        try:
            os.kill(loader, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            pass
        time.sleep(0.5)
    os._exit(1)  # nobody will ever read what this worker makes


def warm() -> None:
    """Load and compile everything a derivation uses, once (the fork server's preload)."""
    from .pipeline import derive

    derive(SourceFile(key="warm-up", text=_WARM_TEXT, sha256="", encoding="utf-8"))
