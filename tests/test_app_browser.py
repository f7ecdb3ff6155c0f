"""The seminar app in a real browser: headless Chromium loads the page served by solara at two
window sizes (1280x720, 1920x1080). The alliance outcome must be in view, Mesa's controls that do
nothing here must be gone, every slider must show its value, members must have their full names,
the map must be drawn, and changing the scenario or a weight must change the displayed outcome.

Chromium is Debian's package, installed by `make test` (the Makefile's /usr/bin/chromium target),
driven by Playwright for Python. Screenshots go to outputs/test-artifacts/seminar_app_<size>.png.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT
from playwright.sync_api import expect
from solara_server import chromium, serving

from sim.model import decision as d

ARTIFACTS = PROJECT / "outputs" / "test-artifacts"
OUTCOME_LINE = re.compile(r"Over [\d,]+ replications: troops")
UI_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve sim/app/app.py on a free loopback port for this module; stop it afterwards."""
    with serving(PROJECT / "sim" / "app" / "app.py", tmp_path_factory.mktemp("cwd"),
                 tmp_path_factory.mktemp("solara") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def outcome_text(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_text(OUTCOME_LINE).first.inner_text()


def wait_for_change(page, before: str) -> str:  # type: ignore[no-untyped-def]
    """The model rebuilds when a setting changes: wait for a new outcome line."""
    deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        now = outcome_text(page)
        if now != before:
            return now
        page.wait_for_timeout(100)
    return outcome_text(page)


def in_viewport(page, locator) -> bool:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    size = page.viewport_size
    return (box is not None and box["y"] >= 0 and box["x"] >= 0
            and box["y"] + box["height"] <= size["height"] and box["x"] + box["width"] <= size["width"])


def choose(page, select: str, option: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(".v-select").filter(has_text=select).click()
    page.get_by_role("option", name=option).click()


def check_layout(page) -> None:  # type: ignore[no-untyped-def]
    """What must hold at any window size."""
    outcome = page.get_by_text(OUTCOME_LINE).first
    assert in_viewport(page, outcome), "the outcome probabilities are not in view"
    assert in_viewport(page, page.get_by_text("THE ALLIANCE OUTCOME").first)
    body = page.locator("body").inner_text()
    for gone in ("Play Interval", "Render Interval", "Use Threads", "PAGE 0", "Page 0", "Time: 0.0",
                 "This website runs on Solara"):
        assert gone not in body, f"{gone!r} is on the page"
    values = page.locator(".seminar-slider .slider-value")
    assert values.count() == len(d.TERMS) + 1  # every decision weight and the leader's commitment
    assert all(re.fullmatch(r"\d+(\.\d+)?%?", values.nth(i).inner_text()) for i in range(values.count()))
    for name in ("Russia", "Belarus", "Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"):
        assert page.get_by_role("cell", name=name, exact=True).count() == 1, name
    assert page.locator(".v-card img").count() >= 1  # the map


@pytest.mark.slow
def test_the_app_at_two_window_sizes(app_url: str, browser) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.set_default_timeout(UI_TIMEOUT_MS)
    try:
        drive_the_app(app_url, page)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "seminar_app_failure.png"), full_page=True)
        raise
    finally:
        page.close()


CALIBRATED_COST = "cost {:.2f}".format(
    yaml.safe_load((PROJECT / "configs" / "decision" / "calibrated.yaml").read_text())["weights"]["cost"])


def drive_the_app(app_url: str, page) -> None:  # type: ignore[no-untyped-def]
    missing: list[str] = []
    page.on("response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(app_url)
    page.get_by_text(OUTCOME_LINE).first.wait_for()
    page.get_by_text("Kazakhstan January 2022").first.wait_for()
    assert page.locator(".v-select").filter(has_text="calibrated weights").count() == 1  # the default
    assert CALIBRATED_COST in page.get_by_text(re.compile(r"^Weights \(calibrated\)")).first.inner_text()
    check_layout(page)
    first = outcome_text(page)

    # The scenario: pick another crisis by its display name; the model rebuilds by itself.
    choose(page, "Scenario", "Armenia May 2021, Azerbaijani incursion")
    assert wait_for_change(page, first) != first
    page.get_by_text("Armenia asks for political backing and consultations").first.wait_for()
    second = outcome_text(page)  # read again once the whole page shows Armenia: the patches arrive in parts

    # A weight: push the alliance's credibility to the bottom of its prior range with the keyboard
    # (Armenia asked for consultations only, so the troop cost cannot move this crisis; credibility can)
    row = page.locator(".seminar-slider").filter(has_text="the alliance must be seen to answer")
    row.get_by_role("slider").press("Home")
    third = wait_for_change(page, second)
    assert third != second
    expect(row.locator(".slider-value")).to_have_text("0.00", timeout=UI_TIMEOUT_MS)
    # the browser applies the page's updates one widget at a time: the outcome line can change before
    # the weights line, so wait (up to the UI timeout) for the rebuilt model's weights to show
    page.get_by_text(re.compile(r"^Weights \(.*credibility 0,")).first.wait_for()

    # Step through the crisis: each member's decision in plain words, the outcome at the top.
    page.get_by_role("button", name="Step").click()
    page.get_by_text(re.compile(r"^This replay \(#1\)")).first.wait_for()
    decisions = page.get_by_text(re.compile(r"→ .*Because .*support score"))
    decisions.nth(4).wait_for()  # the member lines render after the outcome line: wait, then count
    assert decisions.count() == 5  # five other members
    check_layout(page)
    page.screenshot(path=str(ARTIFACTS / "seminar_app_1280x720.png"))

    # The hand-set prior is a labelled alternative; "reset to calibrated" restores every slider.
    choose(page, "Decision weights", "hand-set prior weights (not fitted)")
    page.get_by_text(re.compile(r"^Weights \(default\)")).first.wait_for()
    expect(row.locator(".slider-value")).to_have_text("1.00", timeout=UI_TIMEOUT_MS)
    page.get_by_role("button", name="Reset to calibrated").click()
    page.get_by_text(re.compile(r"^Weights \(calibrated\).*" + re.escape(CALIBRATED_COST))).first.wait_for()

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.get_by_role("button", name="Step").click()
    page.get_by_text(re.compile(r"^This replay \(#1\)")).first.wait_for()
    check_layout(page)
    page.screenshot(path=str(ARTIFACTS / "seminar_app_1920x1080.png"))
    assert not missing, f"the page failed to load: {missing}"


# --- the projector: both window sizes, the trust box, a crisis without a request, the export ----

KIT_SCREENSHOTS = Path("/tmp")  # kit_<width>.png: looked at by hand after a layout change


def clipped_x(page, locator) -> bool:  # type: ignore[no-untyped-def]
    """Content wider than its box (hidden or scrolled sideways), or the box past its card's edge."""
    return bool(locator.evaluate(
        """el => { const card = el.closest('.v-card') || document.body;
                   const r = el.getBoundingClientRect(), c = card.getBoundingClientRect();
                   return el.scrollWidth > el.clientWidth + 1 || r.right > c.right + 1 || r.left < c.left - 1; }"""))


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_the_projector_layout_the_trust_box_no_request_and_the_export(app_url: str, browser, width: int,
                                                                        height: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    page.set_default_timeout(UI_TIMEOUT_MS)
    try:
        page.goto(app_url)
        page.get_by_text(OUTCOME_LINE).first.wait_for()
        # the trust box and the what-if controls in view without scrolling
        trust = page.locator(".seminar-trust")
        assert in_viewport(page, trust), "the trust box is not in view"
        assert "Out of sample:" in trust.inner_text() and "In sample:" in trust.inner_text()
        assert in_viewport(page, page.locator(".seminar-slider").filter(has_text="more forces tied down elsewhere"))
        assert in_viewport(page, page.get_by_text("Other members have no ties with the adversary"))
        # select boxes show whole names; the member table is not clipped sideways
        selection = page.locator(".v-select").filter(has_text="Scenario").locator(".v-select__selection")
        assert selection.inner_text() == "Kazakhstan January 2022, unrest framed as external aggression"
        assert not clipped_x(page, selection), "the scenario's name is truncated"
        assert not clipped_x(page, page.locator(".seminar-table")), "the member table is clipped"
        assert page.get_by_role("columnheader", name="in history").count() == 1
        assert page.get_by_role("cell", name="troops (about 100)").count() == 1  # Armenia, in the record
        inputs_line = re.compile(r"^Inputs: the crisis: .* = evidence \(seeds/evidence/episodes")
        assert page.get_by_text(inputs_line).count() == 1
        # the export: what is on screen, as a CSV
        with page.expect_download() as download:
            page.get_by_role("button", name="Export CSV").click()
        exported = Path(download.value.path()).read_text(encoding="utf-8")
        header = exported.splitlines()[0].split(",")
        assert {"scenario", "seed", "replications", "table", "member", "p_troops", "in_history"} <= set(header)
        assert exported.count("kazakhstan_2022,") == len(exported.splitlines()) - 1
        assert ",members,Armenia," in exported and ",outcome," in exported
        page.get_by_role("button", name="Step").click()
        page.get_by_text(re.compile(r"^This replay \(#1\)")).first.wait_for()
        page.get_by_text(re.compile(r"→ .*Because .*support score")).first.wait_for()  # the panel re-rendered
        page.screenshot(path=str(KIT_SCREENSHOTS / f"kit_{width}.png"))

        # a crisis without a request: nobody objects, every member is "not asked", in grey
        choose(page, "Scenario", "Kazakhstan 2011, Zhanaozen unrest (no request)")
        page.get_by_text("Kazakhstan makes no request").first.wait_for()
        page.get_by_role("button", name="Step").click()
        page.get_by_text(re.compile(r"^This replay \(#1\)")).first.wait_for()
        not_asked = page.get_by_text(re.compile(r"→ not asked \(no request was made\)"))
        not_asked.nth(4).wait_for()
        page.get_by_role("cell", name="not asked", exact=True).nth(4).wait_for()  # the table re-rendered too
        assert page.get_by_text(re.compile(r"→ OBJECTS")).count() == 0  # no member line says it objects
        assert page.get_by_role("cell", name="objects", exact=True).count() == 0
        assert not_asked.first.evaluate("el => getComputedStyle(el).color") == "rgb(134, 142, 150)"
        assert in_viewport(page, trust) and "Out of sample:" in trust.inner_text()
        page.screenshot(path=str(KIT_SCREENSHOTS / f"kit_{width}_no_request.png"))
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"kit_failure_{width}.png"), full_page=True)
        raise
    finally:
        page.close()
