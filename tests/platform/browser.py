"""Headless Chromium driven over the DevTools protocol, with no network but this machine.

Chromium sends everything that is not loopback to a proxy port that refuses connections
(loopback always goes direct) and resolves no host name but localhost, so a page that
needs the internet breaks here just as it would on a factory network. Each page records the
URL of every request it sends, the URLs its Content-Security-Policy refused, and every error it
reports (console, uncaught exceptions, failed loads), for the test to check.

Waiting is on conditions in the page: `wait_for` resolves inside the page as soon as a DOM
mutation makes its condition true, and fails after a bounded deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

REQUIRE_BROWSER = "SHOPFLOOR_REQUIRE_BROWSER"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
STEP_TIMEOUT_S = 30.0
START_TIMEOUT_S = 60.0
DEVTOOLS_LINE = "DevTools listening on "

# Runs in every page before its own scripts, outside its Content-Security-Policy.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""

# Resolves with the condition's value as soon as it is truthy; re-checked on DOM changes.
WAIT_FOR = """
new Promise((resolve, reject) => {
  const condition = %s;
  let observer = null;
  const timer = setTimeout(() => {
    if (observer) observer.disconnect();
    reject(new Error("still not true after %d ms: " + %s));
  }, %d);
  const check = () => {
    const value = condition();
    if (!value) return false;
    clearTimeout(timer);
    if (observer) observer.disconnect();
    // An element found stands for true: a DOM node cannot travel back by value.
    resolve(value instanceof Node ? true : value);
    return true;
  };
  if (!check()) {
    observer = new MutationObserver(check);
    observer.observe(document, {subtree: true, childList: true, attributes: true,
                                characterData: true});
  }
})
"""


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path is not None:
            return path
    return None


@contextlib.contextmanager
def refusing_port() -> Iterator[int]:
    """A loopback port that is bound but never listens: every connection to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def chromium_arguments(executable: str, profile: Path, proxy_port: int) -> list[str]:
    arguments = [
        executable,
        "--headless",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        f"--proxy-server=http://127.0.0.1:{proxy_port}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-sync",
        "--mute-audio",
        "--window-size=1280,1024",
        "about:blank",
    ]
    if os.geteuid() == 0:
        # Chromium's sandbox refuses to run as root; the pages are our own.
        arguments.insert(1, "--no-sandbox")
    return arguments


