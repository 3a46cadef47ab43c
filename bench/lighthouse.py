"""Lighthouse on the ten main pages, mobile and desktop (``make lighthouse``; not a test).

    .venv/bin/python bench/lighthouse.py [--pages home-staff search …] [--form-factors mobile]

A fresh instance (the demo loaded, the search index built) served by gunicorn with two workers,
as ``make serve`` does; Lighthouse (npm registry, LIGHTHOUSE_VERSION, installed once into
build/lighthouse-<version>/, never committed) in Debian's Chromium (CHROME_PATH, default
/usr/bin/chromium). Signed-in pages get the session cookie of a sign-in made with requests,
passed with ``--extra-headers``; every page is asked a few times first (warm workers). Each page's
JSON and HTML reports and summary.md (the scores, the mobile paints, the machine's load) go to
artifacts/lighthouse/; with ``--runs N`` each page is measured N times and the median run (by
performance) is kept, as Lighthouse advises on a noisy machine.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_bench import ROOT, make_instance

from tests.resilience.crowd import Client

LIGHTHOUSE_VERSION = "12.8.2"
CACHE = ROOT / "build" / f"lighthouse-{LIGHTHOUSE_VERSION}"
OUT = ROOT / "artifacts" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")
SECRETARIAT, STAFF = "thuongtruc", "canbo"

# name: (what the page is, who asks, path; {document} and {exemplar} are filled in)
PAGES = {
    "home-staff": ("Trang chủ (cán bộ)", STAFF, "/"),
    "home-secretariat": ("Trang chủ (thường trực)", SECRETARIAT, "/"),
    "documents": ("Danh sách văn bản", SECRETARIAT, "/documents/"),
    "document": ("Một văn bản", SECRETARIAT, "/documents/{document}"),
    "exemplars": ("Danh sách điển hình", SECRETARIAT, "/exemplars/?queue=all"),
    "exemplar": ("Một điển hình", SECRETARIAT, "/exemplars/{exemplar}"),
    "honour-board": ("Bảng vinh danh", STAFF, "/exemplars/honour-board"),
    "search": ("Tìm kiếm «thi đua»", STAFF, "/search/?q=thi+%C4%91ua"),
    "supervision": ("Theo dõi, giám sát", SECRETARIAT, "/supervision/"),
    "login": ("Đăng nhập", None, "/login"),
}


def lighthouse_bin() -> Path:
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            [
                shutil.which("npm") or "npm",
                "install",
                "--prefix",
                str(CACHE),
                "--no-audit",
                "--no-fund",
                "--save-exact",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return binary


def run_lighthouse(binary: Path, url: str, out: Path, form_factor: str, cookie: str | None):
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        "--output=html",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    # Lighthouse now and then loses the trace on a busy machine (NO_NAVSTART): once more.
    for attempt in (1, 2):
        done = subprocess.run(command, check=attempt == 2, env=env, timeout=600)  # noqa: S603
        if done.returncode == 0:
            break
    report = json.loads(out.with_suffix(".report.json").read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    audits = report["audits"]
    scores["fcp"] = audits["first-contentful-paint"]["numericValue"] / 1000
    scores["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    scores["failed"] = sorted(
        key
        for key, audit in audits.items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    scores["version"] = report["lighthouseVersion"]
    return scores


def summary(results: dict, started: str, loads: list[str], version: str, runs: int) -> str:
    measured = f"the median of {runs} runs" if runs > 1 else "one run"
    lines = [
        f"Lighthouse {version} in {os.environ.get('CHROME_PATH', '/usr/bin/chromium')}, "
        f"{started}; gunicorn, 2 workers, SQLite, the demo data; {measured} per page; "
        f"`uptime` before: {loads[0]}; after: {loads[1]}.",
        "",
        "| Page | Performance mobile / desktop | Accessibility | Best practices "
        "| Mobile FCP / LCP (s) |",
        "|---|---|---|---|---|",
    ]
    for name, (label, _, _) in PAGES.items():
        got = results.get(name)
        if not got:
            continue
        mobile, desktop = got.get("mobile"), got.get("desktop")

        def pair(key, mobile=mobile, desktop=desktop):
            return " / ".join(str(r[key]) if r else "–" for r in (mobile, desktop))

        paints = f"{mobile['fcp']:.1f} / {mobile['lcp']:.1f}" if mobile else "–"
        lines.append(
            f"| {label} | {pair('performance')} | {pair('accessibility')} "
            f"| {pair('best-practices')} | {paints} |"
        )
    return "\n".join(lines) + "\n"


def uptime() -> str:
    uptime = shutil.which("uptime") or "/usr/bin/uptime"
    done = subprocess.run([uptime], capture_output=True, text=True, check=False)  # noqa: S603
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES))
    parser.add_argument(
        "--form-factors", nargs="+", choices=["mobile", "desktop"], default=["mobile", "desktop"]
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="runs per page and form factor; the median is kept"
    )
    args = parser.parse_args()
    binary = lighthouse_bin()
    OUT.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        live, _ = make_instance(Path(folder), "sqlite", "lighthouse", workers=2)
        try:
            live.flask("search", "reindex", timeout=900)
            live.start(worker=False)
            ids = {
                "document": live.scalar(
                    "SELECT id FROM document WHERE status = 'published' ORDER BY id LIMIT 1"
                ),
                "exemplar": live.scalar("SELECT id FROM exemplar ORDER BY id LIMIT 1"),
            }
            cookies = {}
            for username in (STAFF, SECRETARIAT):
                client = Client(live)
                client.login(username, live.accounts[username])
                cookies[username] = "; ".join(f"{c.name}={c.value}" for c in client.http.cookies)
            # Warm: each page twice per worker (templates compiled, the index opened), so that a
            # first request's start-up is not counted as the page's.
            for name in args.pages:
                _, who, path = PAGES[name]
                headers = {"Cookie": cookies[who]} if who else {}
                for _ in range(4):
                    requests.get(live.url(path.format(**ids)), headers=headers, timeout=120)
            time.sleep(2)
            loads = [uptime()]
            for name in args.pages:
                _, who, path = PAGES[name]
                url = live.url(path.format(**ids))
                for form_factor in args.form_factors:
                    runs = []
                    for run in range(args.runs):
                        suffix = f"-{run + 1}" if args.runs > 1 else ""
                        out = OUT / f"{name}-{form_factor}{suffix}"
                        runs.append(run_lighthouse(binary, url, out, form_factor, cookies.get(who)))
                    # The median run by performance (Lighthouse's advice for a noisy machine).
                    got = sorted(runs, key=lambda r: r["performance"])[len(runs) // 2]
                    results.setdefault(name, {})[form_factor] = got
                    print(
                        f"{name:18} {form_factor:8} "
                        + " ".join(f"{c}={got[c]}" for c in CATEGORIES)
                        + f" fcp={got['fcp']:.2f}s lcp={got['lcp']:.2f}s"
                        + (f" below 1: {', '.join(got['failed'])}" if got["failed"] else ""),
                        flush=True,
                    )
            loads.append(uptime())
        finally:
            live.dispose()
    version = next(iter(next(iter(results.values())).values()))["version"]
    text = summary(results, started, loads, version, args.runs)
    (OUT / "summary.md").write_text(text)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(text)


if __name__ == "__main__":
    main()
