"""What the browser checks share: the setup the Swift test passes as JSON, one line
`CHECK <name> ok|FAIL <detail>` per check, polls with deadlines sized for a busy machine, Debian's
headless Chromium through Selenium, screenshots, signing in, and the check that nothing injected ran.
"""
import json
import os
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

setup = json.loads(sys.argv[1])
BASE = setup["url"]
SHOTS = setup["screenshots"]
PATIENCE = setup["patience"]
os.makedirs(SHOTS, exist_ok=True)
failures = []


def check(name, ok, detail=""):
    print(f"CHECK {name} {'ok' if ok else 'FAIL ' + str(detail)}", flush=True)
    if not ok:
        failures.append(name)


def say(line):
    print(line, file=sys.stderr, flush=True)


def until(what, predicate, seconds=60):
    deadline = time.time() + seconds * PATIENCE
    said = time.time()
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # the page may be between two live updates
            last = error
        if time.time() - said > 20:
            say(f"still waiting for {what}")
            said = time.time()
        time.sleep(0.25)
    return None


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(60 * PATIENCE)


def shot(name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def open_page(path):
    driver.get(BASE + path)


def no_script_ran(page):
    """The payloads set window.__xss or open an alert if they ever run; escaped, they are text."""
    try:
        driver.switch_to.alert.accept()
        check(f"no-alert {page}", False, "an alert was open")
    except NoAlertPresentException:
        check(f"no-alert {page}", True)
    flag = driver.execute_script("return window.__xss === undefined")
    injected = driver.execute_script(
        "return document.querySelectorAll('img[onerror], [onerror], script:not([src])').length")
    check(f"no-injected-markup {page}", flag and injected == 0, f"flag unset: {flag}, injected elements: {injected}")


def sign_in(username, password, path="/users/sign_in"):
    open_page(path)
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/users/sign_in'] button[type=submit]").click()
    until("the sign-in to finish", lambda: "/users/sign_in" not in driver.current_url, 30)


def finish():
    """The last line the Swift test reads, and the exit status."""
    print("RESULT", "fail" if failures else "pass", json.dumps(failures))
    sys.exit(1 if failures else 0)
