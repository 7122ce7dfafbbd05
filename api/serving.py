"""Worker processes for `salesops serve --workers N`, each listening on its own port socket.

uvicorn's multi-worker mode shares one listening socket between the workers, and asyncio
accepts every pending connection in one go: the first worker to wake takes nearly all of a
burst (50 load-test clients split 43/7 here), so one core queues while the other idles and the
tail latency follows the busy one. On Linux each worker here binds the port itself with
SO_REUSEPORT instead, and the kernel spreads new connections over the workers' sockets. The
parent only starts the workers, restarts one that dies, and stops them all on SIGINT/SIGTERM.
Elsewhere (no load-balancing SO_REUSEPORT) uvicorn's own multi-worker mode runs.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import signal
import socket
import sys
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn

APP = "api.app:create_served_app"
log = logging.getLogger("salesops.api")


def balanced() -> bool:
    """Whether the kernel load-balances SO_REUSEPORT listeners (Linux does)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def uvicorn_options(log_level: str) -> dict[str, Any]:
    # Request lines carry paths and query strings only; keys travel in headers, never here.
    return {"factory": True, "log_level": log_level, "access_log": log_level == "debug"}


def serve(
    host: str, port: int, workers: int, log_level: str, announce: Callable[[int], None]
) -> None:
    if workers == 1 or not balanced():
        announce(port)
        uvicorn.run(APP, host=host, port=port, workers=workers, **uvicorn_options(log_level))
        return
    # Port 0 means "any free port": choose it once, here, so every worker takes the same one.
    # This socket stays bound but never listens, so the kernel hands it no connections.
    reserve = _socket(host, port)
    port = reserve.getsockname()[1]
    announce(port)
    context = multiprocessing.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    procs: list[BaseProcess] = []
    try:
        for _ in range(workers):
            procs.append(_start(context, host, port, log_level))
        while not stopping:
            time.sleep(0.5)
            for i, proc in enumerate(procs):
                if not proc.is_alive() and not stopping:
                    log.warning("API worker %s exited with %s; starting another", proc.pid,
                                proc.exitcode)  # fmt: skip
                    procs[i] = _start(context, host, port, log_level)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
        reserve.close()


def _socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _start(context: Any, host: str, port: int, log_level: str) -> BaseProcess:
    proc = context.Process(target=_worker, args=(host, port, log_level), name="salesops-api")
    proc.start()
    return proc


def _worker(host: str, port: int, log_level: str) -> None:
    if sys.platform.startswith("linux"):
        # Ask the kernel to stop this worker when the parent dies, even by SIGKILL.
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    sock = _socket(host, port)
    config = uvicorn.Config(APP, host=host, port=port, **uvicorn_options(log_level))
    uvicorn.Server(config).run(sockets=[sock])
