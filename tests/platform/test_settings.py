"""Settings: env files per APP_ENV, the environment on top, and what prod refuses."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import ValidationError

from shopfloor.core.config import (
    AppEnv,
    AppSettings,
    InsecureConfigurationError,
    SettingsError,
    load_settings,
)
from shopfloor.core.registry import ModuleConfigurationError, ModuleManifest, discover_modules
from shopfloor.main import create_app
from tests.platform.conftest import (
    GAMMA_KEY,
    AppFactory,
    http_client,
    installed_test_modules,
)

SECRET_URL = "postgresql://shopfloor:Sup3rSecret@db.internal:5432/shopfloor"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project root: env files written by each test, no variables leaking in."""
    monkeypatch.setenv("SHOPFLOOR_ROOT", str(tmp_path))
    for name in (
        "DATABASE_URL",
        "DEBUG",
        "LOG_LEVEL",
        "DB_POOL_SIZE",
        "ENABLED_MODULES",
        "CORS_ORIGINS",
        "CORS_ALLOW_CREDENTIALS",
        "DOCS_ENABLED",
        "GAMMA_API_KEY",
        "GAMMA_GREETING",
    ):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def write_env(project: Path, name: str, *lines: str) -> None:
    (project / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- env files -------------------------------------------------------------------------------


def test_dev_reads_env_dev(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_env(project, ".env.dev", "LOG_LEVEL=DEBUG", "DB_POOL_SIZE=3", "ENABLED_MODULES=alpha")
    write_env(project, ".env.prod", "LOG_LEVEL=ERROR", "DB_POOL_SIZE=30")
    monkeypatch.setenv("APP_ENV", "dev")

    settings = load_settings()

    assert settings.app_env is AppEnv.DEV
    assert settings.log_level == "DEBUG"
    assert settings.db_pool_size == 3
    assert settings.enabled_modules == ["alpha"]
    assert settings.env_file == project / ".env.dev"


def test_prod_reads_env_prod(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_env(project, ".env.dev", "DB_POOL_SIZE=3")
    write_env(project, ".env.prod", "DB_POOL_SIZE=30", f"DATABASE_URL={SECRET_URL}")
    monkeypatch.setenv("APP_ENV", "prod")

    settings = load_settings()

    assert settings.is_prod
    assert settings.db_pool_size == 30
    assert settings.env_file == project / ".env.prod"


def test_test_reads_no_env_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_env(project, ".env.dev", "DB_POOL_SIZE=3")
    monkeypatch.setenv("APP_ENV", "test")

    settings = load_settings()

    assert settings.db_pool_size == AppSettings.model_fields["db_pool_size"].default
    assert settings.env_file is None


def test_real_environment_variables_override_the_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_env(project, ".env.dev", "DB_POOL_SIZE=3", "LOG_LEVEL=DEBUG")
    monkeypatch.setenv("APP_ENV", "dev")
    monkeypatch.setenv("DB_POOL_SIZE", "7")

    settings = load_settings()

    assert settings.db_pool_size == 7
    assert settings.log_level == "DEBUG"


def test_module_settings_read_the_same_env_file_and_the_environment_wins(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_env(
        project,
        ".env.dev",
        "ENABLED_MODULES=gamma",
        f"GAMMA_API_KEY={GAMMA_KEY}",
        "GAMMA_GREETING=from the file",
    )
    monkeypatch.setenv("APP_ENV", "dev")
    monkeypatch.setenv("GAMMA_GREETING", "from the environment")

    app = create_app(
        load_settings(), modules=list(installed_test_modules().values()), configure_logs=False
    )

    gamma = app.state.module_settings["gamma"]
    assert gamma.api_key == GAMMA_KEY
    assert gamma.greeting == "from the environment"


def test_an_unknown_app_env_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "staging")

    with pytest.raises(ValueError, match=r"^APP_ENV='staging' is not one of: dev, test, prod$"):
        load_settings()


def test_an_invalid_value_is_one_line_naming_the_variable(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_ENV", "dev")
    monkeypatch.setenv("DB_POOL_SIZE", "0")

    with pytest.raises(SettingsError) as caught:
        load_settings()

    message = str(caught.value)
    assert message.startswith("invalid settings: DB_POOL_SIZE: ")
    assert "\n" not in message


# -- production refusals ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProdCase:
    variables: dict[str, str]
    problem: str


PROD_CASES = {
    "debug on": ProdCase({"DEBUG": "true"}, "DEBUG must be false"),
    "embedded database": ProdCase(
        {"DATABASE_URL": ""},
        "DATABASE_URL is required (the embedded database is for dev and tests)",
    ),
    "wildcard CORS with credentials": ProdCase(
        {"CORS_ORIGINS": "*", "CORS_ALLOW_CREDENTIALS": "true"},
        "CORS_ORIGINS='*' cannot be combined with CORS_ALLOW_CREDENTIALS=true",
    ),
}


@pytest.mark.parametrize("case", PROD_CASES.values(), ids=list(PROD_CASES))
def test_prod_refuses_insecure_configuration(
    case: ProdCase, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_ENV", "prod")
    monkeypatch.setenv("DATABASE_URL", SECRET_URL)
    for name, value in case.variables.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(InsecureConfigurationError) as caught:
        load_settings()

    message = str(caught.value)
    assert message == f"refusing to start in prod: {case.problem}"
    assert "Sup3rSecret" not in message


def test_prod_names_every_problem_at_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "prod")
    monkeypatch.setenv("DEBUG", "true")

    with pytest.raises(InsecureConfigurationError) as caught:
        load_settings()

    assert str(caught.value) == (
        "refusing to start in prod: DEBUG must be false; "
        "DATABASE_URL is required (the embedded database is for dev and tests)"
    )


def test_the_same_settings_pass_outside_prod(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_ENV", "dev")
    monkeypatch.setenv("DEBUG", "true")
    monkeypatch.setenv("CORS_ORIGINS", "*")
    monkeypatch.setenv("CORS_ALLOW_CREDENTIALS", "true")

    settings = load_settings()

    assert settings.debug
    assert settings.cors_origins == ["*"]


def test_prod_accepts_wildcard_cors_without_credentials(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_ENV", "prod")
    monkeypatch.setenv("DATABASE_URL", SECRET_URL)
    monkeypatch.setenv("CORS_ORIGINS", "*")

    assert load_settings().cors_origins == ["*"]


def test_constructing_prod_settings_directly_never_echoes_the_input() -> None:
    with pytest.raises(ValidationError) as caught:
        AppSettings(app_env="prod", database_url=SECRET_URL, debug=True)

    assert "DEBUG must be false" in str(caught.value)
    assert "Sup3rSecret" not in str(caught.value)


def closure(installed: dict[str, ModuleManifest], name: str) -> list[str]:
    """`name`, its dependencies, and the providers of what they require."""
    wanted: list[str] = []
    pending = [name]
    while pending:
        current = pending.pop()
        if current in wanted:
            continue
        wanted.append(current)
        item = installed[current]
        pending.extend(item.depends_on)
        for capability in item.requires:
            pending.extend(n for n, m in installed.items() if capability in m.provides)
    return wanted


@dataclass(frozen=True)
class SecretCase:
    package: str | None
    module: str
    variable: str


def secret_cases() -> list[SecretCase]:
    """The test gate always; the product's auth module once it is installed."""
    cases = [SecretCase(package="tests.platform.modules", module="gamma", variable="GAMMA_API_KEY")]
    if "auth" in discover_modules():
        cases.append(SecretCase(package=None, module="auth", variable="AUTH_JWT_SECRET"))
    return cases


def build_prod_app(case: SecretCase, database_url: str) -> object:
    installed = discover_modules(case.package) if case.package else discover_modules()
    settings = AppSettings(
        app_env="prod", database_url=database_url, enabled_modules=closure(installed, case.module)
    )
    return create_app(settings, modules=list(installed.values()), configure_logs=False)


def only_operator_settings(case: SecretCase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop the suite's cheap test values for the module (hashing costs): prod uses defaults."""
    prefix = case.variable.split("_", 1)[0] + "_"
    for name in list(os.environ):
        if name.startswith(prefix) and name != case.variable:
            monkeypatch.delenv(name)


@pytest.mark.parametrize("case", secret_cases(), ids=lambda case: case.module)
@pytest.mark.parametrize("value", [None, "short-secret-123"], ids=["missing", "short"])
def test_prod_refuses_a_missing_or_short_secret(
    case: SecretCase, value: str | None, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_operator_settings(case, monkeypatch)
    if value is None:
        monkeypatch.delenv(case.variable, raising=False)
    else:
        monkeypatch.setenv(case.variable, value)

    with pytest.raises(ModuleConfigurationError) as caught:
        build_prod_app(case, database_url)

    message = str(caught.value)
    assert case.variable in message
    assert f"module {case.module!r}" in message
    assert "short-secret-123" not in message
    assert "\n" not in message


@pytest.mark.parametrize("case", secret_cases(), ids=lambda case: case.module)
def test_prod_starts_with_a_long_secret(
    case: SecretCase, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_operator_settings(case, monkeypatch)
    monkeypatch.setenv(case.variable, "0123456789abcdef" * 4)

    app = build_prod_app(case, database_url)

    assert case.module in app.state.module_settings  # type: ignore[attr-defined]


# -- interactive docs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app_env", "docs_enabled", "served"),
    [("dev", None, True), ("test", None, True), ("prod", None, False), ("prod", True, True)],
)
async def test_docs_are_off_in_prod_unless_enabled(
    app_env: str, docs_enabled: bool | None, served: bool, make_app: AppFactory
) -> None:
    app = make_app(app_env=app_env, docs_enabled=docs_enabled)

    async with http_client(app) as client:
        docs = await client.get("/docs")
        schema = await client.get("/openapi.json")
        redoc = await client.get("/redoc")

    expected = 200 if served else 404
    assert (docs.status_code, schema.status_code, redoc.status_code) == (expected,) * 3
    if not served:
        assert schema.json()["error"]["code"] == "NOT_FOUND"


def test_dev_docs_can_be_switched_off(make_app: AppFactory) -> None:
    app = make_app(app_env="dev", docs_enabled=False)

    assert app.openapi_url is None
    assert app.docs_url is None
