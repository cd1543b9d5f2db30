"""Browser test support: chromium through Playwright, request/console watch, axe-core."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


def browser_args() -> dict[str, Any]:
    """Launch options for Debian's chromium (Playwright's own browser download is not used)."""
    return {"executable_path": CHROMIUM, "args": ARGS}


class Watch:
    """Failed requests and console errors seen by one page."""

    def __init__(self, page: Any) -> None:
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("requestfailed", lambda r: self.failed.append(f"{r.method} {r.url}: {r.failure}"))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def check(self, *, ignore_http_errors: bool = False) -> None:
        """Fail on any failed request or console error (HTTP error logs only when allowed)."""
        errors = [e for e in self.errors
                  if not (ignore_http_errors and e.startswith("Failed to load resource"))]
        assert not self.failed, f"failed requests: {self.failed}"
        assert not errors, f"console errors: {errors}"


def launched(browser: Any) -> Any:
    """The browser, or a test failure explaining why it did not launch."""
    if isinstance(browser, Exception):
        pytest.fail(f"chromium could not be launched from {CHROMIUM}: {browser}")
    return browser


def no_horizontal_scroll(page: Any) -> bool:
    """True when nothing is wider than the viewport."""
    return bool(page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"))


def shot(page: Any, name: str) -> None:
    """Save a full-page screenshot under tests/artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")
                   ) -> list[dict[str, Any]]:
    """axe-core's violations of the given impacts on the current page (axe from npm)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make install` (npm ci)")
    # evaluated, not injected as a <script>: the pages' CSP rightly blocks inline scripts
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in impacts]
