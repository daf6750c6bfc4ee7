"""The application factory and the module-level `app` that gunicorn and uvicorn load."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic_settings import BaseSettings
from starlette.middleware import Middleware

from shopfloor import __version__
from shopfloor.core import health
from shopfloor.core.config import AppSettings, get_settings
from shopfloor.core.database import Database, create_engine, driver_dsn
from shopfloor.core.docs_pages import install_docs_pages
from shopfloor.core.embedded_db import database_url_or_embedded, describe_url
from shopfloor.core.exception_handlers import install_exception_handlers
from shopfloor.core.i18n import MessageBook
from shopfloor.core.logging import configure_logging
from shopfloor.core.messages import CORE_MESSAGES, FIELD_MESSAGES
from shopfloor.core.middleware.access_log import AccessLogMiddleware
from shopfloor.core.middleware.body_limit import BodyLimitMiddleware
from shopfloor.core.middleware.error_boundary import ErrorBoundaryMiddleware
from shopfloor.core.middleware.request_id import RequestIdMiddleware
from shopfloor.core.middleware.security_headers import SecurityHeadersMiddleware
from shopfloor.core.notifications import (
    NotificationListener,
    install_listener,
    listener_of,
)
from shopfloor.core.openapi import install_openapi, operation_ids
from shopfloor.core.registry import (
    ModuleManifest,
    discover_modules,
    import_models,
    load_module_settings,
    module_permissions,
    mount_modules,
    openapi_tags,
    resolve_modules,
    run_startup_hooks,
)
from shopfloor.core.security import TOKEN_PATH

logger = logging.getLogger("shopfloor")

DESCRIPTION = """
Shopfloor is a manufacturing execution (MES) API: plan work orders, dispatch them to work
centers, report good and scrapped quantities, close them, and audit every change.

Every response uses one envelope. Errors carry a stable `code` and a message in Traditional
Chinese (default) or English (`Accept-Language: en`).
"""


def build_middleware(settings: AppSettings) -> list[Middleware]:
    """Outermost first: request id, access log, security headers, CORS, body limit, errors."""
    middleware = [
        Middleware(RequestIdMiddleware),
        Middleware(AccessLogMiddleware, skip_paths=frozenset({"/health"})),
        Middleware(
            SecurityHeadersMiddleware,
            hsts=settings.hsts_enabled if settings.hsts_enabled is not None else settings.is_prod,
        ),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_credentials=settings.cors_allow_credentials,
                allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"],
                allow_headers=[
                    "Authorization",
                    "Content-Type",
                    "Accept-Language",
                    "If-Match",
                    "Idempotency-Key",
                    "X-Request-ID",
                ],
                expose_headers=["ETag", "X-Request-ID", "Retry-After", "Location"],
                max_age=600,
            )
        )
    middleware.append(Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes))
    middleware.append(Middleware(ErrorBoundaryMiddleware))
    return middleware


def create_app(
    settings: AppSettings | None = None,
    modules: Sequence[ModuleManifest] | None = None,
    *,
    module_settings: Mapping[str, BaseSettings] | None = None,
    database: Database | None = None,
    configure_logs: bool = True,
) -> FastAPI:
    """Build the application.

    `modules` replaces discovery (the installed set); `ENABLED_MODULES` still decides what is
    mounted. `module_settings` and `database` let tests inject ready-made objects. Every
    configuration problem raises before the application exists.
    """
    settings = settings or get_settings()
    if configure_logs:
        configure_logging(level=settings.log_level, json_format=settings.json_logs)

    installed = (
        {manifest.name: manifest for manifest in modules}
        if modules is not None
        else discover_modules()
    )
    enabled = resolve_modules(installed, settings.enabled_modules)
    loaded_settings = load_module_settings(
        enabled,
        env_file=settings.env_file,
        overrides=module_settings,
        production=settings.is_prod,
    )
    # Every installed module's models join the metadata, enabled or not.
    import_models(installed.values())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned: Database | None = None
        if getattr(app.state, "database", None) is None:
            url = database_url_or_embedded(settings)
            owned = Database(create_engine(settings, url))
            app.state.database = owned
            logger.info("database: %s", describe_url(url))
        logger.info(
            "Shopfloor %s (%s) modules: %s",
            __version__,
            settings.app_env.value,
            ", ".join(m.name for m in enabled) or "none",
        )
        listener = listener_of(app)
        if settings.db_notifications:
            listener.start(driver_dsn(app.state.database.engine))
            # Caches that depend on it are on from the first request when the database
            # answers; when it does not, start anyway (they stay off until it does).
            await listener.wait_listening(min(settings.db_connect_timeout_s, 3.0))
        try:
            yield
        finally:
            await listener.stop()
            if owned is not None:
                await owned.dispose()
                app.state.database = None

    openapi_url = "/openapi.json" if settings.show_docs else None
    app = FastAPI(
        title=settings.app_name,
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=[
            *openapi_tags(enabled),
            {"name": "Health", "description": "Liveness and readiness probes (no auth)."},
        ],
        # The docs pages are Shopfloor's own (core/docs_pages.py): FastAPI's load from CDNs.
        docs_url=None,
        redoc_url=None,
        openapi_url=openapi_url,
        debug=settings.debug,
        lifespan=lifespan,
        middleware=build_middleware(settings),
        generate_unique_id_function=operation_ids(settings.api_prefix),
    )
    app.state.settings = settings
    app.state.database = database
    app.state.enabled_modules = enabled
    app.state.module_settings = loaded_settings
    app.state.default_locale = settings.default_locale
    app.state.max_body_bytes = settings.max_body_bytes
    app.state.db_retry_after_s = settings.db_unavailable_retry_after_s
    app.state.messages = MessageBook(CORE_MESSAGES, *(m.messages for m in installed.values()))
    app.state.field_messages = MessageBook(
        FIELD_MESSAGES, *(m.field_messages for m in installed.values())
    )
    app.state.module_permissions = module_permissions(enabled)
    app.state.constraint_errors = {
        name: code for m in installed.values() for name, code in m.constraint_errors.items()
    }

    listener = NotificationListener(keepalive_s=settings.db_notifications_keepalive_s)
    install_listener(app, listener)

    install_exception_handlers(app)
    app.include_router(health.router, tags=[health.TAG])
    mount_modules(app, enabled, settings.api_prefix)
    install_openapi(app, settings=settings, token_url=settings.api_prefix + TOKEN_PATH)
    if openapi_url is not None:
        install_docs_pages(app, openapi_url=openapi_url, title=settings.app_name)
    run_startup_hooks(app, enabled, loaded_settings)
    return app


def __getattr__(name: str) -> FastAPI:
    # `shopfloor.main:app` is built on first access, so importing this module (tests, the CLI)
    # does not read settings or validate modules as a side effect.
    if name == "app":
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(name)
