"""A real browser opens the Dagster UI: headless Chromium (Debian's `chromium` package,
installed here when missing) driven by Playwright, against `dagster-webserver` started by the
test on a free port. The activation group's asset graph must render with every sync asset; a
screenshot is saved to artifacts/ui/asset-graph.png."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ui")]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts" / "ui"
LOCATION = "orchestration.definitions"


def ensure_chromium() -> Path:
    """Debian's chromium, installed with apt-get when missing (the tests run as root)."""
    if not CHROMIUM.exists():
        if shutil.which("apt-get") is None or os.geteuid() != 0:
            pytest.fail("chromium is missing: run `apt-get install -y chromium` as root")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    assert CHROMIUM.exists()
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("ui")
    home = work / "dagster_home"
    home.mkdir()
    shutil.copyfile(ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NORTHSTAR_DUCKDB_PATH": str(work / "northstar.duckdb"),
        "NORTHSTAR_LANDING_DIR": str(work / "landing"),
    }
    log = (work / "webserver.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster-webserver"),
            "-m",
            LOCATION,
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"dagster-webserver exited: {(work / 'webserver.log').read_text()[-3000:]}"
                )
            try:
                if httpx.get(f"{url}/server_info", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("dagster-webserver did not answer within 180 s")
            time.sleep(1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def expected_sync_labels() -> list[str]:
    from orchestration.definitions import defs

    graph = defs.get_repository_def().asset_graph
    return sorted(key.path[-1] for key in graph.get_all_asset_keys() if key.path[0] == "sync")


def render_group(url: str, group: str, labels: list[str], screenshot: Path) -> None:
    """Open the group's asset graph in headless Chromium, wait for every label, screenshot."""
    from playwright.sync_api import sync_playwright

    chromium = ensure_chromium()
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    screenshot.unlink(missing_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium),
            headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        )
        try:
            # Tall enough for the whole group: the graph draws only the nodes in view.
            page = browser.new_page(viewport={"width": 1800, "height": 3600})
            page.goto(
                f"{url}/locations/{LOCATION}/asset-groups/{group}", wait_until="domcontentloaded"
            )
            # A first visit may offer a newsletter dialog over the graph.
            with contextlib.suppress(Exception):
                page.get_by_role("button", name="Skip").click(timeout=8_000)
            # Each node of the graph carries its asset's name as its tooltip (the visible name
            # may be shortened with an ellipsis); wait for every one to be drawn.
            try:
                for label in labels:
                    page.locator(f'[data-tooltip="{label}"]').first.wait_for(
                        state="visible", timeout=90_000
                    )
            except Exception:
                page.screenshot(path=str(screenshot.with_name("asset-graph-failed.png")))
                raise
            page.wait_for_timeout(1000)  # let the layout settle for the picture
            page.screenshot(path=str(screenshot), full_page=True)
            assert page.locator("svg").count() > 0, "the graph canvas is missing"
        finally:
            browser.close()
    assert screenshot.exists() and screenshot.stat().st_size > 10_000


def test_the_asset_graph_renders_with_the_sync_assets_in_headless_chromium(webserver):
    syncs = expected_sync_labels()
    assert syncs, "no sync assets are defined (no sync declared in the manifest)"
    render_group(webserver, "activation", syncs, ARTIFACTS / "asset-graph.png")
