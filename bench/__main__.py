"""`make bench`: run every benchmark and print one JSON document."""

from __future__ import annotations

import importlib
import json
import sys
import time
from typing import Any

BENCHMARKS = ("sandbox", "hibob_client", "sync", "sync_memory", "api")


def main() -> None:
    results: dict[str, Any] = {}
    for name in BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        results[name] = module.run()
        results[name]["bench_seconds"] = round(time.perf_counter() - started, 1)
        print(f"bench {name}: done", file=sys.stderr)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
