"""/dashboard in a real browser (Debian's chromium, headless, driven by selenium through
chromedriver) against a running `motcua serve` with the demo year: the page asks nothing of
any other address (the browser's own network log), every chart is drawn, the numbers shown are
the API's, the language switch works, and it fits a phone's width. Screenshots are written to
var/artifacts/ (ignored by git)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import unavailable
from tests.serve_support import bare_environment, motcua_command, serving

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "artifacts"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture
def browser():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        unavailable("chromium", FileNotFoundError("apt-get install chromium chromium-driver"))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="motcua-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                 "--window-size=1280,2200"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def prepared(tmp_path: Path) -> None:
    """Migrate and load the demo data first, so that `serve` starts at once."""
    env = bare_environment(tmp_path / "data")
    for command in ("migrate", "seed-demo"):
        subprocess.run([motcua_command(), command], env=env, cwd=tmp_path, check=True,
                       capture_output=True, timeout=600)


def wait_ready(driver, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = driver.execute_script("return document.body.dataset.state")
        if state == "ready":
            return
        assert state != "failed", driver.find_element("id", "status").text
        time.sleep(0.2)
    pytest.fail("the dashboard did not finish loading")


def requested(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def shown_number(text: str, lang: str) -> float | None:
    """The number in a displayed value ("61,8 %", "1.234 đ", "4,21 / 5"; en: "1,234")."""
    if text.strip() == "—":
        return None
    number = text.split(" ")[0]
    number = (number.replace(".", "").replace(",", ".") if lang == "vi"
              else number.replace(",", ""))
    return float(number)


def check_numbers(driver, base: str, lang: str) -> dict:
    headers = {"Accept-Language": lang}
    api = httpx.get(f"{base}/v1/stats/indicators", headers=headers).json()
    for item in api["indicators"]:
        card = driver.find_element("css selector", f'.kpi[data-key="{item["key"]}"]')
        value = card.find_element("class name", "value").text
        assert shown_number(value, lang) == item["value"], (item["key"], value, item["value"])
        assert card.find_element("class name", "label").text == item["label"]
    cells = driver.find_elements("css selector", "#table-channels td")
    assert [c.get_attribute("data-value") for c in cells] == [
        "" if v is None else json.dumps(v).removesuffix(".0")
        for c in api["channels"] for v in (c["dossiers"], c["share"])]
    months = httpx.get(f"{base}/v1/stats/trend", headers=headers).json()["months"]
    rows = driver.find_elements("css selector", "#table-trend tbody tr")
    assert [r.find_element("css selector", "th").text for r in rows] == [
        m["month"] for m in months]
    first = [shown_number(td.text, lang) for td in rows[-1].find_elements("css selector", "td")]
    last = months[-1]
    assert first == [last["submitted"], last["online_share"], last["on_time_rate"],
                     last["paid_online_share"], last["satisfaction_rate"],
                     last["electronic_result_share"]]
    agencies = httpx.get(f"{base}/v1/stats/agencies", headers=headers).json()["agencies"]
    names = driver.find_elements("css selector", "#table-agencies tbody th")
    assert [n.text for n in names] == [a["name"] for a in agencies] and len(agencies) >= 3
    return api


def charts_drawn(driver) -> dict:
    return driver.execute_script("""
        const out = {};
        document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
          const chart = Chart.getChart(canvas);
          const pixels = canvas.getContext("2d")
            .getImageData(0, 0, canvas.width, canvas.height).data;
          let inked = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
          out[canvas.dataset.chart] = chart ? inked : -1;
        });
        return out;""")


def test_dashboard_in_chromium(browser, tmp_path):
    prepared(tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serving(tmp_path) as base:
        page = httpx.get(f"{base}/dashboard")
        assert page.status_code == 200
        assert "default-src 'self'" in page.headers["content-security-policy"]
        browser.get(f"{base}/dashboard")
        wait_ready(browser)
        assert browser.find_element("tag name", "h1").text == (
            "Chỉ số phục vụ người dân, doanh nghiệp")
        api = check_numbers(browser, base, "vi")
        assert [k["value"] for k in api["indicators"] if k["key"] == "submitted"][0] > 1000
        drawn = charts_drawn(browser)
        assert set(drawn) == {"channels", "trend", "agencies"}
        assert all(inked > 500 for inked in drawn.values()), drawn
        browser.save_screenshot(str(ARTIFACTS / "dashboard-vi.png"))

        browser.find_element("id", "lang-en").click()
        time.sleep(0.3)
        wait_ready(browser)
        assert browser.execute_script("return document.documentElement.lang") == "en"
        assert browser.find_element("tag name", "h1").text == "Public service indicators"
        check_numbers(browser, base, "en")
        assert all(inked > 500 for inked in charts_drawn(browser).values())
        browser.save_screenshot(str(ARTIFACTS / "dashboard-en.png"))

        # One agency over one quarter, through the filters.
        select = browser.find_element("id", "agency")
        select.find_element("css selector", 'option[value="000.00.05.H17"]').click()
        browser.find_element("id", "kind").find_element(
            "css selector", 'option[value="year"]').click()
        browser.find_element("css selector", "#filters button[type=submit]").click()
        time.sleep(0.3)
        wait_ready(browser)
        assert "Da Nang City Police" in browser.find_element("id", "scope").text

        # A phone's screen (390 CSS pixels wide, mobile): nothing wider than it; wide tables
        # scroll inside their own box.
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 390, "height": 2600, "deviceScaleFactor": 1, "mobile": True})
        time.sleep(1.0)
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")
        browser.save_screenshot(str(ARTIFACTS / "dashboard-phone.png"))

        urls = requested(browser)
        assert any("/dashboard/assets/vendor/chart.umd.min.js" in u for u in urls)
        assert any("/v1/stats/indicators" in u for u in urls)
        # Requests that could leave the machine (the browser's own chrome:// pages cannot).
        network = [u for u in urls if u.split(":", 1)[0] in ("http", "https", "ws", "wss")]
        assert network and [u for u in network if not u.startswith(base + "/")] == []
