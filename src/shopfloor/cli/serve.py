"""`shopfloor serve`: the development server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from shopfloor.cli.demo import PROD_REFUSAL, seed_demo_plant
from shopfloor.cli.errors import fail, reported

if TYPE_CHECKING:
    from shopfloor.core.config import AppSettings


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    reload: Annotated[bool, typer.Option(help="Restart when the code changes.")] = False,
    migrate: Annotated[bool, typer.Option(help="Apply pending migrations before serving.")] = True,
    seed_demo: Annotated[
        bool,
        typer.Option(
            "--seed-demo",
            help="On a database without organisations, create a demo plant (people, "
            "customers, work centers, work orders in every status) and print the logins "
            "(never in prod).",
        ),
    ] = False,
) -> None:
    """Serve the API with uvicorn (embedded PostgreSQL when no DATABASE_URL is set).

    Example: [bold]shopfloor serve --reload --seed-demo[/bold]
    """
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.migrations import upgrade_database
    from shopfloor.cli.ports import listen_problem
    from shopfloor.core.config import get_settings

    with reported("invalid settings"):
        settings = get_settings()
    if seed_demo and settings.is_prod:
        fail(PROD_REFUSAL)
    check_configuration(settings)
    problem = listen_problem(host, port)
    if problem is not None:
        fail(problem)
    url = resolve_database_url()
    if migrate:
        with reported("migrating the database failed"):
            upgrade_database(url, "head")
    if seed_demo:
        seed_demo_plant(url)
    typer.echo(f"Serving on http://{host}:{port} (docs: http://{host}:{port}/docs)")
    try:
        uvicorn.run(
            "shopfloor.main:app",
            host=host,
            port=port,
            reload=reload,
            access_log=False,
            log_config=None,
            proxy_headers=True,
        )
    except (OSError, SystemExit) as exc:
        if isinstance(exc, SystemExit) and exc.code == STARTUP_FAILURE:
            # Something took the port after the check above, or the application failed
            # to start; uvicorn has logged which, just above.
            fail("the server could not start (its reason is logged above)")
        fail(f"the server stopped: {exc}")


def check_configuration(settings: AppSettings) -> None:
    """Refuse a bad module set or module setting before migrating or binding the port.

    uvicorn builds the application only once it serves, so without this a misspelt module
    would show up as a traceback after "Serving on ..." and after the migrations ran.
    """
    from shopfloor.main import create_app

    with reported("invalid configuration"):
        create_app(settings, configure_logs=False)
