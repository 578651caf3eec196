"""The workbench's speed (run by hand): latencies of the document list, a document view (every
annotation layer), a concordance's first page, the live charts, the discourse network and the
semantic system (their first request, which computes them, then the kept result), and 20
simulated coders saving codings at once for a minute, on a
copy of an annotated project (the project itself is not touched). The server runs in its own
process (``discursus serve``); the reference, measured in the same run, is the app's static
stylesheet: what the server and the network cost alone.

    python bench/workbench.py PROJECT [--word peace] [--coders 20] [--seconds 60]

Goals (issue 17): list, document and concordance under 300 ms; no write lost.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

import discursus

PASSWORD = "bench-pass-0123"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--word", default="peace")
    parser.add_argument("--coders", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "project"
        shutil.copytree(args.project, copy, ignore=shutil.ignore_patterns("logs", ".lock"))
        project = discursus.open_project(copy)
        names = ["owner", *(f"coder{k}" for k in range(args.coders))]
        for name in names:
            project.add_user(name, PASSWORD, "owner" if name == "owner" else "coder")
        before = len(project.codings())
        port = _free_port()
        said = open(Path(folder) / "server.log", "w+")  # noqa: SIM115 (the server's to write)
        server = subprocess.Popen(
            [sys.executable, "-m", "discursus", "serve", "-p", str(copy), "--port", str(port),
             "--no-warm"],  # the first requests compute what they show
            stdout=subprocess.DEVNULL, stderr=said,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base)
            client = _signed_in(base, "owner")
            doc = int(project.documents().id.iloc[len(project.documents()) // 2])
            pages = {
                "static stylesheet (reference)": "/static/workbench.css",
                "document list": "/",
                "document view": f"/docs/{doc}",
                f"concordance of {args.word!r}": f"/?q={args.word}",
                "charts": "/charts",
                "discourse network": "/explore",
                "semantic system": "/explore/semantic",
            }
            reference = None
            for label, url in pages.items():
                if label in ("charts", "discourse network", "semantic system"):
                    began = time.perf_counter()
                    client.get(url).raise_for_status()
                    first = (time.perf_counter() - began) * 1000
                    print(f"{label + ', first request':32s} {first:9.1f} ms (computes it)")
                times = _timed(client, url, args.requests)
                p50, p95 = _quantiles(times)
                reference = reference or p50
                print(f"{label:32s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                      f"({p50 / reference:5.1f}x the reference)")  # fmt: skip
            saved, failed, latencies = _coders(base, names[1:], doc, project, args.seconds)
            after = len(project.codings())
            p50, p95 = _quantiles(latencies)
            print(f"{args.coders} coders for {args.seconds:.0f} s: {saved} codings saved, "
                  f"{sum(failed.values())} refused {failed or ''}; "
                  f"save p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
                  f"longest {max(latencies, default=0):.0f} ms")  # fmt: skip
            lost = saved - (after - before)
            print(f"stored: {after - before} new codings; lost writes: {lost}")
        finally:
            server.terminate()
            server.wait(timeout=10)
            said.seek(0)
            errors = said.read().strip()
            said.close()
            if errors:  # what the server said of a refused write
                print("the server said:\n" + "\n".join(errors.splitlines()[-40:]))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(base: str) -> None:
    for _ in range(300):
        try:
            httpx.get(f"{base}/login", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def _signed_in(base: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=600)  # a first network: a minute
    page = client.get("/login")
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page.text).group(1)
    client.post("/login", data={"name": name, "password": PASSWORD, "nonce": nonce})
    return client


def _timed(client: httpx.Client, url: str, n: int) -> list[float]:
    client.get(url)  # warm
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return times


def _quantiles(times: list[float]) -> tuple[float, float]:
    if len(times) < 2:
        return (times[0], times[0]) if times else (0.0, 0.0)
    cuts = statistics.quantiles(times, n=20)
    return statistics.median(times), cuts[18]


def _coders(base: str, names: list[str], doc: int, project, seconds: float):
    """Each coder, in a thread of its own, codes the document's passages one after another
    until the time is up (a bounded loop: one request at a time each)."""
    text = project.document(doc)["text"]
    saved, failed, latencies = [0], {}, []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(name: str, offset: int) -> None:
        client = _signed_in(base, name)
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(f"/docs/{doc}").text)
        k = offset
        while time.perf_counter() < deadline:
            start = (k * 37) % max(1, len(text) - 40)
            began = time.perf_counter()
            try:
                response = client.post(f"/docs/{doc}/codings", data={
                    "csrf": csrf.group(1), "code": f"bench {name}", "start": start,
                    "end": start + 30}, follow_redirects=False)  # fmt: skip
                why = None if response.status_code == 303 else f"HTTP {response.status_code}"
            except httpx.HTTPError as error:  # a dropped connection: refused, not lost
                why = type(error).__name__
            took = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(took)
                if why is None:
                    saved[0] += 1
                else:
                    failed[why] = failed.get(why, 0) + 1
            k += 1

    threads = [threading.Thread(target=work, args=(name, i)) for i, name in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return saved[0], failed, latencies


if __name__ == "__main__":
    main()
