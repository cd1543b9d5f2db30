"""Browser fixtures shared by the page tests: one chromium per session, fresh contexts."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from tests.web.browser import DESKTOP, Watch, browser_args, launched


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One chromium for the session, or the reason it could not start (tests then fail)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        try:
            instance = pw.chromium.launch(**browser_args())
        except Exception as exc:  # the tests must fail, never skip, without a browser
            yield exc
            return
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, live_url):  # type: ignore[no-untyped-def]
    """Open a page in a fresh context (own sessionStorage); returns (page, watch)."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] = DESKTOP, locale: str = "en-GB") -> tuple[Any, Watch]:
        context = launched(browser).new_context(viewport=viewport, locale=locale,
                                                base_url=live_url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        return page, Watch(page)

    yield make
    for context in contexts:
        context.close()
