#!/usr/bin/python3
"""`cnsim serve` in a real headless browser (Debian's chromium driven by
python3-selenium and chromium-driver; issue 17): every page loads with
the disclaimer and no script error; the taper form filled for clonazepam
1 mg bid gives the schedule `cnsim taper ... --format json` gives, with
its figure; the interactions page lists the CLI's findings. Screenshots
go to $CNSIM_BINARY_DIR/test-artifacts/serve (or /tmp).
Usage: browser.py CNSIM"""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import Server, cli  # noqa: E402

EXE = sys.argv[1]
ART = os.path.join(os.environ.get("CNSIM_BINARY_DIR", "/tmp"), "test-artifacts", "serve")
os.makedirs(ART, exist_ok=True)
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def js_fmt(x, digits=4):
    """The page's fmt(): Number(x.toPrecision(4)).toString()."""
    if x is None:
        return "–"
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    v = float("%.*g" % (digits, x))
    return str(int(v)) if v.is_integer() else repr(v)


opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
          "--no-first-run", "--disable-extensions", "--disable-background-networking"):
    opts.add_argument(a)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})

s = Server(EXE, "--quiet")
drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
drv.set_page_load_timeout(60)
wait = WebDriverWait(drv, 60)
base = "http://127.0.0.1:%d" % s.port
try:
    for path, heading in (("/", "cnsim"), ("/simulate", "Simulate"), ("/taper", "Taper"),
                          ("/interactions", "Interactions"), ("/bridge", "Bridge"), ("/drug", "Drug")):
        drv.get(base + path)
        h1 = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
        disc = drv.find_element(By.CSS_SELECTOR, ".disclaimer")
        check(h1.text == heading and disc.is_displayed() and "not medical advice" in disc.text,
              "%s loads with its heading and the disclaimer" % path)
        if path == "/simulate":
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#simulate-figure svg")))
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#summary tbody tr")))
            check(len(drv.find_elements(By.CSS_SELECTOR, "#summary tbody tr")) >= 2,
                  "/simulate draws its figure and its summary for two drugs")
        if path == "/interactions":
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#respiratory")))
            n = len(drv.find_elements(By.CSS_SELECTOR, "#interact-result .finding"))
            rc, out, _ = cli(EXE, "interact", "clonazepam:1mg", "oxycodone:20mg", "--format", "json")
            check(n == len(json.loads(out)["findings"]) > 0, "/interactions shows the CLI's %d findings" % n)
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#interact-figure svg")))
            check(drv.find_element(By.CSS_SELECTOR, "#interact-figure svg").size["height"] > 200,
                  "/interactions draws the ventilation curves")
        if path == "/bridge":
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#scores tbody tr")))
            check("Weeks to response" in drv.find_element(By.ID, "bridge-summary").text, "/bridge shows its result")
        if path == "/drug":
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#pk tbody tr")))
            check(len(drv.find_elements(By.CSS_SELECTOR, "#drug-result ol li")) > 3, "/drug lists the record's sources")
        drv.save_screenshot(os.path.join(ART, (path.strip("/") or "home") + ".png"))

    # the acceptance: the taper form for clonazepam 1 mg bid
    drv.get(base + "/taper")
    form = wait.until(EC.presence_of_element_located((By.ID, "taper-form")))
    for name, value in (("drug", "clonazepam"), ("from", "1 mg bid")):
        box = form.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)
    Select(form.find_element(By.NAME, "method")).select_by_value("proportional")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#schedule tbody tr")))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#taper-figure svg")))
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in drv.find_elements(By.CSS_SELECTOR, "#schedule tbody tr")]
    rc, out, err = cli(EXE, "taper", "--drug", "clonazepam", "--from", "1 mg bid", "--method", "proportional",
                       "--format", "json")
    plan = json.loads(out)
    want = [[js_fmt(r["day"]), js_fmt(r["daily_dose_mg"])] for r in plan["schedule"]]
    check(len(rows) == len(want) and [r[:2] for r in rows] == want,
          "the taper form gives the CLI's schedule (%d steps, days and daily doses)" % len(want))
    first = plan["schedule"][0]["doses"][0]
    check(rows and first["measure"] in rows[0][2] and first["product"] in rows[0][2],
          "the first step's 08:00 dose reads as the CLI's (%s of %s)" % (first["measure"], first["product"]))
    check(len(drv.find_elements(By.CSS_SELECTOR, "#dispense tbody tr")) > 0, "the pharmacy table is there")
    svg = drv.find_element(By.CSS_SELECTOR, "#taper-figure svg")
    check(svg.size["width"] > 300 and svg.size["height"] > 200, "the taper figure is drawn (%dx%d)" %
          (svg.size["width"], svg.size["height"]))
    drv.save_screenshot(os.path.join(ART, "taper-filled.png"))

    # keyboard: the form's fields are reachable with Tab and labelled
    labels = drv.find_elements(By.CSS_SELECTOR, "#taper-form label")
    check(len(labels) >= 5 and all(l.find_elements(By.CSS_SELECTOR, "input, select") for l in labels),
          "every field of the taper form has its label")

    severe = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
    check(not severe, "no script error or blocked resource in the console (%s)" % (severe[:2],))

    # `cnsim report` of the demo scenario, opened offline (a file, no server)
    report = os.path.join(ART, "demo-report.html")
    rc, out, err = cli(EXE, "report", "--out", report)
    check(rc == 0, "cnsim report of the demo scenario exits 0")
    drv.get("file://" + report)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "figure svg")))
    svgs = drv.find_elements(By.CSS_SELECTOR, "svg")
    check(svgs and all(e.is_displayed() and e.size["width"] > 300 and e.size["height"] > 200 for e in svgs),
          "the report's %d figure(s) are visible offline" % len(svgs))
    check("not a prescribing tool" in drv.find_element(By.CSS_SELECTOR, ".disclaimer").text,
          "the report carries the disclaimer")
    drv.save_screenshot(os.path.join(ART, "demo-report.png"))
    pdf = drv.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})
    check(len(pdf.get("data", "")) > 10000, "the report prints to A4 (PDF through the browser)")
finally:
    drv.quit()
    s.stop()

print("%d failed; screenshots in %s" % (len(failures), ART))
sys.exit(1 if failures else 0)
