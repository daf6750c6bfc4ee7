# Shared by scripts/dev, scripts/test and scripts/bench: find Python 3.11+, make sure the
# installer (uv) exists, and install the locked dependencies into .venv.
# Sourced, not executed.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

UV_VERSION="0.13.9"

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "error: Python 3.11 or newer is required (set PYTHON=/path/to/python3.11)" >&2
    return 1
}

ensure_uv() {
    if command -v uv >/dev/null 2>&1; then
        UV="$(command -v uv)"
        return 0
    fi
    if [ ! -x "$ROOT/.tools/bin/uv" ]; then
        echo "==> installing uv $UV_VERSION into .tools (plain pip, one time)" >&2
        "$PY" -m venv "$ROOT/.tools"
        "$ROOT/.tools/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
    fi
    UV="$ROOT/.tools/bin/uv"
}

sync_env() {
    PY="$(find_python)"
    ensure_uv
    echo "==> installing locked dependencies into .venv" >&2
    "$UV" sync --frozen --python "$PY" --quiet
    export PATH="$ROOT/.venv/bin:$PATH"
}

# True when a PostgreSQL server accepts the postgres user at 127.0.0.1:5432 (CI, a dev box).
local_postgres_answers() {
    "$ROOT/.venv/bin/python" - <<'PY' 2>/dev/null
import asyncio, sys
import asyncpg

async def probe() -> None:
    connection = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres", timeout=3)
    await connection.close()

try:
    asyncio.run(probe())
except Exception:
    sys.exit(1)
PY
}
