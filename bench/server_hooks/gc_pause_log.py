"""Every garbage collection of a benchmarked server, with how long it held the worker.

A full collection walks every tracked object and blocks every socket of the gevent worker while it
does, so its pauses show up in the latency tail. Each process appends one line per collection to
DIR/gc-<pid>.log: the wall-clock time it ended, its generation, its duration in milliseconds.
`bench/room_fanout.py` sums the lines of each phase.
"""
import gc
import os
import time
from typing import TextIO


def install(directory: str) -> None:
    started = [0.0]
    files: dict[int, TextIO] = {}

    def log_file() -> TextIO:
        """This process's own file: a worker forked from the master must not write to the master's."""
        pid = os.getpid()
        if pid not in files:
            files[pid] = open(os.path.join(directory, f"gc-{pid}.log"), "a", buffering=1)  # noqa: SIM115
        return files[pid]

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
            return
        took_ms = (time.perf_counter() - started[0]) * 1000
        log_file().write(f"{time.time():.3f} {info['generation']} {took_ms:.2f}\n")

    gc.callbacks.append(record)
