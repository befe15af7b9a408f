"""The UI in a real browser: Playwright driving Debian's Chromium against app.py on localhost."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "reports" / "screenshots"
EVIL = (
    "Mallory's note. <script>window.__pwned = 1</script> "
    "The <img src=x onerror=\"window.__pwned = 2\"> cake is a lie."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import qa
    from qa.embedding import get_embedder

    work = tmp_path_factory.mktemp("ui")
    corpus = work / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "mallory.txt").write_text(EVIL, encoding="utf-8")
    qa.build(corpus, work / "index", embedder=get_embedder("minilm"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "QA_EMBEDDER"}
    proc = subprocess.Popen(
        [sys.executable, "app.py", "--index", str(work / "index"), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "app exited") from None
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("the app did not start in 120 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run",
        ])
        yield b
        b.close()


def ask(browser: object, url: str, question: str, name: str) -> object:
    page = browser.new_page(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.fill("#qa-question textarea", question)
    page.click("#qa-ask")
    page.wait_for_function(
        "document.querySelectorAll('#qa-chat .qa-answer, #qa-chat .qa-refusal').length > 0", timeout=60_000
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.dialogs = dialogs
    return page


def test_seeds_question_is_answered_with_linked_sources(browser: object, app_url: str) -> None:
    page = ask(browser, app_url, "Which research vessel surveyed Vietnam's continental shelf?", "answer")
    answer = page.inner_text("#qa-chat .qa-answer")
    assert "Akademik M. A. Lavrentyev" in answer and "[1]" in answer
    href = page.get_attribute("#qa-chat a.qa-marker", "href")
    assert href == "#qa-src-1-1"
    source = page.inner_text("#qa-src-1-1")
    assert "000_93c33c8fd0791c1c.txt" in source
    assert "Akademik M. A. Lavrentyev" in page.inner_text("#qa-src-1-1 mark")
    assert page.locator("#qa-sources .qa-citation").count() == page.locator("#qa-chat a.qa-marker").count()
    # a second question: its sources go on top, and the first answer's markers still lead to its own
    page.fill("#qa-question textarea", "Who was the first Vietnamese cosmonaut?")
    page.click("#qa-ask")
    page.wait_for_function("document.querySelectorAll('#qa-chat .qa-answer').length == 2", timeout=60_000)
    second = page.locator("#qa-chat .qa-answer").nth(1)
    assert second.locator("a.qa-marker").first.get_attribute("href") == "#qa-src-2-1"
    assert "Phạm Tuân" in page.inner_text("#qa-src-2-1 mark")
    assert "Akademik M. A. Lavrentyev" in page.inner_text("#qa-src-1-1 mark")
    page.locator("#qa-chat .qa-answer").first.locator("a.qa-marker").first.click()
    page.wait_for_function("location.hash == '#qa-src-1-1'", timeout=10_000)


def test_copy_gives_the_conversation_as_plain_text_with_its_sources(browser: object, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    page = context.new_page()
    page.goto(app_url)
    page.fill("#qa-question textarea", "Which research vessel surveyed Vietnam's continental shelf?")
    page.click("#qa-ask")
    page.wait_for_selector("#qa-chat .qa-answer", timeout=60_000)
    assert page.locator("#qa-chat button[aria-label='Copy message']").count() == 0  # those copy HTML
    page.click("#qa-chat button:has-text('Copy as text')")
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)", timeout=10_000)
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("Q: Which research vessel surveyed Vietnam's continental shelf?")
    assert "Akademik M. A. Lavrentyev. [1]" in text and "\n[1] " in text and "000_93c33c8fd0791c1c.txt" in text
    assert "<" not in text and "&" not in text  # no markup, no entities
    context.close()


def test_off_topic_question_is_refused_and_looks_different(browser: object, app_url: str) -> None:
    page = ask(browser, app_url, "Which team won the 2018 Tour de France?", "refusal")
    assert page.locator("#qa-chat .qa-refusal").count() == 1
    assert page.locator("#qa-chat a.qa-marker").count() == 0
    assert "do not answer the question" in page.inner_text("#qa-sources")


def test_document_html_renders_inert(browser: object, app_url: str) -> None:
    page = ask(browser, app_url, "What does Mallory's note say about the cake?", "xss")
    text = page.inner_text("#qa-sources") + page.inner_text("#qa-chat")
    assert "<script>" in text or "onerror" in text  # shown as text
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    assert page.locator("#qa-sources img, #qa-chat img[src='x']").count() == 0


def test_upload_then_ask_about_it_and_a_broken_upload_is_refused(browser: object, app_url: str, tmp_path: Path) -> None:
    doc = tmp_path / "harbour-report.md"
    doc.write_text(
        "# Harbour report\n\nThe Quy Nhon harbour received 412 Russian container ships in 2025.\n", encoding="utf-8"
    )
    page = browser.new_page(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
    page.goto(app_url)
    page.locator("button:has-text('Documents')").first.click()
    page.set_input_files("#qa-upload input[type=file]", str(doc))
    page.wait_for_function(
        "document.querySelector('#qa-status') && document.querySelector('#qa-status').innerText.includes('Added')",
        timeout=120_000,
    )
    assert "uploads/harbour-report.md" in page.inner_text("#qa-status")
    assert "uploads/harbour-report.md" in page.inner_text("#qa-documents")
    page.fill("#qa-question textarea", "How many Russian container ships did the Quy Nhon harbour receive?")
    page.click("#qa-ask")
    page.wait_for_selector("#qa-chat .qa-answer", timeout=60_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload.png"), full_page=True)
    assert "412" in page.inner_text("#qa-chat .qa-answer")
    assert "uploads/harbour-report.md" in page.inner_text("#qa-sources")

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    page.set_input_files("#qa-upload input[type=file]", str(bad))
    page.wait_for_function(
        "document.querySelector('#qa-status').innerText.includes('Nothing was added')", timeout=60_000
    )
    assert "PDF" in page.inner_text("#qa-status")


def test_over_long_question_gets_a_message_and_keeps_the_chat(browser: object, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
    page.goto(app_url)
    page.fill("#qa-question textarea", "x" * 10_000)
    page.click("#qa-ask")
    page.wait_for_selector(".toast-body", timeout=30_000)
    assert "10,000 characters long" in page.inner_text(".toast-body")
    assert page.locator("#qa-chat .qa-answer, #qa-chat .qa-refusal").count() == 0
    assert "Traceback" not in page.content()


def test_a_bare_follow_up_needs_a_question_before_it_in_this_conversation(browser: object, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
    page.goto(app_url)
    page.fill("#qa-question textarea", "And when?")
    page.click("#qa-ask")
    page.wait_for_selector(".toast-body", timeout=30_000)
    assert "names nothing to look for" in page.inner_text(".toast-body")
    assert page.locator("#qa-chat .qa-answer, #qa-chat .qa-refusal").count() == 0
    for n, question in enumerate(["Who was the first Vietnamese cosmonaut?", "And when?"], 1):
        page.fill("#qa-question textarea", question)
        page.click("#qa-ask")
        page.wait_for_function(
            f"document.querySelectorAll('#qa-chat .qa-answer, #qa-chat .qa-refusal').length >= {n}",
            timeout=60_000,
        )
    assert "1980" in page.locator("#qa-chat .qa-answer").nth(1).inner_text()
    assert "read as: Who was the first Vietnamese cosmonaut" in page.inner_text("#qa-turn-2 .qa-asked")
    # clearing the chat starts over: the sources panel empties and nothing is left to follow up on
    page.click("#qa-chat button[aria-label='Clear']")
    page.wait_for_function("document.querySelectorAll('#qa-chat .qa-answer').length == 0", timeout=30_000)
    page.wait_for_selector("#qa-sources .qa-empty", timeout=30_000)
    page.locator(".toast-body").first.wait_for(state="detached", timeout=30_000)
    page.fill("#qa-question textarea", "And when?")
    page.click("#qa-ask")
    page.wait_for_selector(".toast-body", timeout=30_000)
    assert "names nothing to look for" in page.inner_text(".toast-body")


def test_tell_me_more_quotes_what_was_not_quoted_until_nothing_is_left(browser: object, app_url: str) -> None:
    page = ask(browser, app_url, "Which research vessel surveyed Vietnam's continental shelf?", "more-1")
    for turn in range(2, 8):
        page.fill("#qa-question textarea", "Tell me more")
        page.click("#qa-ask")
        page.wait_for_function(
            f"document.querySelectorAll('#qa-chat .qa-answer, #qa-chat .qa-refusal').length == {turn}",
            timeout=60_000,
        )
        if page.locator("#qa-chat .qa-refusal").count():
            break
    else:
        raise AssertionError("more never ran out")
    assert turn > 2  # at least one answer more was given
    page.screenshot(path=str(ARTIFACTS / "more.png"), full_page=True)
    assert "Nothing more in the documents." in page.locator("#qa-chat .qa-refusal").inner_text()
    assert "quoted in the answers before" in page.inner_text(f"#qa-turn-{turn}")
    quotes = [page.locator(f"#qa-turn-{n} mark").all_inner_texts() for n in range(1, turn)]
    assert all(quotes) and len({q for qs in quotes for q in qs}) == sum(len(qs) for qs in quotes)


def test_remove_a_document(browser: object, app_url: str, tmp_path: Path) -> None:
    doc = tmp_path / "to-remove.txt"
    doc.write_text("A short note about the Vung Tau ferry timetable in 2024.", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
    page.goto(app_url)
    page.locator("button:has-text('Documents')").first.click()
    page.set_input_files("#qa-upload input[type=file]", str(doc))
    page.wait_for_function("document.querySelector('#qa-status').innerText.includes('Added')", timeout=120_000)
    choice = page.locator("#qa-remove-choice input").first
    choice.click()
    choice.fill("uploads/to-remove")
    page.keyboard.press("Enter")
    page.click("#qa-remove")
    page.wait_for_function("document.querySelector('#qa-status').innerText.includes('Removed')", timeout=60_000)
    assert "uploads/to-remove.txt" not in page.inner_text("#qa-documents")
    page.screenshot(path=str(ARTIFACTS / "removed.png"), full_page=True)
