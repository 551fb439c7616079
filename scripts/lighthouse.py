"""Lighthouse over the demo's five page types, mobile and desktop, against a running server; prints a score table.

Outside the test suite: it needs Lighthouse from npm (not a project dependency) and Chromium.

    npm install --prefix /some/dir lighthouse     # once, outside the repository
    make run                                      # or the production settings, see the README
    LIGHTHOUSE=/some/dir/node_modules/.bin/lighthouse make lighthouse   # LIGHTHOUSE_URL=http://host:port

Without LIGHTHOUSE it runs `lighthouse` from PATH, else `npx --yes lighthouse`. CHROME_PATH defaults to
/usr/bin/chromium. Prints each page's four scores with LCP, TBT and CLS and the binary audits that fail; the JSON
reports go to var/lighthouse/<timestamp>/. Exit status 1 when any score is below 100. Mobile performance is measured
with a 4x CPU slowdown, so a loaded machine can cost it a point or two: rerun that page (LIGHTHOUSE_PAGES).
"""

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

# The demo's pages (manage.py load_demo); LIGHTHOUSE_PAGES="name=/path/ name=/path/" measures others.
PAGES = {
    "home": "/en/",
    "programme": "/en/schools/ku-leuven/master-of-european-social-security/",
    "finder": "/en/programmes/",
    "event": "/en/schools/ku-leuven/online-open-day/",
    "school": "/en/schools/ku-leuven/",
}
FORM_FACTORS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    " --disable-sync --no-first-run"
)
ROOT = Path(__file__).resolve().parent.parent


def lighthouse_command() -> list[str]:
    if os.environ.get("LIGHTHOUSE"):
        return [os.environ["LIGHTHOUSE"]]
    if shutil.which("lighthouse"):
        return ["lighthouse"]
    return ["npx", "--yes", "lighthouse"]


def pages() -> dict[str, str]:
    if not os.environ.get("LIGHTHOUSE_PAGES"):
        return PAGES
    return dict(item.split("=", 1) for item in os.environ["LIGHTHOUSE_PAGES"].split())


def run(url: str, form_factor: str, report: Path) -> dict:
    command = [*lighthouse_command(), url, "--quiet", "--output=json", f"--output-path={report}"]
    command += [f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for _ in range(2):  # Chromium sometimes fails to start on a loaded machine: one more try
        finished = subprocess.run(command, env=env, capture_output=True, text=True)
        if finished.returncode == 0:
            return json.loads(report.read_text())
    sys.exit(f"Lighthouse failed on {url} ({form_factor}):\n{finished.stderr[-2000:]}")


def summary(result: dict) -> dict:
    scores = {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    audits = result["audits"]
    scores["lcp"] = audits["largest-contentful-paint"]["displayValue"]
    scores["tbt"] = audits["total-blocking-time"]["displayValue"]
    scores["cls"] = audits["cumulative-layout-shift"]["displayValue"]
    scores["failing"] = [
        key
        for key, audit in audits.items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores


def main() -> int:
    base_url = os.environ.get("LIGHTHOUSE_URL", "http://127.0.0.1:8000").rstrip("/")
    out = ROOT / "var" / "lighthouse" / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out.mkdir(parents=True, exist_ok=True)
    header = f"{'page':<10} {'form':<8} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4}  {'LCP':>7} {'TBT':>7} {'CLS':>6}"
    rows = [header]
    print(header, flush=True)
    below = False
    for name, path in pages().items():
        for form_factor in FORM_FACTORS:
            s = summary(run(base_url + path, form_factor, out / f"{name}-{form_factor}.json"))
            below |= any(s[category] < 100 for category in CATEGORIES)
            row = f"{name:<10} {form_factor:<8} " + " ".join(f"{s[c]:>4}" for c in CATEGORIES)
            row += f"  {s['lcp']:>7} {s['tbt']:>7} {s['cls']:>6}"
            print(row + (f"  failing: {', '.join(s['failing'])}" if s["failing"] else ""), flush=True)
            rows.append(row)
    (out / "scores.txt").write_text("\n".join(rows) + "\n")
    print("", *rows, f"Reports: {out.relative_to(ROOT)}/", sep="\n")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