class Connection:
    """One DevTools websocket: commands matched to answers by id, events to listeners."""

    def __init__(self, websocket: ClientConnection) -> None:
        self.websocket = websocket
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        async for raw in self.websocket:
            message = json.loads(raw)
            if "id" in message:
                future = self.pending.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result(message)
                continue
            for listener in list(self.listeners):
                listener(message)

    async def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session_id: str | None = None,
        timeout_s: float = STEP_TIMEOUT_S,
    ) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session_id is not None:
            message["sessionId"] = session_id
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.websocket.send(json.dumps(message))
        answer = await asyncio.wait_for(future, timeout_s)
        if "error" in answer:
            raise AssertionError(f"{method} failed: {answer['error']}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    async def close(self) -> None:
        await self.websocket.close()
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reader


class Page:
    """One tab, attached with its own DevTools session."""

    def __init__(self, connection: Connection, session_id: str) -> None:
        self.connection = connection
        self.session_id = session_id
        self.requests: dict[str, str] = {}  # request id -> URL
        self.blocked: list[str] = []  # URLs the browser refused to fetch (its policy)
        self.errors: list[str] = []
        self.waiters: dict[str, list[asyncio.Future[dict[str, Any]]]] = {}
        connection.listeners.append(self.on_message)

    def on_message(self, message: dict[str, Any]) -> None:
        if message.get("sessionId") != self.session_id:
            return
        method, params = message["method"], message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests[params["requestId"]] = params["request"]["url"]
        elif method == "Network.loadingFailed" and params.get("blockedReason"):
            self.blocked.append(self.requests.pop(params["requestId"], "?"))
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            self.errors.append(f"load failed: {params.get('errorText')}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            # A policy refusal is also a `securitypolicyviolation` event, which `violations`
            # reports on its own.
            if "Content Security Policy" not in entry.get("text", ""):
                self.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            description = details.get("exception", {}).get("description", details.get("text"))
            self.errors.append(f"exception: {description}")
        elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
            texts = [str(arg.get("value", arg.get("description"))) for arg in params["args"]]
            self.errors.append("console: " + " ".join(texts))
        for future in self.waiters.pop(method, []):
            if not future.done():
                future.set_result(params)

    async def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        timeout_s: float = STEP_TIMEOUT_S,
    ) -> dict[str, Any]:
        return await self.connection.send(method, params, self.session_id, timeout_s)

    def sent(self) -> list[str]:
        """The URLs of the requests that left the page (not refused by the browser)."""
        return list(self.requests.values())

    async def start(self) -> None:
        for domain in ("Page", "Network", "Log", "Runtime"):
            await self.send(f"{domain}.enable")
        await self.send("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})

    def next_event(self, method: str) -> asyncio.Future[dict[str, Any]]:
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiters.setdefault(method, []).append(future)
        return future

    async def goto(self, url: str) -> None:
        """Navigate and wait for the page's load event."""
        loaded = self.next_event("Page.loadEventFired")
        navigation = await self.send("Page.navigate", {"url": url})
        assert "errorText" not in navigation, navigation
        await asyncio.wait_for(loaded, STEP_TIMEOUT_S)

    async def evaluate(self, expression: str, timeout_s: float = STEP_TIMEOUT_S) -> Any:
        answer = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout_s,
        )
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            raise AssertionError(details.get("exception", {}).get("description", details))
        return answer["result"].get("value")

    async def wait_for(self, condition: str, timeout_s: float = STEP_TIMEOUT_S) -> Any:
        """`condition` is a JavaScript function of no arguments; its first truthy value."""
        timeout_ms = round(timeout_s * 1000)
        script = WAIT_FOR % (condition, timeout_ms, json.dumps(condition), timeout_ms)
        # The page's own deadline comes first, with the condition in its message.
        return await self.evaluate(script, timeout_s + 10)

    async def click(self, selector: str) -> None:
        found = await self.evaluate(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " if (!el) return false; el.click(); return true; })()"
        )
        assert found, f"nothing to click at {selector}"

    async def type_into(self, selector: str, text: str) -> None:
        """Focus the field and type as a keyboard would (framework input events included)."""
        found = await self.evaluate(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " if (!el) return false; el.focus(); return true; })()"
        )
        assert found, f"no field at {selector}"
        await self.send("Input.insertText", {"text": text})

    async def violations(self) -> list[str]:
        found: list[str] = await self.evaluate("window.__violations || []")
        return found


class Browser:
    def __init__(self, process: asyncio.subprocess.Process, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.output: deque[str] = deque(maxlen=200)

    @asynccontextmanager
    async def page(self) -> AsyncIterator[Page]:
        target = await self.connection.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.connection.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        page = Page(self.connection, attached["sessionId"])
        await page.start()
        try:
            yield page
        finally:
            self.connection.listeners.remove(page.on_message)
            await self.connection.send("Target.closeTarget", {"targetId": target["targetId"]})


async def devtools_url(process: asyncio.subprocess.Process, output: deque[str]) -> str:
    """The browser's websocket address, from the line Chromium prints once it listens."""
    assert process.stderr is not None
    while True:
        line = (await process.stderr.readline()).decode(errors="replace")
        if not line:
            raise AssertionError("chromium exited before listening:\n" + "".join(output))
        output.append(line)
        if line.startswith(DEVTOOLS_LINE):
            return line[len(DEVTOOLS_LINE) :].strip()


async def drain(stream: asyncio.StreamReader, output: deque[str]) -> None:
    # Chromium blocks once its stderr pipe is full; keep the tail for failure reports.
    while line := await stream.readline():
        output.append(line.decode(errors="replace"))


@asynccontextmanager
async def chromium(executable: str, profile: Path) -> AsyncIterator[Browser]:
    with refusing_port() as proxy_port:
        process = await asyncio.create_subprocess_exec(
            *chromium_arguments(executable, profile, proxy_port),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        output: deque[str] = deque(maxlen=200)
        draining: asyncio.Task[None] | None = None
        try:
            url = await asyncio.wait_for(devtools_url(process, output), START_TIMEOUT_S)
            assert process.stderr is not None
            draining = asyncio.create_task(drain(process.stderr, output))
            websocket = await connect(url, max_size=None, ping_interval=None)
            browser = Browser(process, Connection(websocket))
            browser.output = output
            try:
                yield browser
            finally:
                await browser.connection.close()
        finally:
            if process.returncode is None:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 30)
                except TimeoutError:
                    process.kill()
                    await process.wait()
            if draining is not None:
                await draining
