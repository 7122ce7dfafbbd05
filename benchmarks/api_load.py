"""HTTP API under load: `/prices/diff?sku=...` (one product) on a 10-million-observation store.

    python -m benchmarks.api_load                  # 200,000 listings x 51 runs on PostgreSQL
    python -m benchmarks.api_load --keep           # leave the database for another run
    python -m benchmarks.api_load --reuse --keep   # skip seeding when the database is there

Seeds a dedicated PostgreSQL database (``salesops_bench_api``, created and dropped here) with
``benchmarks.prices_seed``, starts ``salesops serve --workers 2`` on a free loopback port and
drives it with ``wrk`` (one thread, 50 connections, 30 s; a random product per request).
The baseline, measured in the same run against the same server, is ``/health``: the cost of
HTTP, the framework and one database round trip, with no auth and no report.

Target (issue 8): >= 500 requests/s, p99 < 100 ms, no errors.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.keys import create_key
from benchmarks.prices_seed import seed
from pricing import db
from pricing.models import ApiRole
from pricing.offers import rebuild_latest_prices

PG_ADMIN = os.environ.get(
    "SALESOPS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PG_DB = "salesops_bench_api"
TARGET_RPS, TARGET_P99_MS = 500.0, 100.0

LUA = """
math.randomseed(42)
local products = %(products)d
request = function()
  local p = math.random(1, products)
  local path = string.format("/prices/diff?sku=SKU-%%06d", p)
  return wrk.format("GET", path, {["X-API-Key"] = "%(key)s"})
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str, listings: int, runs: int, reuse: bool) -> None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_DB})
        if exists and reuse:
            print(f"reusing database {PG_DB}")
            return
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_DB}"'))
    admin.dispose()
    engine = db.make_engine(url)
    db.upgrade(engine)
    # The latest_price trigger would fire 10 million times during COPY: load with it off,
    # then rebuild the table in one statement, as pricing.offers documents for bulk loads.
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE price_observation DISABLE TRIGGER latest_price_sync"))
    seed(engine, listings, runs)
    t0 = time.perf_counter()
    with db.session_scope(engine) as session:
        rows = rebuild_latest_prices(session)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE price_observation ENABLE TRIGGER latest_price_sync"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE latest_price"))
    print(f"rebuilt latest_price ({rows:,} rows) in {time.perf_counter() - t0:.1f} s")
    engine.dispose()


def drop() -> None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)'))
    admin.dispose()


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("server did not become ready")


def server_cpu(server: subprocess.Popen[bytes]) -> float:
    """CPU seconds (user + system) used so far by the server and its worker processes."""
    total = 0.0
    root = psutil.Process(server.pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system
    return total


def measured(
    server: subprocess.Popen[bytes], base: str, path: str, script: Path | None, seconds: int,
    connections: int,
) -> dict:  # fmt: skip
    """A wrk run plus the server's CPU per request: a figure the machine's load hardly moves."""
    before = server_cpu(server)
    result = wrk(base, path, script, seconds, connections)
    result["cpu_ms"] = (server_cpu(server) - before) * 1000 / max(result["requests"], 1)
    return result


def wrk(base: str, path: str, script: Path | None, seconds: int, connections: int) -> dict:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, base + path], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    pct = {m[0]: _ms(m[1]) for m in re.findall(r"\s(50|90|99)(?:\.000)?%\s+([\d.]+\w+)", out)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "requests": total,
        "p50_ms": pct.get("50"),
        "p90_ms": pct.get("90"),
        "p99_ms": pct.get("99"),
        "errors": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
    }


def show(name: str, r: dict) -> None:
    print(
        f"{name:<28} {r['rps']:>8.0f} req/s  p50 {r['p50_ms']:.1f} ms  p90 {r['p90_ms']:.1f} ms  "
        f"p99 {r['p99_ms']:.1f} ms  {r['requests']} requests, {r['errors']} non-2xx, "
        f"socket errors: {r['socket_errors']}; server CPU {r['cpu_ms']:.2f} ms/request"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=51, help="Daily crawls (51 x 200k >= 10M).")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="Keep an existing seeded database.")
    parser.add_argument("--keep", action="store_true", help="Do not drop the database at the end.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    url = make_url(PG_ADMIN).set(database=PG_DB).render_as_string(hide_password=False)
    prepare(url, args.listings, args.runs, args.reuse)
    engine = db.make_engine(url)
    with engine.connect() as conn:
        observations = conn.scalar(text("SELECT count(*) FROM price_observation"))
        listings = conn.scalar(text("SELECT count(*) FROM listing"))
        products = conn.scalar(text("SELECT count(*) FROM product"))
    with db.session_scope(engine) as session:
        key = create_key(session, ApiRole.viewer, "api_load benchmark").token
    engine.dispose()
    print(f"store: {listings:,} listings, {observations:,} observations, {products:,} products")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SALESOPS_DATABASE_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "salesops", "serve", "--port", str(port)]
        + ["--workers", str(args.workers), "--log-level", "warning"],
        env=env,
    )
    try:
        wait_ready(base, server)
        check = httpx.get(f"{base}/prices/diff?sku=SKU-000001", headers={"X-API-Key": key})
        check.raise_for_status()
        offers = len(check.json()["products"][0]["offers"])
        print(f"one product's report: {offers} offers, {len(check.content)} bytes")
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "diff.lua"
            script.write_text(LUA % {"products": products, "key": key})
            wrk(base, "/health", None, 3, args.connections)  # warm both workers
            load_before = os.getloadavg()
            baseline = measured(server, base, "/health", None, args.seconds, args.connections)
            # One client, one request at a time: the service time without queueing.
            single = measured(server, base, "/prices/diff", script, 10, 1)
            result = measured(server, base, "/prices/diff", script, args.seconds, args.connections)
            load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            drop()
    print(
        f"\n{args.connections} clients, {args.seconds} s each, {args.workers} workers; "
        f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min), "
        f"{os.cpu_count()} CPUs"
    )
    show("baseline GET /health", baseline)
    show("one client, diff", single)
    show("GET /prices/diff?sku=...", result)
    print(f"diff throughput = {result['rps'] / baseline['rps']:.0%} of the /health baseline")
    ok = (
        result["rps"] >= TARGET_RPS
        and (result["p99_ms"] or 1e9) < TARGET_P99_MS
        and result["errors"] == 0
        and result["socket_errors"] == "none"
    )
    print(
        f"target >= {TARGET_RPS:.0f} req/s, p99 < {TARGET_P99_MS:.0f} ms, no errors: "
        + ("MET" if ok else "NOT MET")
    )


if __name__ == "__main__":
    main()
