"""List the benchmarks, or run one: ``python -m benchmarks [NAME [ARGS...]]``.

Each benchmark is a module here whose docstring says what it measures, its baseline and how to
run it; this entry point only finds them, so adding a script is all it takes to list it.
"""

from __future__ import annotations

import pkgutil
import runpy
import sys
from importlib import import_module
from pathlib import Path

HERE = Path(__file__).parent
SKIP = {"__main__", "common", "prices_seed"}


def names() -> list[str]:
    found: list[str] = []
    for info in pkgutil.walk_packages([str(HERE)], prefix="benchmarks."):
        short = info.name.removeprefix("benchmarks.")
        if info.ispkg or short.rsplit(".", 1)[-1] in SKIP:
            continue
        found.append(short)
    return sorted(found)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "list"):
        print("benchmarks (python -m benchmarks NAME [ARGS...]):\n")
        for name in names():
            doc = (import_module(f"benchmarks.{name}").__doc__ or "").strip().splitlines()
            print(f"  {name:28s} {doc[0] if doc else ''}")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in names():
        print(f"unknown benchmark {name!r}; `python -m benchmarks` lists them", file=sys.stderr)
        return 2
    sys.argv = [f"benchmarks.{name}", *rest]
    runpy.run_module(f"benchmarks.{name}", run_name="__main__", alter_sys=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
