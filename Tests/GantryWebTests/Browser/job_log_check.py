"""Drives the job page and the artifacts browser in headless Chromium through Selenium.

Called by JobLogBrowserTests with a JSON description of the server and its jobs; prints one line
`CHECK <name> ok|FAIL <detail>` per check and saves screenshots under the given folder. Every
wait is a poll with a deadline sized for a busy machine.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from selenium.webdriver.common.by import By

from browser_harness import BASE, check, driver, finish, no_script_ran, setup, shot, sign_in, until

PROJECT = setup["project"]
LIVE, BIG = setup["jobs"]["live"], setup["jobs"]["big"]


def job_path(job, rest=""):
    return f"/{PROJECT}/-/jobs/{job}{rest}"


def fetch_with_session(path):
    """GET with the browser's session cookie outside the browser: (status, headers, body)."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie, "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


try:
    # Signed out, the private project's job is a 404 page.
    driver.get(BASE + job_path(LIVE))
    check("signed-out visitor gets 404 for a private job", "404" in driver.title, driver.title)

    sign_in("root", setup["root_password"])
    driver.get(BASE + job_path(LIVE))

    # --- The running job's page: colours, escaping, a collapsed section with its duration.
    log = until("the log", lambda: driver.find_element(By.ID, "log"))
    until("the section to end", lambda: driver.find_elements(By.CSS_SELECTOR, "#log [data-closes='prepare_step']"), 60)
    red = driver.find_elements(By.CSS_SELECTOR, "#log span.term-fg-1")
    check("ANSI red is a coloured span", any("red text" in r.text for r in red), [r.text for r in red])
    check("script in a log line shows as text", "<script>window.__xss=1</script>" in log.text, log.text[:500])
    no_script_ran("job page")
    head = driver.find_element(By.CSS_SELECTOR, "#log .section-head[data-section='prepare_step']")
    inside = [l for l in driver.find_elements(By.CSS_SELECTOR, "#log .ll") if "inside the section" in l.get_attribute("textContent")][0]
    check("a collapsed=true section starts collapsed", not inside.is_displayed() and "Preparing things" in head.text, head.text)
    duration = until("the section duration", lambda: head.find_element(By.CSS_SELECTOR, ".section-duration").text, 30)
    check("the section shows its duration", duration and ":" in duration, duration)
    head.find_element(By.CSS_SELECTOR, "button.toggle").click()
    check("expanding the section shows its lines", until("the line to show", inside.is_displayed, 10),
          head.find_element(By.CSS_SELECTOR, "button.toggle").get_attribute("aria-expanded"))
    first = driver.find_element(By.CSS_SELECTOR, "#log .ll a.ln")
    check("lines have numbered anchors", first.text == "1" and first.get_attribute("href").endswith("#L1"), first.get_attribute("href"))
    details = driver.find_element(By.CSS_SELECTOR, "dl.details").text
    check("job details show stage, ref and runner", "test" in details and "main" in details and "Runner" in details, details)
    shot("job-running")

    # --- A line the job writes now reaches the page without a reload.
    driver.execute_script("window.__same_page = true")
    open(setup["gate"], "w").close()
    started = time.time()
    grew = until("the new line", lambda: "line written after the page opened" in driver.find_element(By.ID, "log").text, 60)
    check("a new line appears without a reload", grew and driver.execute_script("return window.__same_page === true"),
          driver.find_element(By.ID, "log").text[-300:])
    print(f"line reached the page {time.time() - started:.2f}s after the gate opened", file=sys.stderr, flush=True)
    finished = until("the job to finish", lambda: "finished" in driver.find_element(By.CSS_SELECTOR, ".log-state").text, 90)
    check("the page sees the job finish", finished, driver.find_element(By.CSS_SELECTOR, ".log-state").text)
    until("the status badge", lambda: driver.find_element(By.CSS_SELECTOR, ".job-header .status").get_attribute("data-status") == "success", 60)
    shot("job-finished")

    # --- Raw log.
    status, headers, body = fetch_with_session(job_path(LIVE, "/raw"))
    check("raw log is text", status == 200 and headers.get("Content-Type", "").startswith("text/plain")
          and b"line written after the page opened" in body, (status, headers.get("Content-Type")))

    # --- Numbers from the request cannot break the log endpoint (or the server).
    status, headers, _ = fetch_with_session(job_path(LIVE, "/log?after=0&line=9223372036854775807&open=a%20b%22%3E%3Cx"))
    check("a huge line number is answered, a markup section name dropped", status == 200 and headers.get("X-Log-Open") == "a",
          (status, headers.get("X-Log-Open")))
    status, _, _ = fetch_with_session(job_path(LIVE, "/log?before=-5"))
    check("a negative offset is answered", status == 200, status)

    # --- Artifacts: browse, an odd file name stays text, an HTML report runs sandboxed.
    driver.get(BASE + job_path(LIVE, "/artifacts/browse/public"))
    names = driver.find_element(By.CSS_SELECTOR, "main table").text
    check("artifacts browser lists the folder", "index.html" in names and "nested/" in names, names)
    check("an artifact's odd name shows as text", '"><img src=x onerror=window.__xss=1>.txt' in names, names)
    no_script_ran("artifacts browser")
    shot("artifacts-browse")
    driver.find_element(By.LINK_TEXT, "nested/").click()
    check("a nested folder opens", "notes.txt" in driver.find_element(By.CSS_SELECTOR, "main table").text)
    status, headers, body = fetch_with_session(job_path(LIVE, "/artifacts/raw/public/nested/notes.txt"))
    check("one file downloads", status == 200 and body == b"nested file"
          and "attachment" in headers.get("Content-Disposition", ""), (status, headers))
    status, headers, body = fetch_with_session(job_path(LIVE, "/artifacts/download"))
    check("the whole zip downloads", status == 200 and body[:2] == b"PK", status)
    status, _, _ = fetch_with_session(job_path(LIVE, "/artifacts/raw/public/../public/index.html"))
    check("a path with .. finds nothing", status == 404, status)

    driver.get(BASE + job_path(LIVE))
    driver.find_element(By.CSS_SELECTOR, "nav[aria-label=Reports]").find_element(By.LINK_TEXT, "public/index.html").click()
    until("the report page", lambda: "/artifacts/file/public/index.html" in driver.current_url, 30)
    frame = driver.find_element(By.CSS_SELECTOR, "iframe.report")
    check("the report frame is sandboxed without scripts", frame.get_attribute("sandbox") == "", frame.get_attribute("sandbox"))
    driver.switch_to.frame(frame)
    body_text = until("the report", lambda: driver.find_element(By.ID, "content").text, 30)
    check("the report shows in the frame", body_text == "Report body", body_text)
    check("the report's script did not run", driver.title != "ran", driver.title)
    driver.switch_to.default_content()
    no_script_ran("report page")
    shot("artifact-report")
    status, headers, _ = fetch_with_session(job_path(LIVE, "/artifacts/preview/public/index.html"))
    policy = headers.get("Content-Security-Policy", "")
    check("the report is served with a sandbox policy", status == 200 and policy.startswith("sandbox")
          and "default-src 'none'" in policy and "script-src" not in policy, policy)

    # --- A 50 MB log: the page carries the tail only; earlier parts load on demand.
    status, _, page = fetch_with_session(job_path(BIG))
    _, _, raw = fetch_with_session(job_path(BIG, "/raw"))
    last = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", raw.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode())
    print(f"50 MB log: {len(raw)} bytes, ends with {last[-80:]!r}", file=sys.stderr, flush=True)
    check("a 50 MB log's page stays small and ends with the log's last line",
          status == 200 and len(raw) > 40_000_000 and len(page) < 2_000_000 and last.encode() in page, (status, len(page), len(raw)))
    print(f"50 MB log page: {len(page)} bytes of HTML", file=sys.stderr, flush=True)
    started = time.time()
    driver.get(BASE + job_path(BIG))
    print(f"50 MB log page loaded in {time.time() - started:.2f}s", file=sys.stderr, flush=True)
    count = len(driver.find_elements(By.CSS_SELECTOR, "#log .ll"))
    first_number = int(driver.find_element(By.CSS_SELECTOR, "#log .ll a.ln").text)
    check("the tail starts deep in the log", first_number > 100000, first_number)
    shot("job-big-log")
    driver.find_element(By.CSS_SELECTOR, "button.log-earlier").click()
    more = until("earlier lines", lambda: len(driver.find_elements(By.CSS_SELECTOR, "#log .ll")) > count, 60)
    earlier_number = int(driver.find_element(By.CSS_SELECTOR, "#log .ll a.ln").text)
    check("earlier lines load on demand with their numbers", more and earlier_number < first_number
          and earlier_number == first_number - (len(driver.find_elements(By.CSS_SELECTOR, "#log .ll")) - count),
          (earlier_number, first_number))

    # --- Packages: a wheel uploaded with twine shows with its files, sha256 and install line.
    folder = tempfile.mkdtemp()
    wheel = os.path.join(folder, "weblog_demo-1.0.0-py3-none-any.whl")
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("weblog_demo/__init__.py", "")
        z.writestr("weblog_demo-1.0.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: weblog-demo\nVersion: 1.0.0\n")
        z.writestr("weblog_demo-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr("weblog_demo-1.0.0.dist-info/RECORD", "")
    digest = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
    twine = os.path.join(os.path.dirname(sys.executable), "twine")
    upload = subprocess.run([twine, "upload", "--repository-url", f"{BASE}/api/v4/projects/{urllib.parse.quote(PROJECT, safe='')}/packages/pypi",
                             "-u", "root", "-p", setup["token"], wheel], capture_output=True, text=True,
                            env=dict(os.environ, TWINE_NON_INTERACTIVE="1", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring"))
    check("twine uploads a wheel", upload.returncode == 0, upload.stdout + upload.stderr)
    driver.get(BASE + f"/{PROJECT}/-/packages")
    text = driver.find_element(By.TAG_NAME, "main").text
    check("packages page lists the package, version, file and sha256",
          "weblog-demo" in text and "1.0.0" in text and "weblog_demo-1.0.0-py3-none-any.whl" in text and digest in text, text)
    line = driver.find_element(By.ID, "pip-project").get_attribute("value")
    check("packages page shows the pip install line", line.startswith("pip install --index-url ") and "/packages/pypi/simple" in line
          and line.endswith("weblog-demo"), line)
    check("and the group's index", "/api/v4/groups/" in driver.find_element(By.ID, "pip-group").get_attribute("value"))
    shot("packages")

    # --- CI/CD variables: a masked value goes in and never comes back to the browser.
    secret = "masked-value-7f3a9c"
    driver.get(BASE + f"/{PROJECT}/-/settings/ci_cd")
    driver.find_element(By.ID, "new-key").send_keys("DEPLOY_TOKEN")
    driver.find_element(By.ID, "new-value").send_keys(secret)
    driver.find_element(By.CSS_SELECTOR, "form[aria-label='Add a variable'] input[name=masked]").click()
    driver.find_element(By.CSS_SELECTOR, "form[aria-label='Add a variable'] button[type=submit]").click()
    until("the variable", lambda: "DEPLOY_TOKEN" in driver.find_element(By.CSS_SELECTOR, "table.variables").text, 30)
    check("a masked variable is added from the page", "DEPLOY_TOKEN" in driver.find_element(By.CSS_SELECTOR, "table.variables").text)
    check("its value is not in the page source", secret not in driver.page_source)
    _, _, source = fetch_with_session(f"/{PROJECT}/-/settings/ci_cd")
    check("nor in the raw HTML", secret.encode() not in source)
    def api_variable():
        request = urllib.request.Request(f"{BASE}/api/v4/projects/{urllib.parse.quote(PROJECT, safe='')}/variables/DEPLOY_TOKEN",
                                         headers={"PRIVATE-TOKEN": setup["token"]})
        try:
            with urllib.request.urlopen(request) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            return {"status": error.code}
    stored = api_variable()
    check("the API has the value, masked", stored.get("value") == secret and stored.get("masked") is True, stored)
    shot("settings-ci-cd")
    form = driver.find_element(By.CSS_SELECTOR, "form[aria-label='Variable DEPLOY_TOKEN']")
    form.find_element(By.NAME, "description").send_keys("for deploys")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    until("the save", lambda: api_variable().get("description") == "for deploys", 30)
    stored = api_variable()
    check("editing without a value keeps the masked value", stored.get("value") == secret and stored.get("description") == "for deploys", stored)
    driver.get(BASE + f"/{PROJECT}/-/settings/ci_cd")
    driver.find_element(By.CSS_SELECTOR, "form[aria-label='Add a variable'] #new-key").send_keys("SHORT")
    driver.find_element(By.ID, "new-value").send_keys("short")
    driver.find_element(By.CSS_SELECTOR, "form[aria-label='Add a variable'] input[name=masked]").click()
    driver.find_element(By.CSS_SELECTOR, "form[aria-label='Add a variable'] button[type=submit]").click()
    alert = until("the error", lambda: driver.find_element(By.CSS_SELECTOR, "[role=alert]").text, 30)
    check("a too short masked value is refused with GitLab's message", alert and "value" in alert and "invalid" in alert, alert)
    driver.get(BASE + f"/{PROJECT}/-/settings/ci_cd")
    driver.find_element(By.XPATH, "//button[text()='Delete DEPLOY_TOKEN']").click()
    until("the delete", lambda: api_variable().get("status") == 404, 30)
    check("a variable is deleted from the page", api_variable().get("status") == 404)

    # --- Administrators' pages.
    driver.get(BASE + "/admin/runners")
    check("admin sees the runners", driver.find_elements(By.CSS_SELECTOR, "main tbody tr"), driver.title)
    driver.get(BASE + "/admin/users")
    check("admin sees the users", "dev" in driver.find_element(By.TAG_NAME, "main").text)
    shot("admin-users")

    # --- A Developer reads the job but not the settings or the admin pages.
    driver.delete_all_cookies()
    sign_in(*setup["developer"])
    driver.get(BASE + job_path(LIVE))
    check("a Developer reads the job log", "line written after the page opened" in driver.find_element(By.ID, "log").text)
    driver.get(BASE + f"/{PROJECT}/-/settings/ci_cd")
    check("a Developer cannot open the CI/CD settings", "404" in driver.title, driver.title)
    driver.get(BASE + "/admin/users")
    check("a Developer cannot open the admin pages", "404" in driver.title, driver.title)
finally:
    driver.quit()

finish()
