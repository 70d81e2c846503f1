"""Browser tests: Playwright driving Debian's chromium against pytest-django's live_server.

The shared set-up (chromium, contexts, `login`) lives in tests/conftest.py, the page checks in
tests/browser.py.
"""
