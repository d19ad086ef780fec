"""Run every check in order, stop at the first failure, and print a summary with durations.

Started by ./scripts/test (which prepares .venv first); extra arguments go to pytest.
"""

from __future__ import annotations

import os
import secrets
import string
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from services import (
    Terminated,
    child_env,
    install_signal_handlers,
    run_foreground,
    running_services,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
BIN_DIR = Path(sys.executable).parent


@dataclass
class Step:
    title: str
    command: list[str | Path]
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    title: str
    result: str
    seconds: float | None = None


def _random_secret_key(length: int = 64) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _steps(pytest_args: list[str]) -> list[Step]:
    manage: list[str | Path] = [sys.executable, "manage.py"]
    deploy_env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": _random_secret_key(),
        "DJANGO_ALLOWED_HOSTS": "example.com",
    }
    schema = ["spectacular", "--validate", "--fail-on-warn", "--file", "var/openapi.yaml"]
    return [
        Step("ruff check .", [BIN_DIR / "ruff", "check", "."]),
        Step("ruff format --check .", [BIN_DIR / "ruff", "format", "--check", "."]),
        Step("mypy .", [BIN_DIR / "mypy", "."]),
        Step("makemigrations --check", [*manage, "makemigrations", "--check", "--dry-run"]),
        Step(
            "check --deploy (production settings)",
            [*manage, "check", "--deploy", "--fail-level", "WARNING"],
            deploy_env,
        ),
        Step("spectacular --validate", [*manage, *schema]),
        Step(" ".join(["pytest", *pytest_args]), [sys.executable, "-m", "pytest", *pytest_args]),
    ]


def _header(number: int, total: int, title: str) -> None:
    print(f"\n=== [{number}/{total}] {title} ===", flush=True)


def _summary(outcomes: list[Outcome], total_seconds: float) -> None:
    title_width = max(len(outcome.title) for outcome in outcomes)
    result_width = max(len("result"), *(len(outcome.result) for outcome in outcomes))

    def row(title: str, result: str, seconds: str) -> str:
        return f"{title:<{title_width}}  {result:<{result_width}}  {seconds:>8}".rstrip()

    lines = [row("step", "result", "time"), row("-" * title_width, "-" * result_width, "-" * 8)]
    for outcome in outcomes:
        lines.append(
            row(
                outcome.title,
                outcome.result,
                "" if outcome.seconds is None else f"{outcome.seconds:.1f}s",
            )
        )
    lines.append(row("total", "", f"{total_seconds:.1f}s"))
    print("\n=== summary ===\n" + "\n".join(lines), flush=True)


def _run(steps: list[Step], outcomes: list[Outcome], base_env: dict[str, str]) -> int:
    for number, (step, outcome) in enumerate(zip(steps, outcomes, strict=True), start=1):
        _header(number, len(steps), step.title)
        started = time.monotonic()
        outcome.result = "running"
        returncode = run_foreground(step.command, {**base_env, **step.env})
        outcome.seconds = time.monotonic() - started
        outcome.result = "ok" if returncode == 0 else f"FAILED ({returncode})"
        if returncode != 0:
            return returncode
    return 0


def main(pytest_args: list[str]) -> int:
    os.chdir(ROOT)
    install_signal_handlers()
    started = time.monotonic()
    steps = _steps(pytest_args)
    services = Outcome("start services", "running")
    outcomes = [Outcome(step.title, "not run") for step in steps]
    returncode = 1
    try:
        with running_services(VAR_DIR) as (database_url, redis_url):
            services.result, services.seconds = "ok", time.monotonic() - started
            base_env = child_env(
                VAR_DIR,
                {
                    "DATABASE_URL": database_url,
                    "REDIS_URL": redis_url,
                    "DJANGO_SETTINGS_MODULE": "config.settings.test",
                },
            )
            returncode = _run(steps, outcomes, base_env)
    except KeyboardInterrupt:
        returncode = 130
    except Terminated as stop:
        returncode = 128 + stop.signum
    finally:
        for outcome in [services, *outcomes]:
            if outcome.result == "running":
                outcome.result = "stopped" if returncode > 128 else "FAILED"
        _summary([services, *outcomes], time.monotonic() - started)
    if returncode != 0:
        print(f"\nFAILED (exit code {returncode})", file=sys.stderr, flush=True)
        return returncode
    print("\nAll checks passed.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
