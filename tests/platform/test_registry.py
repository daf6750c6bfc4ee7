"""The module system: discovery, ENABLED_MODULES, ordering, mounting and startup refusals."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from shopfloor.core.config import AppSettings
from shopfloor.core.registry import (
    ModuleConfigurationError,
    ModuleManifest,
    discover_modules,
    load_router,
    mount_modules,
    resolve_modules,
    settings_of,
)
from tests.platform.conftest import (
    GAMMA_KEY,
    AppFactory,
    build_app,
    http_client,
    installed_test_modules,
    platform_settings,
)
from tests.platform.manifests import installed, manifest
from tests.platform.modules.alpha.config import AlphaSettings
from tests.platform.modules.gamma.config import GammaSettings

# -- discovery -------------------------------------------------------------------------------


def test_discovery_finds_every_module_package_with_a_manifest() -> None:
    found = installed_test_modules()

    assert sorted(found) == ["alpha", "beta", "gamma"]
    assert all(isinstance(item, ModuleManifest) for item in found.values())
    assert found["beta"].depends_on == ("alpha",)


def test_discovery_of_the_product_matches_folder_names() -> None:
    import shopfloor

    root = Path(shopfloor.__path__[0])
    for name, item in discover_modules().items():
        assert item.name == name
        assert (root / name / "__init__.py").is_file()
        assert name not in ("core", "cli")


def test_discovery_refuses_a_manifest_whose_name_differs_from_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = f"misnamed_{uuid.uuid4().hex[:8]}"
    module_dir = tmp_path / package / "widgets"
    module_dir.mkdir(parents=True)
    (tmp_path / package / "__init__.py").write_text("")
    (module_dir / "__init__.py").write_text(
        "from fastapi import APIRouter\n"
        "from shopfloor.core.registry import ModuleManifest\n"
        "manifest = ModuleManifest(name='gadgets', tag='G', description='d', prefix='/g',"
        " router=APIRouter())\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(ModuleConfigurationError) as caught:
        discover_modules(package)

    assert "'widgets'" in str(caught.value)
    assert "'gadgets'" in str(caught.value)
    sys.modules.pop(f"{package}.widgets", None)
    sys.modules.pop(package, None)


# -- ENABLED_MODULES -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["alpha,beta", " alpha , beta ,", '["alpha", "beta"]', "Alpha,BETA"],
)
def test_enabled_modules_accepts_a_comma_list_or_a_json_array(
    raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENABLED_MODULES", raw)

    settings = AppSettings(app_env="test")

    assert settings.enabled_modules == ["alpha", "beta"]


def test_enabled_modules_normalises_dashes_to_underscores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENABLED_MODULES", "work-center")

    assert AppSettings(app_env="test").enabled_modules == ["work_center"]


def test_no_enabled_modules_mounts_nothing_but_health(make_app: AppFactory) -> None:
    app = make_app(enabled_modules=[])

    paths = set(app.openapi()["paths"])

    assert paths == {"/health", "/health/ready"}
    assert app.state.enabled_modules == []


# -- ordering and mounting -------------------------------------------------------------------


def test_modules_are_mounted_in_dependency_order(make_app: AppFactory) -> None:
    app = make_app(enabled_modules=["beta", "gamma", "alpha"])

    order = [item.name for item in app.state.enabled_modules]
    tags = [tag["name"] for tag in app.openapi()["tags"]]

    assert order.index("alpha") < order.index("beta")
    assert sorted(order) == ["alpha", "beta", "gamma"]
    manifests = installed_test_modules()
    assert tags == [manifests[name].tag for name in order] + ["Health"]


def test_resolve_orders_a_deep_graph_dependencies_first() -> None:
    modules = installed(
        manifest("d", depends_on=("b", "c")),
        manifest("c", depends_on=("a",)),
        manifest("b", depends_on=("a",)),
        manifest("a"),
    )

    ordered = [item.name for item in resolve_modules(modules, ["d", "c", "b", "a"])]

    assert ordered.index("a") < ordered.index("b") < ordered.index("d")
    assert ordered.index("c") < ordered.index("d")
    assert sorted(ordered) == ["a", "b", "c", "d"]


def test_every_module_is_one_tag_group_with_a_description(make_app: AppFactory) -> None:
    app = make_app()
    spec = app.openapi()
    manifests = installed_test_modules()

    declared = {tag["name"]: tag["description"] for tag in spec["tags"]}
    for item in manifests.values():
        assert declared[item.tag] == item.description
    used: dict[str, set[str]] = {}
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            assert len(operation["tags"]) == 1
            used.setdefault(operation["tags"][0], set()).add(path)
    assert set(used) == set(declared)
    assert all(path.startswith("/api/v1/alpha") for path in used["Alpha Notes"])
    assert all(path.startswith("/api/v1/gamma") for path in used["Gamma Gate"])


def test_routes_live_under_the_api_prefix_and_extra_mounts_keep_their_module_tag(
    make_app: AppFactory,
) -> None:
    spec = make_app().openapi()

    module_paths = [path for path in spec["paths"] if not path.startswith("/health")]
    tally = spec["paths"]["/api/v1/alpha/notes/{note_id}/tally"]["get"]

    assert module_paths
    assert all(path.startswith("/api/v1/") for path in module_paths)
    assert tally["tags"] == ["Beta Probes"]


def test_the_api_prefix_comes_from_settings(make_app: AppFactory) -> None:
    spec = make_app(api_prefix="/api/v2").openapi()

    assert "/api/v2/alpha/label" in spec["paths"]
    assert "/api/v1/alpha/label" not in spec["paths"]


async def test_a_mounted_route_serves_and_refuses_unknown_paths_and_methods(
    make_app: AppFactory,
) -> None:
    async with http_client(make_app()) as client:
        found = await client.get("/api/v1/alpha/label")
        missing = await client.get("/api/v1/alpha/no-such-route")
        wrong_method = await client.delete("/api/v1/alpha/label")

    assert found.status_code == 200
    assert found.json()["data"]
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "NOT_FOUND"
    assert wrong_method.status_code == 405
    assert "GET" in wrong_method.headers["Allow"]


# -- startup refusals ------------------------------------------------------------------------


def refusal(modules: dict[str, ModuleManifest], enabled: list[str]) -> str:
    with pytest.raises(ModuleConfigurationError) as caught:
        resolve_modules(modules, enabled)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_unknown_module_names_a_close_match() -> None:
    message = refusal(installed_test_modules(), ["alpah"])

    assert "unknown module 'alpah' in ENABLED_MODULES" in message
    assert "did you mean 'alpha'?" in message
    assert "installed: alpha, beta, gamma" in message


def test_unknown_module_without_a_close_match_lists_the_installed_ones() -> None:
    message = refusal(installed_test_modules(), ["inventory"])

    assert "unknown module 'inventory'" in message
    assert "did you mean" not in message
    assert "installed: alpha, beta, gamma" in message


def test_a_module_listed_twice_is_refused() -> None:
    message = refusal(installed_test_modules(), ["alpha", "beta", "alpha"])

    assert message == "module 'alpha' is listed twice in ENABLED_MODULES"


def test_a_dependency_that_is_not_enabled_is_refused() -> None:
    message = refusal(installed_test_modules(), ["beta"])

    assert "module 'beta' depends on 'alpha' (beta -> alpha), which is not enabled" in message
    assert "add 'alpha' to ENABLED_MODULES or disable 'beta'" in message


def test_a_missing_dependency_deep_in_the_graph_names_the_whole_chain() -> None:
    modules = installed(
        manifest("orders", depends_on=("centers",)),
        manifest("centers", depends_on=("audit",)),
        manifest("audit"),
    )

    message = refusal(modules, ["orders", "centers"])

    assert "module 'orders' depends on 'audit' (orders -> centers -> audit)" in message
    assert "which is not enabled" in message


def test_a_dependency_that_is_not_installed_is_named_as_such() -> None:
    modules = installed(manifest("orders", depends_on=("billing",)))

    message = refusal(modules, ["orders"])

    assert "(orders -> billing), which is not installed" in message


def test_a_dependency_cycle_is_printed() -> None:
    modules = installed(
        manifest("p", depends_on=("q",)),
        manifest("q", depends_on=("r",)),
        manifest("r", depends_on=("p",)),
    )

    message = refusal(modules, ["p", "q", "r"])

    assert message == "module dependency cycle: p -> q -> r -> p"


def test_a_module_depending_on_itself_is_a_cycle() -> None:
    message = refusal(installed(manifest("loop", depends_on=("loop",))), ["loop"])

    assert message == "module dependency cycle: loop -> loop"


def test_two_modules_claiming_the_same_prefix_are_refused() -> None:
    modules = installed(manifest("stations", prefix="/things"), manifest("lines", prefix="things/"))

    message = refusal(modules, ["stations", "lines"])

    assert message == "modules 'stations' and 'lines' both claim the prefix '/things'"


def test_an_extra_mount_clashing_with_another_prefix_is_refused() -> None:
    modules = installed(manifest("stations"), manifest("lines", extra_mounts=("/stations",)))

    message = refusal(modules, ["stations", "lines"])

    assert "both claim the prefix '/stations'" in message


def test_a_module_without_a_prefix_is_refused() -> None:
    message = refusal(installed(manifest("rootless", prefix="/")), ["rootless"])

    assert "module 'rootless' must mount under a prefix" in message


def test_a_required_capability_nobody_enabled_provides_names_the_provider() -> None:
    modules = installed(
        manifest("orders", requires=("authentication",)),
        manifest("login", provides=("authentication",)),
    )

    message = refusal(modules, ["orders"])

    assert message == (
        "module 'orders' requires 'authentication', which no enabled module provides; "
        "enable 'login'"
    )
    assert [item.name for item in resolve_modules(modules, ["orders", "login"])] == [
        "orders",
        "login",
    ]


def test_a_required_capability_nobody_installed_provides_has_no_hint() -> None:
    message = refusal(installed(manifest("orders", requires=("billing",))), ["orders"])

    assert message == "module 'orders' requires 'billing', which no enabled module provides"


def test_create_app_refuses_before_the_application_exists(database_url: str) -> None:
    settings = platform_settings(database_url, enabled_modules=["alpha", "betta"])

    with pytest.raises(ModuleConfigurationError, match="did you mean 'beta'"):
        build_app(settings)


# -- disabled modules ------------------------------------------------------------------------


async def test_a_disabled_module_answers_404_and_is_absent_from_openapi(
    make_app: AppFactory,
) -> None:
    app = make_app(enabled_modules=["alpha"])

    async with http_client(app) as client:
        routed = await client.get("/api/v1/gamma/greeting")
        spec = (await client.get("/openapi.json")).json()

    assert routed.status_code == 404
    assert routed.json()["error"]["code"] == "NOT_FOUND"
    assert not [path for path in spec["paths"] if path.startswith("/api/v1/gamma")]
    assert not [path for path in spec["paths"] if path.startswith("/api/v1/beta")]
    assert "/api/v1/alpha/notes/{note_id}/tally" not in spec["paths"]
    assert "Gamma Gate" not in {tag["name"] for tag in spec["tags"]}


def test_a_disabled_module_still_has_its_models_imported(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models_module = f"dormant_models_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{models_module}.py").write_text("IMPORTED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    dormant = ModuleManifest(
        name="dormant",
        tag="Dormant",
        description="Never enabled.",
        prefix="/dormant",
        router="tests.platform.modules.gamma.router:router",
        models=models_module,
    )
    assert models_module not in sys.modules

    app = make_app(enabled_modules=["alpha"], modules=[*installed_test_modules().values(), dormant])

    assert models_module in sys.modules
    assert [item.name for item in app.state.enabled_modules] == ["alpha"]
    sys.modules.pop(models_module, None)


def test_the_product_metadata_holds_every_installed_module_whatever_is_enabled(
    make_app: AppFactory,
) -> None:
    from shopfloor.core.models import Base

    make_app(enabled_modules=[])

    for item in discover_modules().values():
        if item.models:
            module = sys.modules[item.models]
            tables = {
                value.__table__.name
                for value in vars(module).values()
                if isinstance(value, type) and hasattr(value, "__table__")
            }
            assert tables <= set(Base.metadata.tables)


# -- module settings -------------------------------------------------------------------------


def test_enabled_module_settings_missing_a_variable_fail_with_the_env_name(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GAMMA_API_KEY", raising=False)
    settings = platform_settings(database_url, enabled_modules=["gamma"])

    with pytest.raises(ModuleConfigurationError) as caught:
        build_app(settings, module_settings={})

    message = str(caught.value)
    assert message == "invalid settings for module 'gamma': GAMMA_API_KEY: Field required"


def test_enabled_module_settings_with_a_bad_value_name_the_variable_but_not_its_value(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAMMA_API_KEY", "s3cr")
    settings = platform_settings(database_url, enabled_modules=["gamma"])

    with pytest.raises(ModuleConfigurationError) as caught:
        build_app(settings, module_settings={})

    message = str(caught.value)
    assert message.startswith("invalid settings for module 'gamma': GAMMA_API_KEY: ")
    assert "s3cr" not in message
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_disabled_module_settings_are_not_validated(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GAMMA_API_KEY", raising=False)
    settings = platform_settings(database_url, enabled_modules=["alpha", "beta"])

    app = build_app(settings, module_settings={})

    assert set(app.state.module_settings) == {"alpha"}
    with pytest.raises(RuntimeError, match="settings of module 'gamma' are not loaded"):
        settings_of(app, "gamma", GammaSettings)


async def test_enabled_module_settings_come_from_the_environment(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAMMA_API_KEY", GAMMA_KEY)
    monkeypatch.setenv("GAMMA_GREETING", "good morning")
    monkeypatch.setenv("ALPHA_LABEL", "memo")
    settings = platform_settings(database_url, enabled_modules=["gamma", "alpha"])

    app = build_app(settings, module_settings={})
    async with http_client(app) as client:
        greeting = await client.get("/api/v1/gamma/greeting")
        label = await client.get("/api/v1/alpha/label")

    assert greeting.json()["data"] == {"greeting": "good morning"}
    assert label.json()["data"] == "memo"
    assert isinstance(settings_of(app, "alpha", AlphaSettings), AlphaSettings)


def test_module_production_problems_refuse_startup_in_prod(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAMMA_API_KEY", "short-but-valid-key")
    settings = platform_settings(database_url, app_env="prod", enabled_modules=["gamma"])

    with pytest.raises(ModuleConfigurationError) as caught:
        build_app(settings, module_settings={})

    assert str(caught.value) == (
        "refusing to start in prod: module 'gamma': GAMMA_API_KEY must be at least 32 characters"
    )


def test_module_production_problems_do_not_matter_outside_prod(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAMMA_API_KEY", "short-but-valid-key")
    settings = platform_settings(database_url, app_env="dev", enabled_modules=["gamma"])

    app = build_app(settings, module_settings={})

    assert settings_of(app, "gamma", GammaSettings).api_key == "short-but-valid-key"


# -- startup hooks, messages and permissions ------------------------------------------------


def test_startup_hooks_run_only_for_enabled_modules(make_app: AppFactory) -> None:
    with_gamma = make_app(enabled_modules=["gamma"])
    without_gamma = make_app(enabled_modules=["alpha"])

    assert callable(getattr(with_gamma.state, "principal_resolver", None))
    assert getattr(without_gamma.state, "principal_resolver", None) is None


def test_module_catalogues_and_constraint_errors_are_merged(platform_app: FastAPI) -> None:
    assert "ALPHA_NOTE_NOT_FOUND" in platform_app.state.messages
    assert "BETA_TALLY_EMPTY" in platform_app.state.messages
    assert "NOT_FOUND" in platform_app.state.messages
    assert platform_app.state.constraint_errors == {
        "uq_platform_note_organization_id_code": "ALPHA_NOTE_CODE_TAKEN"
    }


async def test_manifest_permissions_extend_the_role_matrix(
    platform_client: httpx.AsyncClient,
) -> None:
    token = f"{uuid.uuid4()}:{uuid.uuid4()}:viewer"
    headers = {"Authorization": f"Bearer {token}"}

    granted = await platform_client.get("/api/v1/gamma/audit", headers=headers)
    refused = await platform_client.get("/api/v1/gamma/inspections", headers=headers)

    assert granted.status_code == 200
    assert granted.json()["data"]["permissions"] == ["gamma:audit"]
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "PERMISSION_DENIED"


def test_mounting_includes_every_route_of_every_enabled_module() -> None:
    ordered = resolve_modules(installed_test_modules(), ["alpha", "beta"])
    expected = sum(
        len(load_router(ref).routes)
        for item in ordered
        for ref in [item.router, *(mount.router for mount in item.extra_mounts)]
    )

    app = FastAPI()
    mount_modules(app, ordered, "/api/v1")

    operations = [
        (path, method)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if path.startswith("/api/v1/")
    ]
    assert len(operations) == expected == 16


def with_messages(name: str, messages: dict[str, dict[str, str]]) -> ModuleManifest:
    base = manifest(name)
    return ModuleManifest(
        name=base.name,
        tag=base.tag,
        description=base.description,
        prefix=base.prefix,
        router=base.router,
        messages=messages,
    )


def test_a_message_without_both_languages_fails_at_startup(make_app: AppFactory) -> None:
    lonely = with_messages("lonely", {"LONELY_CODE": {"en": "Only English."}})

    with pytest.raises(ValueError, match=r"^message LONELY_CODE lacks a translation for zh-TW$"):
        make_app(enabled_modules=[], modules=[lonely])


def test_two_modules_disagreeing_on_a_message_fail_at_startup(make_app: AppFactory) -> None:
    first = with_messages("first", {"SHARED_CODE": {"en": "One.", "zh-TW": "一。"}})
    second = with_messages("second", {"SHARED_CODE": {"en": "Two.", "zh-TW": "二。"}})

    with pytest.raises(ValueError, match="message SHARED_CODE is defined twice"):
        make_app(enabled_modules=[], modules=[first, second])
