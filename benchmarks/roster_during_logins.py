"""Upload a large roster to a running server while four people log in, as in issue 12.

    make run            # or: bin/run-dev — the development server and a Celery worker, demo data seeded
    .venv/bin/python benchmarks/roster_during_logins.py [--students 19900] [--url http://127.0.0.1:8000]

Logs in as the demo organizer, starts four logins of other demo accounts (password kejijie2026) 3, 5, 7 and
9 s later, uploads a roster of --students students (built as benchmarks/import_roster.py builds it, into the
demo school), follows the import's page until it is imported, and prints how long the upload request and
the import took and how each login went. The students it creates stay in the demo school: use a throw-away
database (KEJIJIE_VAR_DIR=/tmp/somewhere for the server, the worker and seed_demo). A second run imports the
same file again (everything unchanged).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request
import uuid

from import_roster import build_roster

LOGINS = [("t0302", 3), ("t0801", 5), ("judge", 7), ("20240201", 9)]


class Browser:
    def __init__(self, base: str) -> None:
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=700) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, body: bytes, content_type: str) -> str:
        headers = {"Content-Type": content_type, "Referer": self.base + path}
        with self.opener.open(urllib.request.Request(self.base + path, data=body, headers=headers), timeout=700) as r:
            return r.geturl()

    def login(self, username: str, password: str = "kejijie2026") -> bool:
        self.get("/accounts/login/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()}
        body = urllib.parse.urlencode(form).encode()
        return "/accounts/login/" not in self.post("/accounts/login/", body, "application/x-www-form-urlencoded")


def multipart(csrf: str, name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return body + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=19_900)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    args = parser.parse_args()

    content = build_roster(args.students)
    organizer = Browser(args.url)
    assert organizer.login("organizer"), "the demo organizer cannot log in: run seed_demo"
    organizer.get("/roster/")

    results: list[tuple[str, int, str, float]] = []

    def someone(username: str, delay: int) -> None:
        time.sleep(delay)
        start = time.perf_counter()
        try:
            outcome = "logged in" if Browser(args.url).login(username) else "refused"
        except Exception as exc:  # a 500 from "database is locked"
            outcome = f"failed: {exc}"
        results.append((username, delay, outcome, time.perf_counter() - start))

    threads = [threading.Thread(target=someone, args=login) for login in LOGINS]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    body, content_type = multipart(organizer.csrf(), "大名单.xlsx", content)
    page = organizer.post("/roster/", body, content_type)
    print(f"upload request: {time.perf_counter() - start:.2f} s")
    while True:
        _url, html = organizer.get(urllib.parse.urlparse(page).path)
        state = re.search(r'data-state="(\w+)"', html)
        if not state or state.group(1) not in ("queued", "running"):
            break
        time.sleep(1)
    print(f"imported ({state.group(1) if state else 'within the request'}): {time.perf_counter() - start:.1f} s")
    for thread in threads:
        thread.join()
    for username, delay, outcome, took in results:
        print(f"login {username:<9} at {delay} s: {outcome} in {took:.2f} s")


if __name__ == "__main__":
    main()
