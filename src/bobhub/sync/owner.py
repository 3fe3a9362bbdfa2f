"""Which process runs a sync: a run left "running" by a process that is gone was interrupted, not slow.

A run records its host, process id and the process's start time (Linux `/proc`, so a reused id is not
taken for the same process). The next run of the account marks "interrupted" the running runs whose
process is surely gone: on this host, a process id that no longer runs (or now runs something else);
on any host, a run that has said nothing for a day.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path
from typing import Any

from bobhub.store import records as store

SILENT_FOR = dt.timedelta(days=1)  # no sync takes this long: its process is gone, wherever it ran


def this_process() -> dict[str, Any]:
    pid = os.getpid()
    return {"host": socket.gethostname(), "pid": pid, "started": process_start(pid)}


def process_start(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot), or None where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses; fields after its last ")" are plain.
    return stat.rpartition(")")[2].split()[19]


def process_gone(owner: Any) -> bool:
    """True when the owner ran on this host and its process no longer runs."""
    if not isinstance(owner, dict) or owner.get("host") != socket.gethostname():
        return False
    pid = owner.get("pid")
    if not isinstance(pid, int):
        return False
    started = process_start(pid)
    if started is not None or owner.get("started") is not None:
        return started != owner.get("started")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, run by another user
        return False
    return False


def stopped(run: store.SyncRun, now: dt.datetime) -> bool:
    """Whether a run still marked running was left behind by a process that stopped."""
    owner = (run.summary or {}).get("owner")
    return process_gone(owner) or run.started_at < now - SILENT_FOR
