"""The workbench in a real browser: Playwright drives Debian's Chromium against a server this
test starts on 127.0.0.1. Screenshots of the main pages go to test-output/screenshots/ for a
reviewer to look at. Without Chromium the tests are skipped, unless DISCURSUS_BROWSER_TESTS
is "required" (CI installs it and sets that)."""

from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

import discursus
from discursus.annotate.codebook import parse_codebook
from discursus.cli import app as cli

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-output" / "screenshots"
PASSWORDS = {"Ana": "ana-owner-pass-1", "Ben": "ben-coder-pass-2", "Cy": "cy-viewer-pass-3"}
HOSTILE = ('Hello <script>window.pwned = 1; alert("text")</script> and '
           '<img src=x onerror="window.pwned = 2; alert(2)"> and '
           '<a id="bad" href="javascript:window.pwned = 3">a link</a>.\n')  # fmt: skip


def _need_browser():
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = "the playwright package"
    else:
        missing = None if CHROMIUM.exists() else str(CHROMIUM)
    if missing:
        if os.environ.get("DISCURSUS_BROWSER_TESTS") == "required":
            pytest.fail(f"the browser tests are required and {missing} is not installed")
        pytest.skip(f"{missing} is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    folder = tmp_path_factory.mktemp("browser")
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(
        '"We will reopen the harbour," said Mira Osk, the port director. The council agreed.\n',
        encoding="utf-8",
    )
    (corpus / "harbour.meta.json").write_text('{"date": "2023-03-14"}')
    (corpus / "quay.txt").write_text(
        "The harbour board met again. The quay was rebuilt and the harbour reopened.\n",
        encoding="utf-8",
    )
    (corpus / "quay.meta.json").write_text('{"date": "2024-05-02"}')
    (corpus / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "evil.meta.json").write_text(
        '{"title": "<img src=y onerror=\\"window.pwned = 4\\">", "outlet": "<script>x</script>"}'
    )
    project = discursus.open_project(folder / "p", create=True)
    project.ingest([str(corpus)])
    project.annotate()
    book = parse_codebook("name: Port\ncodes:\n  - name: harbour\n    keywords: [harbour]\n")
    project.annotate(discursus.annotate.AnnotateConfig(
        components=("codes",), settings={"codes": {"codebook": book.to_dict()}}))  # fmt: skip
    for (name, password), role in zip(PASSWORDS.items(), ("owner", "coder", "viewer"),
                                      strict=True):  # fmt: skip
        project.add_user(name, password, role)
    with _serving(project) as base:
        yield project, base


@contextmanager
def _serving(project):
    """``project``'s workbench served on a free port of 127.0.0.1 while inside."""
    import uvicorn

    from discursus.web.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(create_app(project), host="127.0.0.1", port=port,
                                            log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


def _signed_in(browser, base: str, name: str):
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/")
    assert page.url.endswith("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("h1:has-text('Documents')")
    return page


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _select(page, words: str) -> None:
    """Select ``words`` in the document's text, as a mouse would."""
    page.evaluate("""(words) => {
        const text = document.getElementById("text");
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.textContent.indexOf(words);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
            }
        }
        throw new Error("not in the text: " + words);
    }""", words)  # fmt: skip


def test_a_coder_codes_a_passage_the_cli_sees_it_and_undo_takes_it_back(server, browser):
    project, base = server
    page = _signed_in(browser, base, "Ben")
    _shot(page, "documents")
    page.click("text=harbour.txt")
    page.wait_for_selector("#text")
    _select(page, "We will reopen the harbour")
    page.wait_for_function("!document.getElementById('code-button').disabled")
    page.fill("input[name=code]", "reopening")
    page.fill("input[name=memo]", "the port's plan")
    _shot(page, "document-coding")
    page.click("#code-button")
    page.wait_for_selector("#text .k-code")
    assert "We will reopen the harbour" in page.inner_text("#text .k-code")
    _shot(page, "document-coded")
    listed = CliRunner().invoke(cli, ["codings", "-p", str(project.path), "--coder", "Ben",
                                      "-f", "csv"])  # fmt: skip
    assert listed.exit_code == 0 and ",reopening," in listed.stdout
    page.click("text=Undo my last change")
    page.wait_for_selector("#text")
    assert page.locator("#text .k-code").count() == 0
    assert project.codings(coder="Ben").empty


def test_a_viewer_cannot_code_and_a_forged_request_is_refused(server, browser):
    project, base = server
    page = _signed_in(browser, base, "Cy")
    doc = project.document("harbour.txt")
    page.goto(f"{base}/docs/{doc['id']}")
    assert page.locator("#code-form").count() == 0
    _shot(page, "document-viewer")
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    as_viewer = page.request.post(
        f"{base}/docs/{doc['id']}/codings",
        form={"csrf": csrf, "code": "x", "start": "0", "end": "5"},
    )
    assert as_viewer.status == 403 and "a viewer changes nothing" in as_viewer.text()
    coder = _signed_in(browser, base, "Ben")
    forged = coder.request.post(
        f"{base}/docs/{doc['id']}/codings", form={"code": "x", "start": "0", "end": "5"}
    )  # no CSRF token
    assert forged.status == 403
    assert project.codings(coder="Ben").empty and project.codings(coder="Cy").empty


def test_a_hostile_document_shows_its_payloads_as_text_and_runs_nothing(server, browser):
    project, base = server
    page = _signed_in(browser, base, "Ana")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    doc = project.document("evil.txt")
    views = ("/charts", "/explore", "/explore/semantic", "/codes", "/agreement", "/people",
             "/?q=link", "/", f"/docs/{doc['id']}")  # fmt: skip
    for view in views:
        page.goto(base + view)
        page.wait_for_load_state("load")
        assert page.evaluate("window.pwned") is None, view
    assert "<script>window.pwned = 1" in page.inner_text("#text")
    assert page.locator("#text a, #text img, #text script").count() == 0
    _shot(page, "document-hostile")
    assert dialogs == []


def test_a_coder_accepts_a_suggestion_and_undoes_it(server, browser):
    project, base = server
    page = _signed_in(browser, base, "Ben")
    doc = project.document("quay.txt")
    page.goto(f"{base}/docs/{doc['id']}")
    assert page.locator("#text .k-suggestion").count() == 2  # the rules' two harbour sentences
    page.locator("table.suggestions button:has-text('Accept')").first.click()
    page.wait_for_selector("#text .k-code")
    assert page.inner_text("#text .k-code") == "The harbour board met again."
    accepted = project.codings(status="accepted")
    assert list(accepted.coder) == ["Ben"] and list(accepted.code) == ["harbour"]
    _shot(page, "document-accepted")
    page.click("text=Undo my last change")
    page.wait_for_selector("#text")
    assert page.locator("#text .k-code").count() == 0 and project.codings(status="accepted").empty


def test_a_session_of_one_project_opens_nothing_of_another(server, browser, tmp_path):
    project, base = server
    page = _signed_in(browser, base, "Ben")  # the cookie goes to 127.0.0.1 whatever the port
    other = discursus.open_project(tmp_path / "other", create=True)
    (tmp_path / "secret.txt").write_text("Minutes of the closed meeting.\n", encoding="utf-8")
    other.ingest([str(tmp_path / "secret.txt")])
    other.add_user("Ana", PASSWORDS["Ana"], "owner")
    with _serving(other) as elsewhere:
        page.goto(f"{elsewhere}/docs/1")
        assert page.url == f"{elsewhere}/login"
        assert "closed meeting" not in page.content()
        page.goto(f"{base}/")  # still signed in where Ben belongs
        assert page.url == f"{base}/"


def test_the_charts_network_and_semantic_system_are_drawn(server, browser):
    project, base = server
    page = _signed_in(browser, base, "Ana")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{base}/charts")
    page.wait_for_selector("#codes .main-svg")  # Plotly drew the heatmap of codings
    assert page.locator("section.chart .main-svg").count() >= 2
    assert page.locator("input.year").count() == 2  # 2023 to 2024
    _shot(page, "charts")
    drawn = page.locator("#codes .nsewdrag").bounding_box()  # the heatmap's two cells
    page.mouse.click(drawn["x"] + drawn["width"] * 0.75, drawn["y"] + drawn["height"] / 2)
    page.wait_for_url(f"{base}/docs/*")
    assert page.inner_text("h1") == "quay.txt"  # the cell of quay.txt opened it
    page.go_back()
    page.wait_for_selector("#codes .main-svg")
    page.locator("input[name=from]").fill("2024")
    assert page.inner_text("input[name=from] + output") == "2024"
    page.click("button:has-text('Show')")
    page.wait_for_selector("#codes .main-svg")
    assert "from=2024" in page.url
    page.goto(f"{base}/explore")
    _shot(page, "network")
    page.goto(f"{base}/explore/semantic")
    _shot(page, "semantic-system")
    assert refused == []
