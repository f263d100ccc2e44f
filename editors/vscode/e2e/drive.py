"""Drives code-server in Debian's Chromium, as a user would: open the example project, see the
HT101 squiggle on the SCHEMA_ONLY line, hover it, open the quick-fix menu (Ctrl+.), apply
the fix, save, and check the file on disk. A screenshot of each step goes to SHOTS.

    python drive.py URL PROJECT_DIR SHOTS_DIR
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

TABLE = "Tables/dbo.BillingUsageLedger_InMemory.sql"


def browser() -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,900",
    ):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Steps:
    def __init__(self, driver: WebDriver, shots: Path) -> None:
        self.driver = driver
        self.shots = shots
        self.n = 0

    def shot(self, name: str) -> None:
        self.n += 1
        path = self.shots / f"{self.n:02d}-{name}.png"
        self.driver.save_screenshot(str(path))
        print(f"screenshot: {path}", flush=True)

    def wait(self, what: str, predicate, timeout: float = 60):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2).until(
                lambda d: predicate(d)
            )
        except TimeoutException:
            self.shot(f"timeout-{what.replace(' ', '-')}")
            raise SystemExit(f"FAIL: timed out waiting for {what}") from None

    def keys(self, *keys: str, ctrl: bool = False) -> None:
        chain = ActionChains(self.driver)
        if ctrl:
            chain.key_down(Keys.CONTROL)
        for k in keys:
            chain.send_keys(k)
        if ctrl:
            chain.key_up(Keys.CONTROL)
        chain.perform()


def visible(driver: WebDriver, css: str) -> list[WebElement]:
    return [e for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]


def editor_text(driver: WebDriver) -> str:
    return "\n".join(e.text for e in visible(driver, ".editor-instance .view-lines"))


def main() -> int:
    url, project, shots = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    shots.mkdir(parents=True, exist_ok=True)
    driver = browser()
    s = Steps(driver, shots)
    try:
        driver.get(f"{url}/?folder={project}")
        s.wait("the workbench", lambda d: visible(d, ".monaco-workbench .part.editor"), 120)
        time.sleep(2)  # let the explorer settle
        s.shot("workbench")

        s.keys("p", ctrl=True)
        s.wait("quick open", lambda d: visible(d, ".quick-input-widget input"))
        s.keys("dbo.BillingUsageLedger_InMemory.sql")
        time.sleep(1)
        s.keys(Keys.ENTER)
        s.wait("the table file", lambda d: "SCHEMA_ONLY" in editor_text(d))

        squiggles = s.wait(
            "the HT101 squiggle", lambda d: visible(d, ".squiggly-error") or None, 120
        )
        s.shot("squiggle-on-schema-only")

        ActionChains(driver).move_to_element(squiggles[0]).perform()
        hover = s.wait(
            "the hover",
            lambda d: [h for h in visible(d, ".monaco-hover") if "HT101" in h.text] or None,
        )
        print(f"hover: {hover[0].text.splitlines()[0]}", flush=True)
        s.shot("hover")

        # The caret onto the squiggle (a click where it is lands on the text beneath).
        s.keys(Keys.ESCAPE)
        squiggle = visible(driver, ".squiggly-error")[0]
        ActionChains(driver).move_to_element(squiggle).click().perform()
        s.keys(Keys.ESCAPE)
        s.keys(".", ctrl=True)
        menu = s.wait(
            "the quick-fix menu",
            lambda d: [m for m in visible(d, ".action-widget") if "HT101" in m.text] or None,
        )
        s.shot("quick-fix-menu")
        rows = menu[0].find_elements(By.CSS_SELECTOR, ".monaco-list-row")
        (item,) = [r for r in rows if r.text.strip().startswith("HT101:")]
        print(f"quick fix: {item.text.strip()}", flush=True)
        ActionChains(driver).move_to_element(item).click().perform()
        s.wait("the fixed line", lambda d: "SCHEMA_AND_DATA" in editor_text(d))
        s.shot("fixed")

        s.keys("s", ctrl=True)
        target = project / TABLE
        s.wait(
            "the file on disk",
            lambda d: "DURABILITY = SCHEMA_AND_DATA" in target.read_text("utf-8") or None,
        )
        s.wait("the squiggle to go", lambda d: not visible(d, ".squiggly-error"))
        s.shot("saved")
        print("PASS: the file on disk says DURABILITY = SCHEMA_AND_DATA", flush=True)
        return 0
    finally:
        driver.quit()


if __name__ == "__main__":
    raise SystemExit(main())
