"""Load-test the read routing with a real streaming replica, on loopback, bounded in time.

    .venv/bin/python scripts/loadtest_replicas.py [--members 2000] [--duration 20] [--no-replica]

The embedded PostgreSQL (as ./scripts/start runs it) gets a database of its own,
`proconnect_replicas_bench`, migrated and seeded with the demo network (`seed_demo`); a streaming
replica of the server is made with pg_basebackup -R (tests/replicas/servers.py), and gunicorn (2
sync workers, DEBUG off, the per-member throttle lifted) serves with DATABASE_REPLICA_URLS naming
it. Threads of this script sign in as 50 members (JWTs) and cycle through people search, profiles,
connection lists, suggestions and the feed's posts, with one write (a headline edit, which makes
that member sticky to the primary) in every 20 requests. Reported: requests/s, status codes, CPU of
the whole machine per request, and the transactions each server ran (pg_stat_database's
xact_commit, counted on each: a standby counts its own). Writes var/bench/replicas_load.json.
On one 2-core machine this shows where statements run, not what more machines would carry
(docs/benchmarks.md, "Read replicas").
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psutil
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]

from services import child_env, run_foreground, running_services, say  # noqa: E402

DATABASE = "proconnect_replicas_bench"
OUTPUT = ROOT / "var" / "bench" / "replicas_load.json"
PORT = 8767


def busy_seconds() -> float:
    times = psutil.cpu_times()
    return sum(times) - times.idle - sum(getattr(times, n, 0.0) for n in ("iowait", "guest"))


def cpu_by_part(
    primary_data: Path, replica_data: Path, server_pid: int, redis_port: str
) -> dict[str, float]:
    """CPU seconds so far of each part of the stack: gunicorn, the primary's and the replica's
    PostgreSQL processes (the postmaster and its children), Valkey, and this driver."""
    parts: Counter[str] = Counter()
    postmasters: dict[int, str] = {}
    processes = list(psutil.process_iter(["pid", "ppid", "name", "cmdline", "cpu_times"]))
    for process in processes:
        cmdline = " ".join(process.info["cmdline"] or [])
        if process.info["name"] == "postgres" and "-D" in cmdline:
            if str(replica_data) in cmdline:
                postmasters[process.info["pid"]] = "replica"
            elif str(primary_data) in cmdline:
                postmasters[process.info["pid"]] = "primary"
    for process in processes:
        times = process.info["cpu_times"]
        if times is None:
            continue
        seconds = times.user + times.system
        cmdline = " ".join(process.info["cmdline"] or [])
        pid, ppid = process.info["pid"], process.info["ppid"]
        if pid in postmasters or ppid in postmasters:
            parts[postmasters.get(pid) or postmasters[ppid]] += seconds
        elif server_pid in (pid, ppid):
            parts["web"] += seconds
        elif "valkey" in cmdline and f":{redis_port}" in cmdline:  # its title names the port
            parts["redis"] += seconds
        elif pid == os.getpid():
            parts["driver"] += seconds
    return dict(parts)


def socket_of(url: str) -> tuple[str, int]:
    query = parse_qs(urlsplit(url).query)
    return query["host"][0], int(query.get("port", ["5432"])[0])


def commits(host: str, port: int) -> int:
    connection = psycopg2.connect(host=host, port=port, user="postgres", dbname=DATABASE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [DATABASE]
            )
            return int(cursor.fetchone()[0])
    finally:
        connection.close()


def prepare(env: dict[str, str], members: int) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for step in (["migrate", "--noinput", "-v", "0"], ["seed_demo", "--members", str(members)]):
        if run_foreground([*manage, *step], env):
            raise SystemExit(f"{step[0]} failed")


def tokens_and_paths(env: dict[str, str]) -> tuple[list[str], list[str]]:
    code = (
        "import django, json, datetime; django.setup()\n"
        "from rest_framework_simplejwt.tokens import AccessToken\n"
        "from accounts.models import User\n"
        "members = list(User.objects.filter(is_active=True).order_by('pk')[:50])\n"
        "tokens = []\n"
        "for m in members:\n"
        "    t = AccessToken.for_user(m)\n"
        "    t.set_iat(at_time=t.current_time - datetime.timedelta(minutes=10))\n"
        "    t.set_exp(lifetime=datetime.timedelta(hours=1))\n"
        "    tokens.append(str(t))\n"
        "total = User.objects.count()\n"
        "print(json.dumps({'tokens': tokens, 'ids': [m.pk for m in members], 'total': total}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    ids = data["ids"]
    paths = []
    for word, member in zip(
        itertools.cycle(["engineer", "manager", "sales", "design", "data"]), ids, strict=False
    ):
        paths += [
            f"/api/v1/search/people?q={word}",
            f"/api/v1/members/{member}",
            "/api/v1/connections",
            "/api/v1/network/suggestions",
            f"/api/v1/members/{member}/mutual-connections",
        ]
    say(f"{data['total']} members in {DATABASE}")
    return data["tokens"], paths


def drive(base: str, tokens: list[str], paths: list[str], seconds: float, threads: int) -> dict:
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(index: int) -> None:
        counter = itertools.count(index)
        while time.monotonic() < stop_at:
            n = next(counter)
            token = tokens[n % len(tokens)]
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            if n % 20 == 0:
                body = json.dumps({"headline": f"Load test {n}"}).encode()
                request = urllib.request.Request(  # noqa: S310 (http, loopback)
                    base + "/api/v1/me", data=body, headers=headers, method="PATCH"
                )
            else:
                path = paths[n % len(paths)]
                request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
            started = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            with lock:
                statuses[status] += 1
                latencies.append(time.monotonic() - started)

    workers = [threading.Thread(target=worker, args=(i * 7919,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    latencies.sort()
    count = len(latencies)
    return {
        "requests": count,
        "requests_per_second": count / seconds,
        "statuses": dict(statuses),
        "latency_ms": {
            share: 1000 * latencies[min(count - 1, int(count * share / 100))]
            for share in (50, 90, 99)
        }
        if count
        else {},
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--no-replica", action="store_true")
    options = parser.parse_args()
    os.chdir(ROOT)
    from tests.replicas.servers import streaming_replica

    with running_services(ROOT / "var") as (database_url, redis_url):
        url = database_url.replace("/proconnect?", f"/{DATABASE}?")
        import psycopg2.sql

        host, port = socket_of(url)
        admin = psycopg2.connect(host=host, port=port, user="postgres", dbname="postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
            if cursor.fetchone() is None:
                cursor.execute(
                    psycopg2.sql.SQL("CREATE DATABASE {}").format(psycopg2.sql.Identifier(DATABASE))
                )
        admin.close()
        env = child_env(
            ROOT / "var",
            {
                "DATABASE_URL": url,
                "REDIS_URL": redis_url.rsplit("/", 1)[0] + "/7",
                "DJANGO_SETTINGS_MODULE": "config.settings.local",
                "DJANGO_DEBUG": "false",
                "THROTTLE_USER": "1000000000/min",
                "CELERY_TASK_ALWAYS_EAGER": "true",
                "GRAPH_SNAPSHOT_REFRESH_SECONDS": "0",
                "LOG_LEVEL": "WARNING",
                "CONN_MAX_AGE": "60",
            },
        )
        say(f"Preparing {DATABASE} ({options.members} members)")
        prepare(env, options.members)
        tokens, paths = tokens_and_paths(env)
        primary = {"HOST": host, "PORT": port, "NAME": DATABASE, "OPTIONS": {}}
        folder = ROOT / "var" / "bench" / "replica"
        with streaming_replica(primary, folder, port=15499, log_statements=False) as replica:
            if not options.no_replica:
                env["DATABASE_REPLICA_URLS"] = replica.url()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{PORT}",
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=ROOT,
            )
            try:
                base = f"http://127.0.0.1:{PORT}"
                deadline = time.monotonic() + 90
                while True:
                    try:
                        urllib.request.urlopen(base + "/healthz", timeout=10).read()  # noqa: S310
                        break
                    except OSError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.5)
                drive(base, tokens, paths, 3.0, options.threads)  # warm every worker
                before = (commits(host, port), commits(str(replica.data), replica.port))
                redis_port = redis_url.rsplit(":", 1)[1].split("/")[0]
                measured = (ROOT / "var" / "postgres", replica.data, server.pid, redis_port)
                parts = cpu_by_part(*measured)
                busy = busy_seconds()
                report = drive(base, tokens, paths, options.duration, options.threads)
                busy = busy_seconds() - busy
                after_parts = cpu_by_part(*measured)
                after = (commits(host, port), commits(str(replica.data), replica.port))
            finally:
                server.terminate()
                server.wait(timeout=30)
        report.update(
            {
                "replica": not options.no_replica,
                "members": options.members,
                "threads": options.threads,
                "gunicorn_workers": 2,
                "duration_s": options.duration,
                "cpus": os.cpu_count(),
                "cpu_ms_per_request": 1000 * busy / max(1, report["requests"]),
                "cpu_ms_per_request_by_part": {
                    part: round(
                        1000
                        * (after_parts.get(part, 0.0) - parts.get(part, 0.0))
                        / max(1, report["requests"]),
                        3,
                    )
                    for part in sorted(set(parts) | set(after_parts))
                },
                "transactions": {"primary": after[0] - before[0], "replica": after[1] - before[1]},
            }
        )
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
