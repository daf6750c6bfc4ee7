"""`module remove` refuses while another file imports the module, and only then.

Only import statements count: a test that asserts on the text "shopfloor.<name>", a comment
or a docstring never blocks a removal.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from shopfloor.cli.project import Project
from shopfloor.cli.scaffold.generate import ScaffoldError
from shopfloor.cli.scaffold.removal import Removal, imports_module, plan_remove_module
from tests.cli.conftest import run_in, snapshot

NAME = "work_order"


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("import shopfloor.work_order\n", 1),
        ("import os\nimport shopfloor.work_order.service as orders\n", 2),
        ("from shopfloor.work_order import service\n", 1),
        ("from shopfloor.work_order.schemas import WorkOrderRead\n", 1),
        ("from shopfloor import audit, work_order\n", 1),
        ("from shopfloor import (\n    audit,\n    work_order as orders,\n)\n", 1),
        (
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
            "    from shopfloor.work_order import service\n",
            4,
        ),
        ("def later() -> None:\n    import shopfloor.work_order\n", 2),
        ('import importlib\n\norders = importlib.import_module("shopfloor.work_order")\n', 3),
        (
            "from importlib import import_module\n"
            'service = import_module("shopfloor.work_order.service")\n',
            2,
        ),
        ('plugin = __import__("shopfloor.work_order.router")\n', 1),
    ],
)
def test_an_import_statement_is_found_with_its_line(source: str, line: int) -> None:
    assert imports_module(ast.parse(source), NAME) == line


@pytest.mark.parametrize(
    "source",
    [
        'assert "shopfloor.work_order" in text\n',
        '"""Reads shopfloor.work_order; from shopfloor import work_order."""\n',
        "# from shopfloor import work_order\nimport shopfloor.audit\n",
        "import shopfloor.work_orders\n",
        "from shopfloor import work_orders\n",
        "from shopfloor.audit import work_order\n",
        'MODULE = "shopfloor.work_order.router:router"\n',
        'importlib.import_module("shopfloor.work_orders")\n',
        "importlib.import_module(name)\n",
        'load("shopfloor.work_order")\n',
    ],
)
def test_a_mention_that_is_not_an_import_is_not_one(source: str) -> None:
    assert imports_module(ast.parse(source), NAME) is None


@pytest.mark.parametrize(
    ("source", "package", "found"),
    [
        ("from ..work_order import service\n", "shopfloor.customer", True),
        ("from .. import work_order\n", "shopfloor.customer", True),
        ("from . import work_order\n", "shopfloor", True),
        ("from .work_order import service\n", "shopfloor.customer", False),
        ("from . import work_order\n", "shopfloor.customer", False),
    ],
)
def test_relative_imports_are_resolved_from_the_files_package(
    source: str, package: str, found: bool
) -> None:
    assert (imports_module(ast.parse(source), NAME, package) is not None) is found


def plan(root: Path) -> Removal:
    return plan_remove_module(
        NAME, project=Project(root), installed={}, tables=[], discard_migration=False
    )


def write(root: Path, path: str, content: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")


# The demo plant's order stories are the one caller of work_order in the product.
DEMO_ORDERS = "src/shopfloor/cli/demo_orders.py"


@pytest.fixture
def leaf_project(project: Path) -> Path:
    """A copy in which nothing imports the module: the demo's order stories are gone, as
    `module remove` asks (see the test below)."""
    (project / DEMO_ORDERS).unlink()
    return project


def test_the_demo_order_stories_block_the_removal_until_they_are_gone(project: Path) -> None:
    with pytest.raises(ScaffoldError, match=rf"^{re.escape(DEMO_ORDERS)}:\d+ still imports"):
        plan(project)


def test_files_that_only_mention_the_module_do_not_block_its_removal(leaf_project: Path) -> None:
    write(leaf_project, "tests/cli/test_names.py", 'assert "shopfloor.work_order" in "x"\n')
    write(leaf_project, "src/shopfloor/customer/notes.py", "# see shopfloor.work_order\n")
    removal = plan(leaf_project)
    assert f"src/shopfloor/{NAME}/models.py" in {change.path for change in removal.changes.changes}


def test_a_real_import_blocks_the_removal_and_names_the_file_and_line(leaf_project: Path) -> None:
    write(
        leaf_project,
        "tests/elsewhere/test_uses.py",
        '"""Uses it."""\n\nfrom shopfloor import work_order\n',
    )
    with pytest.raises(ScaffoldError, match=r"^tests/elsewhere/test_uses\.py:3 still imports"):
        plan(leaf_project)


def test_a_relative_import_in_another_package_blocks_the_removal(leaf_project: Path) -> None:
    write(leaf_project, "src/shopfloor/customer/reach.py", "from ..work_order import service\n")
    with pytest.raises(ScaffoldError, match=r"^src/shopfloor/customer/reach\.py:1 still imports"):
        plan(leaf_project)


def test_a_file_that_does_not_parse_blocks_only_when_it_mentions_the_module(
    leaf_project: Path,
) -> None:
    write(leaf_project, "tests/elsewhere/broken.py", "def broken(:\n")
    plan(leaf_project)
    write(leaf_project, "tests/elsewhere/broken.py", "from shopfloor import (\n    work_order\n")
    with pytest.raises(ScaffoldError) as refused:
        plan(leaf_project)
    assert str(refused.value) == (
        "tests/elsewhere/broken.py mentions shopfloor.work_order and cannot be parsed as "
        "Python (line 1: '(' was never closed), so its imports cannot be checked; fix it first"
    )


@pytest.mark.slow
def test_module_remove_succeeds_beside_a_test_that_names_the_module_in_a_string(
    leaf_project: Path,
) -> None:
    write(
        leaf_project,
        "tests/cli/test_names.py",
        'def test_name() -> None:\n    assert "shopfloor.work_order" in "shopfloor.work_order"\n',
    )
    before = snapshot(leaf_project)
    result = run_in(leaf_project, "module", "remove", NAME, "--dry-run")
    assert result.returncode == 0, result.output
    assert f"delete src/shopfloor/{NAME}/models.py" in result.stdout
    assert snapshot(leaf_project) == before
