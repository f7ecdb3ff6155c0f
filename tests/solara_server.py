"""What the browser tests share: a solara server on a free loopback port, stopped whatever happens,
and Debian's chromium driven by Playwright (`make test` installs chromium; the tests never download)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT

CHROMIUM = Path("/usr/bin/chromium")
SOLARA = Path(sys.executable).parent / "solara"
START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(url: str, server: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"solara exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"solara did not serve {url} within {timeout_s} s")


@contextlib.contextmanager
def serving(app: Path, cwd: Path, log: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `app` on a free loopback port; yield its URL; stop the server's whole process group.
    A server that fails to start fails the test with the end of its log."""
    port = free_port()
    # PYTHONPATH: the server imports `sim` from this checkout, whatever the venv's editable install says
    pythonpath = os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false", "PYTHONPATH": pythonpath, **(extra_env or {})}
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [str(SOLARA), "run", str(app), "--host", "127.0.0.1", "--port", str(port),
             "--production", "--no-check-version", "--no-open"],
            cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: teardown stops every child
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, server, START_TIMEOUT_S)
        yield url
    except (RuntimeError, TimeoutError) as exc:
        pytest.fail(f"{exc}\n{log.read_text(errors='replace')[-3000:]}")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Headless Debian chromium through Playwright; a missing binary fails (make test installs it)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium before the tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()
