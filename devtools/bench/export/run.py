"""Benchmark Download your data for a member at the connection cap with 100,000 messages:
the archive's build time and peak memory, through the service (no worker, no HTTP).

The data lives in a separate database this command creates (`--database`, default
proconnect_bench_export), migrates, fills with COPY and drops at the end (unless --keep): the
development data is never touched. The archive goes to a temporary folder. The builds run in
a fresh process (`--measure-only`), so its memory is not the loader's: one build timed, with
the process's peak RSS over the build (Linux: VmHWM, reset first through
/proc/self/clear_refs) against its RSS before, and one under tracemalloc for the peak of Python
allocations (tracemalloc slows Python down, so that run is not timed). Prints a table and
writes var/bench/export.json.
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import CommandError, OutputWrapper
from django.db import connection
from django.test import override_settings

from devtools.bench.database import own_database
from devtools.bench.export.dataset import MEMBER, Dataset
from devtools.celery_capture import tasks_recorded
from devtools.reporting import machine, write_json
from exports import services
from exports.models import DataExport
from messaging.models import Message

MIB = 2**20


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        return False
    return True


def _build_once(*, traced: bool) -> dict[str, Any]:
    export = DataExport.objects.create(member_id=MEMBER)
    reset = _reset_peak_rss()
    rss_before = _status_kib("VmRSS") or 0
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    with tasks_recorded():  # the notification's email task is recorded, not sent
        assert services.data_export_build(export_id=export.pk)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {"seconds": round(seconds, 2)}
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["tracemalloc_peak_mib"] = round(peak / MIB, 1)
    hwm = _status_kib("VmHWM")
    if reset and hwm is not None:
        result["rss_peak_delta_mib"] = round((hwm - rss_before) / 1024, 1)
        result["rss_before_mib"] = round(rss_before / 1024, 1)
    export.refresh_from_db()
    result["archive_mib"] = round((export.size_bytes or 0) / MIB, 1)
    with default_storage.open(export.file_name, "rb") as stored:
        archive = zipfile.ZipFile(stored)
        result["uncompressed_mib"] = round(sum(i.file_size for i in archive.infolist()) / MIB, 1)
    DataExport.objects.filter(pk=export.pk).update(status="expired")
    return result


class ExportBench:
    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout

    def measure_only(self, options: dict[str, Any]) -> None:
        """In the fresh process: both builds on the loaded database; JSON on stdout."""
        connection.close()
        connection.settings_dict["NAME"] = options["database"]
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            timed = _build_once(traced=False)
            traced = _build_once(traced=True)
        connection.close()
        self.stdout.write(json.dumps({"timed_run": timed, "traced_run": traced}))

    def _measure_in_fresh_process(self, name: str) -> dict[str, Any]:
        connection.close()
        manage = Path(__file__).resolve().parents[3] / "manage.py"
        done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, str(manage), "bench_export", "--measure-only", "--database", name],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        if options.get("measure_only"):
            self.measure_only(options)
            return {}
        name = options["database"]
        if "bench" not in name or not name.replace("_", "").isalnum():
            raise CommandError("The benchmark database name must contain 'bench' (a-z, 0-9, _).")
        dataset = Dataset(
            connections=options["connections"],
            messages=options["messages"],
            conversations=options["conversations"],
        )
        with own_database(name, keep=options["keep"]) as server:
            self.stdout.write(
                f"Building a member with {dataset.connections:,} connections and "
                f"{dataset.messages:,} messages in database {name}…"
            )
            build = dataset.build(self.stdout.write)
            runs = self._measure_in_fresh_process(name)
            timed, traced = runs["timed_run"], runs["traced_run"]
            sizes = {
                "messages": Message.objects.filter(
                    conversation__participants__member_id=MEMBER
                ).count()
            }
        report = {
            "command": f"manage.py bench_export --connections {dataset.connections} "
            f"--messages {dataset.messages} --conversations {dataset.conversations}",
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                **machine(),
                "platform": platform.platform(),
                "postgresql": server,
                "load_average": os.getloadavg(),
            },
            "database": {"name": name, "dropped_after": not options["keep"]},
            "dataset": {**dataset.__dict__, **sizes},
            "load_seconds": build,
            "timed_run": timed,
            "traced_run": traced,
        }
        self._print(report)
        output = Path(options["output"]) / "export.json"
        write_json(output, report)
        self.stdout.write(f"Wrote {output}")
        return report

    def _print(self, report: dict[str, Any]) -> None:
        timed, traced = report["timed_run"], report["traced_run"]
        rows = [
            ("connections", f"{report['dataset']['connections']:,}"),
            ("messages", f"{report['dataset']['messages']:,}"),
            ("build time (s)", timed["seconds"]),
            ("peak RSS over the build (MiB)", timed.get("rss_peak_delta_mib", "n/a")),
            ("RSS before the build (MiB)", timed.get("rss_before_mib", "n/a")),
            ("tracemalloc peak (MiB)", traced["tracemalloc_peak_mib"]),
            ("build time under tracemalloc (s)", traced["seconds"]),
            ("archive, compressed (MiB)", timed["archive_mib"]),
            ("archive, uncompressed (MiB)", timed["uncompressed_mib"]),
        ]
        width = max(len(label) for label, _ in rows)
        self.stdout.write(f"{'measure':<{width}}  value")
        self.stdout.write("-" * (width + 12))
        for label, value in rows:
            self.stdout.write(f"{label:<{width}}  {value}")
