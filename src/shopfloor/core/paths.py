"""Where the project's files live, for an editable install or a checkout."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder holding `alembic.ini` and the env files.

    `SHOPFLOOR_ROOT` wins; otherwise the checkout that holds this package (src layout),
    otherwise the current directory.
    """
    override = os.environ.get("SHOPFLOOR_ROOT")
    if override:
        return Path(override).resolve()
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "alembic.ini").is_file():
        return checkout
    return Path.cwd()
