"""The seminar app in a real browser: headless Chromium loads the page served by solara, changes
the scenario and a slider, and the displayed outcome must change each time.

Chromium is Debian's package, installed by `make test` (the Makefile's /usr/bin/chromium target),
driven by Playwright for Python. The screenshot goes to outputs/test-artifacts/seminar_app.png.
"""

from __future__ import annotations

import os
import re
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
SCREENSHOT = PROJECT / "outputs" / "test-artifacts" / "seminar_app.png"
OUTCOME_LINE = re.compile(r"Over [\d,]+ replications: troops")
START_TIMEOUT_S = 90
UI_TIMEOUT_MS = 30_000


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


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve sim/app/app.py on a free loopback port for this module; stop it afterwards."""
    port = free_port()
    log = tmp_path_factory.mktemp("solara") / "server.log"
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [str(SOLARA), "run", str(PROJECT / "sim" / "app" / "app.py"), "--host", "127.0.0.1", "--port", str(port),
             "--production", "--no-check-version", "--no-open"],
            cwd=tmp_path_factory.mktemp("cwd"), env=env, stdout=out, stderr=subprocess.STDOUT,
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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium before the tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


def outcome_text(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_text(OUTCOME_LINE).first.inner_text()


def reset_and_wait_for_change(page, before: str) -> str:  # type: ignore[no-untyped-def]
    """Press Reset (Mesa rebuilds the model from the sidebar) and wait for a new outcome line."""
    page.get_by_role("button", name="Reset").click()
    deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        now = outcome_text(page)
        if now != before:
            return now
        page.wait_for_timeout(200)
    return outcome_text(page)


def test_changing_scenario_and_slider_changes_the_displayed_outcome(app_url: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1600, "height": 1100})
    page.set_default_timeout(UI_TIMEOUT_MS)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(app_url)
    page.get_by_text(OUTCOME_LINE).first.wait_for()
    page.get_by_text("Kazakhstan January 2022").first.wait_for()
    first = outcome_text(page)

    # The scenario: open the select, pick another crisis, rebuild.
    page.locator(".v-select").filter(has_text="Scenario").click()
    page.get_by_role("option", name="kyrgyzstan_2010", exact=True).click()
    second = reset_and_wait_for_change(page, first)
    assert second != first
    page.get_by_text("Kyrgyzstan 2010").first.wait_for()

    # A weight: push regime solidarity to its maximum with the keyboard, rebuild.
    slider = page.locator(".v-input").filter(has_text="weight: regime solidarity").get_by_role("slider")
    slider.focus()
    slider.press("End")
    third = reset_and_wait_for_change(page, second)
    assert third != second
    assert "regime 3" in page.get_by_text(re.compile(r"^Weights \(")).first.inner_text()

    # Step through the crisis: the decisions and the alliance outcome appear.
    page.get_by_role("button", name="Step").click()
    page.get_by_text("3. THE ALLIANCE OUTCOME").first.wait_for()
    assert page.get_by_text(re.compile(r"→ .*Why: ")).count() == 5  # each of the five other members

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert not missing, f"the page failed to load: {missing}"
    page.close()
