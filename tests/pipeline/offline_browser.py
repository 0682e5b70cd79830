"""Render a page in headless Chromium with no network, and list every address it asked for.

Chromium's net log leaves out file:// loads (they bypass its network
stack), so a page asking for a file outside its folder would go unseen
there. The DevTools protocol sees every request, file:// ones included:
Chromium is driven over a pipe (`--remote-debugging-pipe`: file
descriptors 3 and 4, no port to open), inside a network namespace of its
own (`unshare -n`) where it can; where that is not allowed, through a proxy
that does not exist, so that nothing reaches the internet either way.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Chromium's own calls home (updates, time, spelling dictionaries) switched off: what the
# page asks for is what is left.
QUIET = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --no-default-browser-check "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--disable-default-apps --disable-extensions --disable-features=Translate,MediaRouter "
    "--hide-scrollbars --mute-audio"
)
WINDOW = (1280, 2000)


def _above_nine(fd: int) -> int:
    """The same pipe end as a descriptor numbered 10 or more (the old number closed)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class BrowserError(RuntimeError):
    """Chromium did not answer as the DevTools protocol says."""


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def install_chromium() -> str | None:
    """Chromium from the Debian packages when it is missing and this is root; its path, or None."""
    if chromium_path() is None and os.geteuid() == 0 and shutil.which("apt-get"):
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "chromium"]
        if subprocess.run(install, capture_output=True, check=False, env=environment).returncode != 0:
            # Stale package lists: refresh them, then try once more.
            subprocess.run(["apt-get", "update"], capture_output=True, check=False, env=environment)
            subprocess.run(install, capture_output=True, check=False, env=environment)
    return chromium_path()


def can_unshare_network() -> bool:
    return bool(shutil.which("unshare")) and (
        subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode == 0
    )


@dataclass(frozen=True)
class Rendered:
    """A page as Chromium showed it with no network."""

    requested: list[str]  # every address the page asked for, in order
    text: str  # the text it showed (document.body.innerText)
    title: str
    screenshot: bytes  # PNG


class Browser:
    """One headless Chromium, driven over the DevTools pipe."""

    def __init__(self, chromium: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()
        # Chromium's ends above 9, so that making them fds 3 and 4 cannot overwrite one with the other.
        commands_read, answers_write = (_above_nine(fd) for fd in (commands_read, answers_write))
        flags = f"{QUIET} --remote-debugging-pipe --user-data-dir={shlex.quote(self.profile)}"
        isolated = can_unshare_network()
        if not isolated:
            flags += " --proxy-server=127.0.0.1:9 --proxy-bypass-list=<-loopback>"
        # fd 3: what Chromium reads; fd 4: what it writes (bash: dash takes no fd number above 9).
        script = f"exec {shlex.quote(chromium)} {flags} about:blank 3<&{commands_read} 4>&{answers_write}"
        command = ["unshare", "-n", "bash", "-c", script] if isolated else ["bash", "-c", script]
        self.process = subprocess.Popen(
            command,
            pass_fds=(commands_read, answers_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(answers_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._commands)
        os.close(self._answers)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _message(self, timeout: float) -> dict | None:
        """The next message from Chromium, or None when none came in `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._answers], [], [], left)[0]:
                return None
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and wait for its answer (keeping the events that come meanwhile)."""
        self._next_id += 1
        request: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            request["sessionId"] = session
        os.write(self._commands, json.dumps(request).encode() + b"\0")
        while True:
            message = self._message(60)
            if message is None:
                raise BrowserError(f"no answer to {method} in 60 s")
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, timeout: float) -> bool:
        """Wait for an event (kept with the others); whether it came."""
        deadline = time.monotonic() + timeout
        while not any(message.get("method") == event for message in self.events):
            message = self._message(max(0.0, deadline - time.monotonic()))
            if message is None:
                return False
            self.events.append(message)
        return True

    def settle(self, seconds: float) -> None:
        """Let scripts run on for a while, keeping what they ask for."""
        deadline = time.monotonic() + seconds
        while (message := self._message(max(0.0, deadline - time.monotonic()))) is not None:
            self.events.append(message)

    def render(self, page: Path, settle_seconds: float = 3.0) -> Rendered:
        """Open a local page, let it run, and say what it asked for and showed."""
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        width, height = WINDOW
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        self.call("Emulation.setDeviceMetricsOverride", metrics, session)
        for domain in ("Network", "Page", "Runtime"):
            self.call(f"{domain}.enable", {}, session)
        self.call("Page.navigate", {"url": page.resolve().as_uri()}, session)
        if not self.wait_for("Page.loadEventFired", 60):
            raise BrowserError(f"{page} did not finish loading in 60 s")
        self.settle(settle_seconds)
        requested = [
            message["params"]["request"]["url"]
            for message in self.events
            if message.get("method") == "Network.requestWillBeSent"
        ]
        evaluate = {"expression": "[document.title, document.body.innerText]", "returnByValue": True}
        title, text = self.call("Runtime.evaluate", evaluate, session)["result"]["value"]
        shot = self.call("Page.captureScreenshot", {"format": "png"}, session)["data"]
        self.call("Target.closeTarget", {"targetId": target})
        return Rendered(requested, text, title, base64.b64decode(shot))


def outside(requested: list[str], folder: Path) -> list[str]:
    """The addresses that are neither a file under folder nor data inlined in the page."""
    root = folder.resolve().as_uri() + "/"
    return [url for url in requested if not (url.startswith(root) or url.startswith("data:"))]
