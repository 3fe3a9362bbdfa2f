"""Progress of a run's streams as Rich bars, or nothing when nobody watches (API, workers, tests)."""

from __future__ import annotations

from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn


def make_progress() -> Progress:
    """The CLI's bars: one line per stream with its records so far."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description:<20}"),
        BarColumn(),
        TextColumn("{task.completed:>7.0f} records"),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
    )


class Bars:
    """One bar per stream on an optional `Progress`."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}
        self._counts: dict[str, int] = {}

    def start(self, name: str) -> None:
        if self._progress is not None:
            self._tasks[name] = self._progress.add_task(name, total=None, status="")

    def advance(self, name: str, records: int) -> None:
        self._counts[name] = self._counts.get(name, 0) + records
        if self._progress is not None and name in self._tasks:
            self._progress.advance(self._tasks[name], records)

    def done(self, name: str, status: str) -> None:
        if self._progress is not None and name in self._tasks:
            count = max(self._counts.get(name, 0), 1)  # an empty stream still shows a full bar
            self._progress.update(self._tasks[name], total=count, completed=count, status=status)
