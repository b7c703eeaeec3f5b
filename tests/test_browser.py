"""The web front end in headless Chromium, driving the real server (gunicorn, as `make run`
starts it) on the seed index.

No skips: without /usr/bin/chromium these tests fail. Set UPDATE_SCREENSHOT=1 to write docs/screenshot.png
(the README's picture); otherwise the screenshot goes to a temporary folder, so a test run changes no file.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
SLOGAN = "万人助万企"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"


@pytest.fixture(scope="session")
def server(seed_index, serve):
    with serve(seed_index) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def query(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def total(page) -> int:
    return int(page.locator("#summary strong").inner_text())


def test_quoted_slogan_is_marked_in_the_results(page, server, containing):
    page.goto(server + "/")
    assert page.evaluate("document.activeElement.id") == "q"          # the box is focused on load
    page.keyboard.type(f'"{SLOGAN}"')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert query(page.url)["q"] == [f'"{SLOGAN}"']
    hits = page.locator("li.hit")
    using = len(containing(SLOGAN))
    expect(hits).to_have_count(using)
    for i in range(using):
        expect(hits.nth(i).locator("mark").first).to_have_text(SLOGAN)
    expect(page.locator(".slogan-line")).to_contain_text(f"共见于 {using} 篇报道")


def test_results_page_reads_on_a_phone_and_a_desktop(page, server, tmp_path, engine):
    years = sorted(int(f["value"]) for f in engine.search("郑州").facets["year"])   # dated pages mention 郑州
    assert len(years) > 1
    page.goto(server + "/search?q=郑州")
    expect(page.locator("svg.timeline rect")).to_have_count(years[-1] - years[0] + 1)     # gaps show as gaps
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")   # no sideways scroll
        expect(page.locator("li.hit").first).to_be_visible()
        page.screenshot(path=tmp_path / f"results-{viewport['width']}.png")
    if os.environ.get("UPDATE_SCREENSHOT"):
        page.screenshot(path=SCREENSHOT)
    page.set_viewport_size(PHONE)
    article = page.locator("li.hit h2 a").first.get_attribute("href")
    for url in ("/slogans", article, "/search?q=没有这个词"):
        page.goto(server + url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url


def test_district_facet_changes_list_and_counts(page, server):
    page.goto(server + "/search")
    before = total(page)
    years_before = page.locator(".years").inner_text()
    facet = page.locator(".bars a.facet").first
    name = facet.locator(".name").inner_text()
    count = int(facet.locator(".count").inner_text().split()[0])
    facet.click()
    page.wait_for_url(re.compile("district="))
    assert query(page.url)["district"] == [name]
    assert total(page) == count < before
    expect(page.locator(".chips .chip")).to_have_text(re.compile(name))
    assert page.locator(".years").inner_text() != years_before           # the year counts follow the filter
    for meta in page.locator("li.hit .meta").all():
        assert name in meta.inner_text()
    page.locator(".chips .chip").click()                                  # remove the filter again
    page.wait_for_url(server + "/search")
    assert total(page) == before


def test_open_an_article_from_the_results(page, server):
    page.goto(server + f'/search?q="{SLOGAN}"')
    title = page.locator("li.hit h2 a").first
    expected = title.inner_text()
    title.click()
    page.wait_for_url(re.compile("/articles/"))
    expect(page.locator("h1")).to_have_text(expected)
    expect(page.locator(".body mark").first).to_have_text(SLOGAN)
    expect(page.locator(".related li").first).to_be_visible()
    page.locator(".facts a.district").first.click()
    page.wait_for_url(re.compile("district="))


def test_go_to_page_two(page, server):
    page.goto(server + "/search")
    first = page.locator("li.hit h2").all_inner_texts()
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url(re.compile("page=2"))
    expect(page.locator('.pager [aria-current="page"]')).to_have_text("2")
    second = page.locator("li.hit h2").all_inner_texts()
    assert len(second) == 10 and not set(first) & set(second)


def test_a_shared_url_shows_the_same_page(page, browser, server, seed_articles):
    # A district and year some dated article has, so the shared page shows results, not just "nothing found".
    dated = next(a for a in seed_articles if a.date and a.districts and a.districts[0] in a.title + a.body)
    district, year = dated.districts[0], dated.date[:4]
    url = server + f"/search?q={district}&district={district}&year={year}&sort=date"
    took = re.compile(r"用时 [\d.]+ 毫秒")
    page.goto(url)
    shown = took.sub("", page.locator("main").inner_text())
    assert total(page) >= 1
    assert district in page.locator(".chips").inner_text() and year in page.locator(".chips").inner_text()
    page.reload()
    assert took.sub("", page.locator("main").inner_text()) == shown
    other = browser.new_context(viewport=DESKTOP).new_page()          # someone the link was sent to
    other.goto(url)
    assert took.sub("", other.locator("main").inner_text()) == shown
    assert other.locator("#q").input_value() == district
    expect(other.locator('.sort [aria-current="true"]')).to_have_text("按日期")
    other.context.close()


def test_slash_key_focuses_the_search_box(page, server):
    page.goto(server + "/slogans")
    page.locator("h1").click()
    assert page.evaluate("document.activeElement.id") != "q"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_pick_a_suggestion_with_the_keyboard(page, server):
    page.goto(server + "/")
    box = page.locator("#q")
    box.press_sequentially("万人", delay=50)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").first).to_contain_text(SLOGAN)
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "suggestion-0")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert query(page.url)["q"] == [f'"{SLOGAN}"']
    expect(page.locator("li.hit mark").first).to_have_text(SLOGAN)


def test_escape_closes_the_suggestions(page, server):
    page.goto(server + "/")
    page.locator("#q").press_sequentially("万人", delay=50)
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(page.locator("#q")).to_have_attribute("aria-expanded", "false")


def test_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(server + "/")
    page.locator("#q").fill(f'"{SLOGAN}"')
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    expect(page.locator("li.hit")).to_have_count(4)
    context.close()
