"""Drives the web UI in headless Chromium (Debian's chromium + chromium-driver) through Selenium.

Called by WebUIBrowserTests with a JSON description of the server and what it pushed; prints
one line `CHECK <name> ok|FAIL <detail>` per check, and saves a screenshot of each page under
the given folder. Every wait is a poll with a deadline sized for a busy machine.
"""
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

from browser_harness import BASE, check, driver, finish, no_script_ran, open_page, say, setup, shot, sign_in, until


def submit_and_wait(button):
    """Clicks a form's button and waits for the page the POST leads to (a new document)."""
    driver.execute_script("window.__oldPage = 1")
    button.click()
    until("the page after the form", lambda: driver.execute_script("return window.__oldPage === undefined"), 60)
    until("the page to load", lambda: driver.execute_script("return document.readyState") == "complete", 60)


def statuses_on_page():
    return [e.get_attribute("data-status") for e in driver.find_elements(By.CSS_SELECTOR, "tbody .status")]


def post(path, fields, cookies=None, follow=False):
    """A POST outside the browser (an attacker's page or script), answering (status, headers)."""
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(BASE + path, data=data, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"})
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def sign_in_form_token():
    """GET the sign-in form outside the browser: its token and the cookie it came with."""
    with urllib.request.urlopen(BASE + "/users/sign_in") as response:
        cookie = [v for k, v in response.headers.items() if k.lower() == "set-cookie" and v.startswith("_gantry_sign_in=")][0]
        body = response.read().decode()
    token_cookie = cookie.split(";")[0].split("=", 1)[1]
    token = body.split('name="authenticity_token" value="', 1)[1].split('"', 1)[0]
    return token, token_cookie


try:
    # --- Signed out: public groups and projects only.
    open_page("/")
    shot("dashboard-signed-out")
    text = driver.find_element(By.TAG_NAME, "main").text
    check("signed-out sees public project", "beta/lib" in text, text)
    check("signed-out does not see private projects", "alpha/app" not in text and "beta/secret" not in text, text)
    open_page("/alpha/app")
    shot("not-found")
    check("private project is a 404 page for visitors", "404" in driver.title, driver.title)
    open_page("/" + setup["public_project"])
    check("public project page opens signed out", setup["public_project"] in driver.find_element(By.TAG_NAME, "main").text)

    # --- The sign-in form refuses posts without its token (login CSRF), and never redirects off-site.
    status, _ = post("/users/sign_in", {"username": "root", "password": setup["root_password"]})
    check("sign-in without CSRF token is refused", status == 422, status)
    token, cookie = sign_in_form_token()
    for evil in ["//evil.example/x", "https://evil.example/", "/\\evil.example"]:
        status, headers = post("/users/sign_in", {"authenticity_token": token, "username": "root",
                                                  "password": setup["root_password"], "redirect_to": evil},
                               cookies={"_gantry_sign_in": cookie})
        check(f"sign-in redirect_to {evil} stays on the server", status == 303 and headers.get("Location") == "/",
              (status, headers.get("Location")))
        token, cookie = sign_in_form_token()

    # --- Brute force: ten wrong passwords lock the name, even for the right password after.
    for attempt in range(10):
        status, _ = post("/users/sign_in", {"authenticity_token": token, "username": setup["target_user"], "password": f"wrong-{attempt}"},
                         cookies={"_gantry_sign_in": cookie})
        if status != 401:
            check("wrong password is refused", False, status)
    status, _ = post("/users/sign_in", {"authenticity_token": token, "username": setup["target_user"],
                                        "password": setup["target_password"]}, cookies={"_gantry_sign_in": cookie})
    check("after ten failures the right password is refused too (throttled)", status == 429, status)

    # --- Session fixation: a session id planted before sign-in never becomes a signed-in one.
    open_page("/users/sign_in")
    shot("sign-in")
    driver.add_cookie({"name": "_gantry_session", "value": "planted-by-attacker-0123456789", "path": "/"})
    sign_in("root", setup["root_password"], "/users/sign_in?redirect_to=" + urllib.parse.quote("/" + setup["public_project"]))
    session = driver.get_cookie("_gantry_session")
    check("sign-in makes a new session id", session and session["value"] != "planted-by-attacker-0123456789", session)
    check("session cookie is HttpOnly and SameSite=Lax", session and session.get("httpOnly") and session.get("sameSite") == "Lax",
          session)
    check("sign-in returns to redirect_to", driver.current_url == BASE + "/" + setup["public_project"], driver.current_url)
    with urllib.request.urlopen(urllib.request.Request(BASE + "/", headers={"Cookie": "_gantry_session=planted-by-attacker-0123456789"})) as r:
        check("the planted id is not signed in", "Sign out" not in r.read().decode())
    cookies = {"_gantry_session": session["value"]}

    # --- The dashboard: both groups, every kind of pipeline, failing first.
    def dashboard_complete():
        open_page("/")
        found = set(statuses_on_page())
        return found >= {"success", "failed", "running", "manual"} and found
    found = until("the dashboard to show passing, failing, running and manual pipelines", dashboard_complete, 240)
    shot("dashboard")
    check("dashboard shows passing, failing, running and manual pipelines", found, statuses_on_page())
    groups = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "section.group-block h2")]
    check("dashboard shows both groups", len(groups) == 2 and any("alpha" in g for g in groups) and any("beta" in g for g in groups), groups)
    alpha_rows = driver.find_elements(By.CSS_SELECTOR, "section.group-block")[0].find_elements(By.CSS_SELECTOR, "tbody tr")
    check("failing projects come first", alpha_rows[0].find_element(By.CSS_SELECTOR, ".status").get_attribute("data-status") == "failed",
          [r.text for r in alpha_rows])
    times = driver.find_elements(By.CSS_SELECTOR, "time[datetime]")
    check("times are shown in the viewer's zone", times and "UTC" not in times[0].text and times[0].get_attribute("title"),
          times[0].text if times else None)
    no_script_ran("dashboard")

    open_page("/groups/alpha")
    shot("group")
    check("group page lists its projects", "alpha/app" in driver.find_element(By.TAG_NAME, "main").text)
    open_page("/alpha")
    check("group page at /<group path>", "alpha/deploy" in driver.find_element(By.TAG_NAME, "main").text)

    # --- A project and its pipelines, with the XSS payloads of the branch, job and commit.
    open_page("/alpha/app")
    shot("project")
    check("project page shows the clone URL", driver.find_element(By.ID, "clone-url").get_attribute("value") == BASE + "/alpha/app.git")
    check("project page lists the payload branch as text", setup["xss_branch"] in driver.find_element(By.TAG_NAME, "main").text)
    no_script_ran("project")
    open_page("/alpha/app/-/pipelines")
    shot("pipelines")
    check("pipelines list shows the branch name as text", setup["xss_branch"] in driver.find_element(By.TAG_NAME, "main").text)
    no_script_ran("pipelines")
    open_page("/alpha/app/-/pipelines?status=failed")
    check("status filter", set(statuses_on_page()) == {"failed"}, statuses_on_page())

    app = setup["pipelines"]["app"]
    open_page(f"/alpha/app/-/pipelines/{setup['pipelines']['xss']}")
    shot("pipeline-payloads")
    main = driver.find_element(By.TAG_NAME, "main").text
    check("job name payload is shown as text", setup["xss_job"] in main, main)
    check("commit message payload is shown as text", "<script>window.__xss=1</script>" in main, main)
    no_script_ran("pipeline")

    open_page(f"/alpha/app/-/pipelines/{app}")
    until("the failing pipeline to settle", lambda: driver.find_element(By.CSS_SELECTOR, ".pipeline-header").get_attribute("data-status") == "failed", 240)
    shot("pipeline")
    edges = until("needs: edges to be drawn", lambda: len(driver.find_elements(By.CSS_SELECTOR, "svg.edges path")), 20)
    check("needs: edges are drawn", edges and edges >= 2, edges)
    open_page(f"/alpha/app/-/pipelines/{app}/failures")
    shot("pipeline-failures")
    check("failed jobs tab lists the failed jobs", "unit" in driver.find_element(By.TAG_NAME, "main").text)
    open_page(f"/alpha/app/-/pipelines/{app}/test_report")
    shot("pipeline-tests")
    report = driver.find_element(By.TAG_NAME, "main").text
    check("test report shows the failing case with its message", "boom" in report and "2 tests" in report, report)
    no_script_ran("test report")

    # --- A CSRF-less POST of a signed-in browser's cookie is refused.
    flaky = driver.execute_script("return null")
    open_page(f"/alpha/app/-/pipelines/{app}")
    flaky_box = driver.find_element(By.CSS_SELECTOR, ".job[data-name='flaky']")
    flaky_id = flaky_box.get_attribute("data-job")
    status, _ = post(f"/alpha/app/-/jobs/{flaky_id}/retry", {}, cookies=cookies)
    check("retry without CSRF token is refused", status == 422, status)
    status, _ = post(f"/alpha/app/-/jobs/{flaky_id}/retry", {"authenticity_token": "guessed"}, cookies=cookies)
    check("retry with a wrong CSRF token is refused", status == 422, status)

    # --- Retry the failed job from the page; it turns green without a reload.
    submit_and_wait(flaky_box.find_element(By.XPATH, ".//button[text()='Retry']"))
    driver.execute_script("window.__stillHere = 1")
    green = until("the retried job to pass", lambda: driver.find_element(By.CSS_SELECTOR, ".job[data-name='flaky']").get_attribute("data-status") == "success", 240)
    shot("pipeline-after-retry")
    check("retried job passes on the page without reload", green and driver.execute_script("return window.__stillHere === 1"))
    retried = driver.find_element(By.CSS_SELECTOR, ".job[data-name='flaky']").text
    check("retry count is shown", "retried 1" in retried, retried)

    # --- Play the manual job from the page.
    deploy = setup["pipelines"]["deploy"]
    open_page(f"/alpha/deploy/-/pipelines/{deploy}")
    until("the manual pipeline to block", lambda: driver.find_element(By.CSS_SELECTOR, ".job[data-name='deploy']").get_attribute("data-status") == "manual", 240)
    shot("pipeline-manual")
    submit_and_wait(driver.find_element(By.CSS_SELECTOR, ".job[data-name='deploy']").find_element(By.XPATH, ".//button[text()='Play']"))
    driver.execute_script("window.__stillHere = 1")
    done = until("the played job to pass", lambda: driver.find_element(By.CSS_SELECTOR, ".pipeline-header").get_attribute("data-status") == "success", 240)
    check("played manual job runs and the pipeline passes, without reload", done and driver.execute_script("return window.__stillHere === 1"))

    # --- A running pipeline turns green while the page is open.
    slow = setup["pipelines"]["slow"]
    open_page(f"/beta/slow/-/pipelines/{slow}")
    until("the slow job to run", lambda: driver.find_element(By.CSS_SELECTOR, ".job[data-name='wait']").get_attribute("data-status") == "running", 240)
    shot("pipeline-running")
    driver.execute_script("window.__stillHere = 1")
    pipeline_tab = driver.current_window_handle
    driver.switch_to.new_window("tab")
    open_page("/")
    dashboard_tab = driver.current_window_handle
    slow_row = lambda: driver.find_element(By.CSS_SELECTOR, "tr[data-project='beta/slow'] .status").get_attribute("data-status")
    check("dashboard shows the slow pipeline running", slow_row() == "running", slow_row())
    driver.execute_script("window.__stillHere = 1")
    driver.switch_to.window(pipeline_tab)
    open(setup["gate"], "w").close()
    green = until("the graph to turn green", lambda: driver.find_element(By.CSS_SELECTOR, ".pipeline-header").get_attribute("data-status") == "success", 240)
    shot("pipeline-green")
    boxes = [b.get_attribute("data-status") for b in driver.find_elements(By.CSS_SELECTOR, ".job")]
    check("pipeline graph turns green without reload", green and set(boxes) == {"success"} and driver.execute_script("return window.__stillHere === 1"),
          boxes)
    driver.switch_to.window(dashboard_tab)
    passed = until("the dashboard row to turn green", lambda: slow_row() == "success", 120)
    shot("dashboard-live")
    check("dashboard updates live without reload", passed and driver.execute_script("return window.__stillHere === 1"), slow_row())
    driver.close()
    driver.switch_to.window(pipeline_tab)
    with urllib.request.urlopen(BASE + "/beta/slow/badges/main/pipeline.svg") as r:
        badge = r.read().decode()
        check("pipeline badge", r.headers["Content-Type"] == "image/svg+xml" and "passed" in badge, badge[:200])

    # --- Sign out: the session ends.
    open_page("/")
    driver.find_element(By.CSS_SELECTOR, "form[action='/users/sign_out'] button").click()
    until("sign out", lambda: "Sign in" in driver.find_element(By.CSS_SELECTOR, "header").text, 30)
    with urllib.request.urlopen(urllib.request.Request(BASE + "/", headers={"Cookie": f"_gantry_session={cookies['_gantry_session']}"})) as r:
        check("the old session cookie no longer signs in", "Sign out" not in r.read().decode())

    # --- Someone who is no member: sees public projects only, and may not act on them.
    sign_in(setup["outsider_user"], setup["outsider_password"])
    open_page("/")
    shot("dashboard-outsider")
    text = driver.find_element(By.TAG_NAME, "main").text
    check("a non-member sees public projects only", "beta/lib" in text and "alpha/app" not in text and "beta/secret" not in text, text)
    open_page("/alpha/app/-/pipelines")
    check("a non-member gets 404 for a private project's pipelines", "404" in driver.title, driver.title)
    open_page(f"/beta/lib/-/pipelines/{setup['pipelines']['lib']}")
    check("a non-member sees no action buttons", not driver.find_elements(By.CSS_SELECTOR, "form[action*='/retry'], form[action*='/play']"))
    outsider = {"_gantry_session": driver.get_cookie("_gantry_session")["value"]}
    token = driver.find_element(By.CSS_SELECTOR, "form[action='/users/sign_out'] input[name=authenticity_token]").get_attribute("value")
    lib_job = setup["lib_job"]
    status, _ = post(f"/beta/lib/-/jobs/{lib_job}/retry", {"authenticity_token": token}, cookies=outsider)
    check("a non-member's retry on a public project is refused (403)", status == 403, status)
    status, _ = post(f"/alpha/app/-/jobs/{flaky_id}/retry", {"authenticity_token": token}, cookies=outsider)
    check("a non-member's retry on a private project is a 404", status == 404, status)
finally:
    driver.quit()

finish()
