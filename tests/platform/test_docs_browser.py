"""The docs in a real browser that cannot reach the internet: they render, sign in and call.

The real application runs under uvicorn on a fresh migrated database with one seeded admin;
headless Chromium (Debian's `chromium`) loads it with no network but loopback
(`browser.py`). Without Chromium the tests say why they cannot run, and fail instead when
SHOPFLOOR_REQUIRE_BROWSER=1 (scripts/test sets it).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from shopfloor.core.database import async_url
from shopfloor.core.paths import project_root
from shopfloor.core.registry import discover_modules
from tests.platform.browser import REQUIRE_BROWSER, Browser, Page, chromium, find_chromium
from tests.platform.pg import plain_dsn, scratch_database
from tests.support import migrations
from tests.support.identity import create_organization, create_user, unique_email

pytestmark = pytest.mark.slow

ADMIN_PASSWORD = "docs-offline-Password-1"
ME_PATH = "/api/v1/users/me"

# The GET /users/me block of Swagger UI.
ME_OPERATION = (
    "[...document.querySelectorAll('.opblock.opblock-get')].find(block =>"
    f" block.querySelector('.opblock-summary-path')?.dataset.path === '{ME_PATH}')"
)
VISIBLE_AUTH_FIELDS = (
    "[...document.querySelectorAll('.auth-container input, .auth-container select')]"
    ".filter(field => field.checkVisibility()).map(field => field.id)"
)
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
REDOC_LOGO_REFUSED = f"img-src blocked {REDOC_LOGO}"
HIDDEN_AUTH_FIELDS = (
    "['password_type', 'client_id_password', 'client_secret_password'].map(id =>"
    " document.getElementById(id) !== null && !document.getElementById(id).checkVisibility())"
)


@dataclass(frozen=True)
class Admin:
    email: str
    password: str


@dataclass(frozen=True)
class Server:
    base_url: str
    admin: Admin
    tags: list[str]


@pytest.fixture(scope="module")
def chromium_executable() -> str:
    executable = find_chromium()
    if executable is not None:
        return executable
    reason = (
        "Chromium is not installed (Debian: apt-get install chromium), so the docs are not "
        "checked in a browser"
    )
    if os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{reason}; {REQUIRE_BROWSER}=1 requires them to be", pytrace=False)
    pytest.skip(reason)


async def seed_admin(url: str) -> Admin:
    engine = create_async_engine(async_url(url))
    try:
        async with AsyncSession(bind=engine, expire_on_commit=False) as session:
            organization_id = await create_organization(session)
            user = await create_user(
                session,
                organization_id=organization_id,
                role="admin",
                email=unique_email("docs"),
                password=ADMIN_PASSWORD,
            )
            await session.commit()
    finally:
        await engine.dispose()
    return Admin(email=user.email, password=ADMIN_PASSWORD)


def server_environment(url: str) -> dict[str, str]:
    """A test-mode server with every product module; nothing else from the test process."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108 (only a fallback)
        "LANG": "C.UTF-8",
        "APP_ENV": "test",
        "DATABASE_URL": plain_dsn(url),
        "ENABLED_MODULES": ",".join(discover_modules()),
        "LOG_LEVEL": "WARNING",
        "DB_POOL_SIZE": "2",
    }
    for name, value in os.environ.items():
        if name.startswith("AUTH_"):
            environment[name] = value
    return environment


@pytest.fixture(scope="module")
def server(
    chromium_executable: str, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """uvicorn on a socket bound here first: a request made before the application has
    started waits in the socket's queue, so nobody has to poll for the server to come up."""
    log_path = tmp_path_factory.mktemp("docs-server") / "uvicorn.log"
    with scratch_database(database_url) as url:
        migrations.upgrade(url)
        admin = asyncio.run(seed_admin(url))
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        port = int(listener.getsockname()[1])
        command = [sys.executable, "-m", "uvicorn", "shopfloor.main:app", "--no-access-log"]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [*command, "--fd", str(listener.fileno())],
                cwd=project_root(),
                env=server_environment(url),
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(listener.fileno(),),
            )
        listener.close()
        base_url = f"http://127.0.0.1:{port}"
        try:
            try:
                spec = httpx.get(f"{base_url}/openapi.json", timeout=60).json()
            except httpx.TransportError as exc:
                output = log_path.read_text(errors="replace")
                raise AssertionError(f"uvicorn did not answer ({exc}):\n{output}") from exc
            yield Server(base_url, admin, [tag["name"] for tag in spec["tags"]])
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
            output = log_path.read_text(errors="replace")
            assert "Traceback" not in output, output


