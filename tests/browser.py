"""A real browser for the tests: headless Chromium, offline, driven over the DevTools protocol.

Chromium is started with a fresh profile, no network services and `--remote-debugging-pipe`, so
the test talks to it over two pipes (no port, no websocket library): each message is JSON ended by
a NUL byte. Where Chromium is absent, `find_chromium` returns None and the test says why it skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions", "--hide-scrollbars"]
TIMEOUT = 120  # seconds for one browser run on a busy 2-core machine; never a timed assertion
SKIP_REASON = ("Chromium is not installed here (Debian: apt-get install chromium; .ci/run installs it, "
               "and CI fails without it)")


def find_chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def dump_dom(page: Path, *, width: int = 1366, height: int = 768) -> str:
    """The DOM Chromium built from the page (after its script ran), serialised."""
    chromium = find_chromium()
    assert chromium is not None
    with tempfile.TemporaryDirectory(prefix="sopgen-chromium-") as profile:
        proc = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                               "--dump-dom", page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=TIMEOUT, env=_env(profile))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def screenshot(page: Path, target: Path, *, width: int = 1366, height: int = 768) -> Path:
    chromium = find_chromium()
    assert chromium is not None
    with tempfile.TemporaryDirectory(prefix="sopgen-chromium-") as profile:
        proc = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                               f"--screenshot={target.resolve()}", page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=TIMEOUT, env=_env(profile))
    assert proc.returncode == 0 and target.exists(), proc.stderr[-2000:]
    return target


class Browser:
    """One page open in Chromium; `evaluate` runs JavaScript in it and returns the value."""

    def __init__(self, page: Path, *, width: int = 1366, height: int = 768) -> None:
        chromium = find_chromium()
        assert chromium is not None
        self._profile = tempfile.TemporaryDirectory(prefix="sopgen-chromium-")
        to_chromium, self._write = os.pipe()
        self._read, from_chromium = os.pipe()

        def pipes_as_3_and_4() -> None:  # Chromium reads commands on fd 3 and answers on fd 4
            import fcntl

            high_in, high_out = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chromium, from_chromium))
            os.dup2(high_in, 3)  # via fds above 10: one pipe may already sit on fd 3 or 4
            os.dup2(high_out, 4)  # dup2 leaves 3 and 4 inheritable; every other fd closes at exec (PEP 446)

        self._proc = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={self._profile.name}", f"--window-size={width},{height}",
             "--remote-debugging-pipe", "about:blank"],
            close_fds=False, preexec_fn=pipes_as_3_and_4,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(self._profile.name))
        os.close(to_chromium)
        os.close(from_chromium)
        self._buffer = b""
        self._next_id = 0
        targets = self._call("Target.getTargets")["targetInfos"]
        target = next(t for t in targets if t["type"] == "page")
        self._session = self._call("Target.attachToTarget", targetId=target["targetId"], flatten=True)["sessionId"]
        self._call("Page.enable", session=True)
        self._call("Page.navigate", session=True, url=page.resolve().as_uri())
        self._wait_for("Page.loadEventFired")

    def call(self, method: str, **params: Any) -> Any:
        """A DevTools command on the page (Page.printToPDF, ...)."""
        return self._call(method, session=True, **params)

    def grant_clipboard(self) -> None:
        """Let the page's copy buttons write the clipboard, and the test read it back."""
        self._call("Browser.grantPermissions", permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
        self.call("Emulation.setFocusEmulationEnabled", enabled=True)

    def evaluate(self, expression: str) -> Any:
        answer = self._call("Runtime.evaluate", session=True, expression=expression, returnByValue=True,
                            awaitPromise=True, userGesture=True)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def close(self) -> None:
        try:
            self._send("Browser.close", {})
            self._proc.wait(TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            self._proc.kill()
            self._proc.wait()
        finally:
            os.close(self._write)
            os.close(self._read)
            self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, method: str, params: dict[str, Any], session: bool = False) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _messages(self) -> Any:
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._read, 1 << 16)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            yield json.loads(raw)

    def _call(self, method: str, session: bool = False, **params: Any) -> Any:
        wanted = self._send(method, params, session)
        for message in self._messages():
            if message.get("id") == wanted:
                assert "error" not in message, message["error"]
                return message["result"]

    def _wait_for(self, event: str) -> None:
        for message in self._messages():
            if message.get("method") == event:
                return


def _env(profile: str) -> dict[str, str]:
    return {**os.environ, "HOME": profile}
