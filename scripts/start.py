"""Run the app locally: services, migrations, demo data, web server and Celery, until Ctrl-C.

Started by ./scripts/start (which prepares .venv first). Environment: DATABASE_URL and REDIS_URL
(embedded servers when unset), PORT (default 8000), DJANGO_DEBUG (default off: the product's own
error pages; 1 shows Django's debug pages).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from services import (
    Terminated,
    child_env,
    install_signal_handlers,
    run_foreground,
    running_services,
    say,
    signals_deferred,
    spawn,
    stop_process_group,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
BIN_DIR = Path(sys.executable).parent
SETTINGS = "config.settings.local"
READY_TIMEOUT_SECONDS = 60.0


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _port_answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def _demo_credentials(env: dict[str, str]) -> tuple[str, str, str]:
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "REDIS_URL")})
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from devtools.demo import DEMO_EMAIL, DEMO_PASSWORD, MODERATOR_EMAIL

    return DEMO_EMAIL, DEMO_PASSWORD, MODERATOR_EMAIL


def _debug_line(env: dict[str, str]) -> str:
    if env.get("DJANGO_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
        return "DJANGO_DEBUG is on: errors show Django's debug pages."
    return "Errors show the product's own pages (DJANGO_DEBUG=1 ./scripts/start for debug pages)."


def _wait_until_serving(port: int, children: dict[str, subprocess.Popen[bytes]]) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children.values()):
            return False
        if _port_answers(port):
            return True
        time.sleep(0.2)
    return False


def _supervise(port: int, env: dict[str, str]) -> int:
    """Start the web server and Celery, and watch them until one dies or we are told to stop."""
    manage: list[str | Path] = [sys.executable, ROOT / "manage.py"]
    children: dict[str, subprocess.Popen[bytes]] = {}
    try:
        with signals_deferred():
            children["web server"] = spawn([*manage, "runserver", f"127.0.0.1:{port}"], env)
            celery: list[str | Path] = [
                BIN_DIR / "celery",
                "-A",
                "config.celery_app",
                "worker",
                "--beat",
            ]
            celery += ["-l", "info", "--concurrency", "2"]
            celery += ["--schedule", VAR_DIR / "celerybeat-schedule"]  # not in the checkout
            children["Celery worker"] = spawn(celery, env)
        email, password, moderator = _demo_credentials(env)
        if _wait_until_serving(port, children):
            print(
                f"\n  ProConnect is running at http://127.0.0.1:{port}/\n"
                f"  Demo login: {email} / {password}\n"
                f"  Moderator (staff, /admin/): {moderator} / {password}\n"
                f"  {_debug_line(env)}\n"
                "  Press Ctrl-C to stop.\n",
                flush=True,
            )
        while True:
            for name, child in children.items():
                if child.poll() is not None:
                    say(f"The {name} exited (code {child.returncode}); stopping everything")
                    return 1
            time.sleep(0.5)
    except (KeyboardInterrupt, Terminated):
        say("Stopping")
        return 0
    finally:
        with signals_deferred():
            for name, child in reversed(children.items()):
                say(f"Stopping the {name}")
                stop_process_group(child)


def main() -> int:
    os.chdir(ROOT)
    install_signal_handlers()
    port = int(os.environ.get("PORT", "8000"))
    if not _port_is_free(port):
        say(f"Port {port} on 127.0.0.1 is in use; stop what uses it or set PORT, e.g. PORT=8001")
        return 1
    try:
        with running_services(VAR_DIR) as (database_url, redis_url):
            env = child_env(
                VAR_DIR,
                {
                    "DATABASE_URL": database_url,
                    "REDIS_URL": redis_url,
                    "DJANGO_SETTINGS_MODULE": SETTINGS,
                    "PYTHONUNBUFFERED": "1",
                },
            )
            manage: list[str | Path] = [sys.executable, ROOT / "manage.py"]
            say("Applying migrations")
            if returncode := run_foreground([*manage, "migrate", "--noinput"], env):
                return returncode
            say("Loading demo data")
            if returncode := run_foreground([*manage, "seed_demo"], env):
                return returncode
            say("Writing a snapshot of the graph")
            if returncode := run_foreground([*manage, "graph_snapshot"], env):
                return returncode
            return _supervise(port, env)
    except KeyboardInterrupt:
        return 130
    except Terminated as stop:
        return 128 + stop.signum


if __name__ == "__main__":
    sys.exit(main())