@pytest.fixture(scope="module")
async def browser(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Browser]:
    profile = Path(tmp_path_factory.mktemp("chromium-profile"))
    async with chromium(chromium_executable, profile) as started:
        yield started


def assert_stayed_local(page: Page, server: Server) -> None:
    outside = [
        url
        for url in page.sent()
        if not url.startswith(server.base_url + "/") and not url.startswith(("data:", "blob:"))
    ]
    assert outside == [], outside
    assert page.errors == [], page.errors


async def test_swagger_ui_renders_signs_in_and_calls_the_api_offline(
    server: Server, browser: Browser
) -> None:
    async with browser.page() as page:
        await page.goto(server.base_url + "/")
        assert await page.evaluate("location.pathname") == "/docs"

        rendered = await page.wait_for(
            "() => { const tags = [...document.querySelectorAll('.opblock-tag[data-tag]')]"
            f".map(tag => tag.dataset.tag); return tags.length >= {len(server.tags)} && tags; }}"
        )
        assert rendered == server.tags

        await page.click(".auth-wrapper .authorize")
        await page.wait_for("() => document.getElementById('oauth_username')")
        assert await page.evaluate(VISIBLE_AUTH_FIELDS) == ["oauth_username", "oauth_password"]
        assert await page.evaluate(HIDDEN_AUTH_FIELDS) == [True, True, True]
        await page.type_into("#oauth_username", server.admin.email)
        await page.type_into("#oauth_password", server.admin.password)
        await page.click(".auth-container .auth-btn-wrapper .authorize")
        outcome = await page.wait_for(
            "() => document.querySelector('.auth-container h6')?.textContent === 'Authorized'"
            " ? 'authorized' : document.querySelector('.auth-container .errors')?.innerText"
        )
        assert outcome == "authorized"
        await page.click(".auth-container .auth-btn-wrapper .btn-done")
        await page.wait_for("() => !document.querySelector('.dialog-ux')")

        await page.evaluate(f"{ME_OPERATION}.querySelector('.opblock-summary-control').click()")
        await page.wait_for(f"() => {ME_OPERATION}?.querySelector('.try-out__btn')")
        await page.evaluate(f"{ME_OPERATION}.querySelector('.try-out__btn').click()")
        await page.wait_for(f"() => {ME_OPERATION}?.querySelector('.btn.execute')")
        await page.evaluate(f"{ME_OPERATION}.querySelector('.btn.execute').click()")
        answer = await page.wait_for(
            f"() => {{ const row = {ME_OPERATION}"
            "?.querySelector('.live-responses-table tr.response');"
            " const status = row?.querySelector('.response-col_status')?.textContent.trim();"
            " const body = row?.querySelector('.response-col_description pre')?.textContent;"
            " return status && body && {status, body}; }"
        )

        assert answer["status"] == "200"
        assert json.loads(answer["body"])["data"]["email"] == server.admin.email
        assert await page.violations() == []
        assert page.blocked == []
        assert_stayed_local(page, server)


async def test_redoc_renders_every_tag_group_offline(server: Server, browser: Browser) -> None:
    async with browser.page() as page:
        await page.goto(server.base_url + "/redoc")

        # A tag's menu entry is `tag/<name>`; its operations' are `tag/<name>/operation/...`.
        count = await page.wait_for(
            "() => { const n = [...document.querySelectorAll('li[data-item-id^=\"tag/\"]')]"
            ".filter(item => item.dataset.itemId.split('/').length === 2).length;"
            f" return n >= {len(server.tags)} && n; }}"
        )
        await page.type_into("input.search-input", "work order")
        results = await page.wait_for(
            "() => document.querySelectorAll('[data-role=\"search:results\"] li').length"
        )

        assert count == len(server.tags)
        assert results > 0
        # ReDoc's "API docs by Redocly" footer always asks for its logo from Redocly's CDN;
        # the policy refuses it, no request leaves, and ReDoc drops the image when it fails.
        assert await page.violations() == [REDOC_LOGO_REFUSED]
        assert page.blocked == [REDOC_LOGO]
        assert_stayed_local(page, server)
