"""`config`, `openapi`, `module list`, `module graph` and `serve`'s configuration check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from shopfloor.cli.masking import MASK, mask_url_passwords, shown_value
from shopfloor.core.paths import project_root
from shopfloor.core.registry import discover_modules
from tests.cli.conftest import Cli, run_in

DB_PASSWORD = "Pl4nt-db-pa55word"
JWT_SECRET = "config-test-signing-key-0123456789abcdef-0123456789"


def test_config_shows_the_settings_and_never_a_secret(cli: Cli) -> None:
    env = {
        "DATABASE_URL": f"postgresql://shop:{DB_PASSWORD}@db.plant.example:5432/shop",
        "AUTH_JWT_SECRET": JWT_SECRET,
        "ENABLED_MODULES": "audit,user,auth",
    }
    for args in (["config"], ["config", "--json"]):
        result = cli(*args, env=env)
        assert result.exit_code == 0, result.output
        assert DB_PASSWORD not in result.output
        assert JWT_SECRET not in result.output
    text = cli("config", env=env).stdout
    assert re.search(r"^DATABASE_URL\s+= postgresql://shop:\*{8}@db\.plant\.example", text, re.M)
    assert re.search(r"^AUTH_JWT_SECRET\s+= \*{8}$", text, re.MULTILINE)
    assert "[module auth]" in text
    assert "[module work_order]" not in text
    document = json.loads(cli("config", "--json", env=env).stdout)
    assert document["module auth"]["AUTH_JWT_SECRET"] == MASK
    assert document["app"]["ENABLED_MODULES"] == '["audit", "user", "auth"]'


def test_config_reports_an_unknown_module_in_one_line(cli: Cli) -> None:
    result = cli("config", env={"ENABLED_MODULES": "audit,warehouse"})
    assert result.exit_code == 1
    assert "error: unknown module 'warehouse' in ENABLED_MODULES" in result.stderr


def test_invalid_settings_are_reported_with_one_prefix(cli: Cli) -> None:
    result = cli("config", env={"DB_POOL_SIZE": "many"})
    assert result.exit_code == 1
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error.startswith("error: invalid settings: DB_POOL_SIZE: "), error
    assert error.count("invalid settings") == 1


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("jwt_secret", "abc", MASK),
        ("db_password", "abc", MASK),
        ("api_key", "abc", MASK),
        ("refresh_token", "abc", MASK),
        ("access_token_minutes", 15, "15"),
        ("require_idempotency_key", True, "True"),
        ("log_level", "INFO", "INFO"),
        ("hsts_enabled", None, "(not set)"),
        ("redis_url", "redis://:pw@cache:6379/0", f"redis://:{MASK}@cache:6379/0"),
    ],
)
def test_secrets_are_masked_by_name_and_in_urls(name: str, value: object, shown: str) -> None:
    assert shown_value(name, value) == shown


def test_url_passwords_are_masked_wherever_they_are() -> None:
    assert mask_url_passwords("postgresql://u:p@ss@h/db?password=x&a=1") == (
        f"postgresql://u:{MASK}@h/db?password={MASK}&a=1"
    )
    assert mask_url_passwords("postgresql://u@h/db") == "postgresql://u@h/db"


def test_openapi_documents_the_enabled_modules(cli: Cli, tmp_path: Path) -> None:
    installed = discover_modules()
    out = tmp_path / "openapi.json"
    result = cli("openapi", "--out", str(out), env={"ENABLED_MODULES": ",".join(installed)})
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert {tag["name"] for tag in document["tags"]} == {
        *(manifest.tag for manifest in installed.values()),
        "Health",
    }
    printed = cli("openapi", env={"ENABLED_MODULES": "audit,user,auth"})
    assert printed.exit_code == 0, printed.output
    assert {tag["name"] for tag in json.loads(printed.stdout)["tags"]} == {
        *(installed[name].tag for name in ("audit", "user", "auth")),
        "Health",
    }


def test_openapi_needs_no_database_and_no_secret_in_prod(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    # A separate process reading the checkout's .env.prod, as a CI job without secrets would.
    result = run_in(
        project_root(),
        "openapi",
        "--out",
        str(out),
        env={"APP_ENV": "prod", "AUTH_JWT_SECRET": None, "EMBEDDED_DB_DIR": None},
    )

    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.")
    assert "/api/v1/work-orders/{work_order_id}/history" in document["paths"]
    env_file = (project_root() / ".env.prod").read_text(encoding="utf-8")
    (prod_modules,) = re.findall(r"^ENABLED_MODULES=(.*)$", env_file, re.MULTILINE)
    same_modules = cli("openapi", env={"ENABLED_MODULES": prod_modules})
    assert same_modules.exit_code == 0, same_modules.output
    assert document == json.loads(same_modules.stdout)


def test_openapi_still_reports_a_module_setting_that_is_set_wrongly(cli: Cli) -> None:
    env = {"ENABLED_MODULES": "audit,user,auth", "AUTH_JWT_SECRET": "too-short"}
    result = cli("openapi", env={**env, "APP_ENV": "prod"})
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: cannot build the application: invalid settings for module 'auth': "
        "AUTH_JWT_SECRET: Value error, must be at least 32 bytes long"
    ), result.stderr


def test_module_list_shows_every_installed_module(cli: Cli) -> None:
    installed = discover_modules()
    enabled = sorted(installed)[:1]
    result = cli("module", "list", "--json", env={"ENABLED_MODULES": ",".join(enabled)})
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert set(rows) == set(installed)
    for name, manifest in installed.items():
        assert rows[name]["enabled"] is (name in enabled)
        assert rows[name]["prefix"] == manifest.prefix
        assert rows[name]["depends_on"] == list(manifest.depends_on)
        assert rows[name]["routes"] > 0
    table = cli("module", "list", env={"ENABLED_MODULES": ",".join(enabled)}).stdout
    assert table.splitlines()[0].split() == [
        "MODULE",
        "ENABLED",
        "PREFIX",
        "ROUTES",
        "DEPENDS",
        "ON",
    ]
    assert len(table.splitlines()) == len(installed) + 1


def test_module_graph_lists_dependencies_before_their_users(cli: Cli) -> None:
    installed = discover_modules()
    result = cli("module", "graph", env={"ENABLED_MODULES": ""})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    position = {line.split()[0]: index for index, line in enumerate(lines)}
    assert set(position) == set(installed)
    for name, manifest in installed.items():
        line = lines[position[name]]
        assert line.endswith("(disabled)")
        for dependency in manifest.depends_on:
            assert position[dependency] < position[name]
            assert dependency in line.split("->", 1)[1]


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        (
            {"ENABLED_MODULES": "work_ordr"},
            "unknown module 'work_ordr' in ENABLED_MODULES; did you mean 'work_order'?",
        ),
        (
            {"ENABLED_MODULES": "auth"},
            "module 'auth' depends on 'user' (auth -> user), which is not enabled",
        ),
        (
            {"ENABLED_MODULES": "audit,user,auth", "AUTH_JWT_SECRET": "too-short"},
            "invalid settings for module 'auth': AUTH_JWT_SECRET: Value error, must be at least "
            "32 bytes long",
        ),
    ],
    ids=["unknown module", "missing dependency", "module setting"],
)
def test_serve_refuses_a_bad_configuration_in_one_line_before_migrating(
    cli: Cli, env: dict[str, str], reason: str
) -> None:
    # The database URL points at a closed port: reaching it (to migrate) would fail differently.
    result = cli("serve", env={**env, "DATABASE_URL": "postgresql://shop@127.0.0.1:9/shop"})

    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: invalid configuration: {reason}")
    assert "Serving on" not in result.stdout
    assert "Traceback" not in result.output
