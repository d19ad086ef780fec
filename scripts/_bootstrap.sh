# shellcheck shell=bash
# Sourced by scripts/start and scripts/test. Finds a Python >= 3.12, makes uv available and
# syncs .venv with uv.lock; afterwards .venv/bin/python is the project interpreter.

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export UV_PYTHON_DOWNLOADS=never # never fetch an interpreter; use one that is installed
# .venv is the environment the scripts run; a different one activated in this shell must not win.
unset VIRTUAL_ENV UV_PROJECT_ENVIRONMENT

_bootstrap_fail() {
  echo "error: $*" >&2
  exit 1
}

# Print the real executable of a working Python >= 3.12 (pyenv shims can exist and still fail).
_bootstrap_find_python() {
  local candidate home
  home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
  shopt -s nullglob
  for candidate in python3 python3.13 python3.12 \
    "${home:-/nonexistent}"/.pyenv/versions/3.1[2-9]*/bin/python3 \
    /usr/bin/python3.1[2-9] /usr/local/bin/python3.1[2-9]; do
    if "$candidate" -c 'import sys; raise SystemExit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      "$candidate" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  return 1
}

PY="$(_bootstrap_find_python)" || _bootstrap_fail "Python 3.12 or newer is required and none was found.
Tried python3, python3.13 and python3.12 on PATH, ~/.pyenv/versions/3.1x and /usr/bin/python3.1x.
Install one (e.g. 'apt-get install python3.12' or 'pyenv install 3.12') and run this again."

if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
  UV="$(command -v uv)"
else
  UV="$PWD/var/tools/uv-venv/bin/uv"
  if ! "$UV" --version >/dev/null 2>&1; then
    echo "==> Installing uv into var/tools/uv-venv (once)" >&2
    rm -rf var/tools/uv-venv
    "$PY" -m venv var/tools/uv-venv ||
      _bootstrap_fail "could not create a virtual environment with $PY (is its venv module installed?)"
    var/tools/uv-venv/bin/python -m pip install --quiet --disable-pip-version-check uv ||
      _bootstrap_fail "could not install uv from PyPI"
  fi
fi

echo "==> Syncing .venv with uv.lock (Python $("$PY" -c 'import platform; print(platform.python_version())'))" >&2
"$UV" sync --frozen --python "$PY" --quiet || _bootstrap_fail "uv sync failed"
[ -x .venv/bin/python ] || _bootstrap_fail ".venv/bin/python is missing after uv sync"
