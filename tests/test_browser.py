"""The web front end in headless Chromium, driving the real server (gunicorn, as `make run`
starts it) on the seed index.

No skips: without /usr/bin/chromium these tests fail. Set UPDATE_SCREENSHOT=1 to write docs/screenshot.png
(the README's picture); otherwise the screenshot goes to a temporary folder, so a test run changes no file.
"""
from __future__ import annotations

import csv
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


def test_date_control_narrows_to_a_range_and_says_what_it_left_out(page, server, seed_articles):
    inside = sum(1 for a in seed_articles if a.date and "2011" <= a.date[:4] <= "2018")
    undated = sum(1 for a in seed_articles if not a.date)
    page.goto(server + "/search")
    page.fill("#date-from", "2011")
    page.fill("#date-to", "2018")
    page.get_by_role("button", name="按日期筛选").click()
    page.wait_for_url(re.compile(r"from=2011"))
    assert query(page.url)["to"] == ["2018"]
    assert total(page) == inside
    expect(page.locator("p.undated")).to_contain_text(f"不包括 {undated} 篇无日期的报道")
    expect(page.locator("#date-from")).to_have_value("2011")
    page.get_by_label("包括无日期的报道").check()
    page.get_by_role("button", name="按日期筛选").click()
    page.wait_for_url(re.compile(r"undated=include"))
    assert total(page) == inside + undated
    page.locator(".chips a.chip", has_text="2011 至 2018").click()      # the chip removes the range
    page.wait_for_load_state()
    assert "from" not in query(page.url) and total(page) == len(seed_articles)


def test_click_a_year_to_see_its_months_then_a_month_to_filter(page, server, seed_articles):
    year_total = sum(1 for a in seed_articles if (a.date or "").startswith("2018"))
    august = sum(1 for a in seed_articles if (a.date or "").startswith("2018-08"))
    page.goto(server + "/search")
    expect(page.locator(".months-heading")).to_have_count(0)
    page.locator("ul.years a", has_text="2018").click()
    page.wait_for_url(re.compile(r"year=2018"))
    expect(page.locator(".months-heading")).to_have_text(f"2018 年各月（{year_total} 篇）")
    months = page.locator("ul.months li")
    expect(months).to_have_count(12)
    counts = [int(months.nth(i).locator(".count").inner_text().split()[0]) for i in range(12)]
    assert sum(counts) == year_total == total(page)
    page.locator("ul.months a", has_text="8月").click()
    page.wait_for_url(re.compile(r"month=2018-08"))
    assert "year" not in query(page.url) and total(page) == august
    expect(page.locator("ul.months a.selected")).to_contain_text("8月")


def test_pinyin_suggestion_for_a_district_searches_its_filter(page, server, seed_articles):
    in_jinshui = sum(1 for a in seed_articles if "金水区" in a.districts)
    page.goto(server + "/")
    box = page.locator("#q")
    box.press_sequentially("jinshui", delay=30)
    first = page.get_by_role("listbox").get_by_role("option").first
    expect(first).to_contain_text("金水区")
    expect(first).to_contain_text("区县")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert query(page.url)["q"] == ["district:金水区"]
    assert total(page) == in_jinshui


# ---------------------------------------------------------------- research views

def _screenshot(page, name: str, tmp_path) -> None:
    """docs/NAME with UPDATE_SCREENSHOT=1 (the README's pictures of trends and KWIC), else a temporary file."""
    folder = SCREENSHOT.parent if os.environ.get("UPDATE_SCREENSHOT") else tmp_path
    page.screenshot(path=folder / name, full_page=True)


def test_two_term_trend_chart_with_a_working_point_link(page, server, tmp_path):
    page.goto(server + "/trends?q=郑州&q=社区&measure=count")
    series = page.locator("figure.chart svg.trend g.series")
    expect(series).to_have_count(2)
    for i in range(2):
        expect(series.nth(i).locator("polyline").first).to_be_attached()
    expect(page.locator("table.trend-table thead th")).to_have_count(4)      # period, all articles, two queries
    _screenshot(page, "trends.png", tmp_path)
    covered = {(c.get_attribute("cx"), c.get_attribute("cy")) for c in series.nth(1).locator("circle").all()}
    point = next(a for a in series.first.locator("a").all()              # a point the other series does not hide
                 if (a.locator("circle").get_attribute("cx"), a.locator("circle").get_attribute("cy")) not in covered)
    shown = int(re.search(r"：(\d+) 篇", point.locator("title").text_content()).group(1))
    point.click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert query(page.url)["q"] == ["郑州"] and len(query(page.url)["year"]) == 1
    assert total(page) == shown
    page.set_viewport_size(PHONE)
    page.goto(server + "/trends?q=郑州&q=社区")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("figure.chart svg.trend").bounding_box()["width"] <= PHONE["width"]


def test_kwic_sorts_by_right_context(page, server, tmp_path):
    page.goto(server + f'/kwic?q="{SLOGAN}"')
    expect(page.locator("table.concordance tbody tr").first).to_be_visible()
    page.get_by_role("link", name="按右侧").click()
    page.wait_for_url(re.compile("sort_by=right"))
    expect(page.locator('.sort [aria-current="true"]')).to_have_text("按右侧")
    rights = [" ".join(t.split()) for t in page.locator("td.right").all_inner_texts()]
    assert len(rights) == int(page.locator("#kwic-total").inner_text()) > 1
    assert rights == sorted(rights)
    _screenshot(page, "kwic.png", tmp_path)
    line = page.locator("td.match a").first
    anchor = line.get_attribute("href").split("#")[1]
    line.click()
    page.wait_for_url(re.compile("/articles/"))
    target = page.locator(f"mark#{anchor}")
    expect(target).to_have_text(SLOGAN)
    expect(target).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).outlineStyle") == "solid"
    expect(page.locator("#copy-citation")).to_be_visible()              # shown by cite.js


def test_export_link_downloads_every_row(page, server):
    page.goto(server + "/search?q=郑州")
    shown = total(page)
    with page.expect_download() as info:
        page.locator("#export-csv").click()
    path = info.value.path()
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == shown > 10                                       # more than one results page
    assert info.value.suggested_filename == "export.csv"
