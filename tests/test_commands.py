"""The README's commands are the ones CI runs, and the deployment files hold together."""

import os
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FENCED_BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        line.strip().removeprefix("$ ")
        for block in FENCED_BLOCK.findall(readme)
        for line in block.splitlines()
    ]


def test_ci_runs_the_test_command_the_readme_shows() -> None:
    readme_command = next(
        (line for line in _readme_commands() if line.split()[:1] == ["./scripts/test"]), None
    )
    assert readme_command is not None, "README.md has no fenced block with ./scripts/test"

    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert readme_command in ci_lines


def test_readme_shows_the_start_command() -> None:
    assert "./scripts/start" in _readme_commands()


def test_scripts_are_executable() -> None:
    for name in ("scripts/start", "scripts/test", ".ci/run"):
        assert os.access(ROOT / name, os.X_OK), f"{name} is not executable"


def test_docker_compose_defines_the_production_services() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(compose["services"])
