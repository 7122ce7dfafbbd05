"""What `salesops serve` runs: frozen start-up objects, workers that share the port evenly."""

from __future__ import annotations

import gc
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app, create_served_app
from api.serving import balanced


def test_served_app_freezes_startup_objects(store_env: Engine) -> None:
    gc.unfreeze()
    try:
        with TestClient(create_app()) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() == 0  # tests build many apps: no freezing there
        with TestClient(create_served_app()) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() > 10_000  # the imports' objects, kept from the GC
    finally:
        gc.unfreeze()


def _children(pid: int) -> set[int]:
    """The live worker processes of a server (not multiprocessing's resource tracker)."""
    workers = set()
    for child in psutil.Process(pid).children():
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                workers.add(child.pid)
        except psutil.Error:  # exited, or a zombie its parent has not reaped yet
            continue
    return workers


def _wait(predicate: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.slow
@pytest.mark.skipif(not balanced(), reason="SO_REUSEPORT load-balancing is Linux-only")
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the server, not the store
def test_workers_share_the_port_and_are_replaced(store_env: Engine) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "salesops", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(cmd, env=dict(os.environ), stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/health"

    def answers() -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        assert _wait(lambda: len(_children(server.pid)) == 2 and answers())
        # Both workers listen: each new connection lands on one of them, so many fresh
        # connections reach both (the chance that 40 all hash to one is 2 * 2**-40).
        served_by = set()
        for _ in range(40):
            with httpx.Client() as client:
                client.get(url)
            served_by |= {
                c.pid
                for c in map(psutil.Process, _children(server.pid))
                if any(conn.laddr.port == port for conn in c.net_connections("tcp"))
            }
        assert served_by == _children(server.pid)
        victim = min(_children(server.pid))
        os.kill(victim, signal.SIGKILL)
        assert _wait(
            lambda: len(_children(server.pid)) == 2 and victim not in _children(server.pid)
        )
        assert _wait(answers)
        workers = _children(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert _wait(lambda: not any(psutil.pid_exists(w) for w in workers), 30)
