"""What every benchmark shares: timing calls, percentiles, the machine, tables and JSON output."""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np


def ms(nanoseconds: int) -> float:
    return nanoseconds / 1e6


def timed_ms(call: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter_ns()
    call()
    return ms(time.perf_counter_ns() - started)


def samples_ms(call: Callable[[], object], runs: int) -> list[float]:
    """Call once to warm (connections, plans, caches), then time `runs` calls."""
    call()
    return [timed_ms(call) for _ in range(runs)]


def summary(samples: list[float]) -> dict[str, float]:
    """p50 and p95 (numpy's interpolated percentiles) and the number of samples."""
    values = np.array(samples, dtype=np.float64)
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 4),
        "p95_ms": round(float(np.percentile(values, 95)), 4),
        "samples": len(samples),
    }


def nearest_rank(values: Sequence[float], share: float) -> float:
    """The sample nearest to the `share` point of the sorted values (no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def rank_at_or_above(values: Sequence[float], share: float) -> float:
    """The sorted sample at index floor(count x share): never below the `share` point."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def markdown_row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def write_json(path: Path, report: dict[str, Any]) -> None:
    """Write the report (indented, one trailing newline), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")


def machine() -> dict[str, Any]:
    """CPUs, memory, CPU model and the Python and numpy versions of this machine."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "cpu": model,
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def timed_steps(
    steps: Sequence[tuple[str, Callable[[], None]]], say: Callable[[str], None]
) -> dict[str, float]:
    """Run the loading steps in order, saying how long each took; return the seconds by name."""
    timings: dict[str, float] = {}
    for name, step in steps:
        started = time.perf_counter()
        step()
        timings[name] = round(time.perf_counter() - started, 1)
        say(f"  {name}: {timings[name]} s")
    return timings


class StepwiseBuild:
    """A dataset loaded in named steps: `STEPS` names its `_<step>` methods, run in that
    order and timed (`timed_steps`)."""

    STEPS: ClassVar[tuple[str, ...]] = ()

    def build(self, say: Callable[[str], None]) -> dict[str, float]:
        """Run every step, saying how long each took; return the seconds by name."""
        return timed_steps([(name, getattr(self, f"_{name}")) for name in self.STEPS], say)
