"""20 concurrent chat clients through gradio_client against app.py on localhost, bounded in count.

Each client asks ``requests_per_client`` questions from the gold set; the figure is the wall time of
each request as a client sees it (queue included), and the number of failed requests.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(index: Path, questions: list[str], clients: int = 20, requests_per_client: int = 5) -> dict[str, Any]:
    from gradio_client import Client

    port = free_port()
    app = subprocess.Popen([sys.executable, "app.py", "--index", str(index), "--port", str(port)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or app.poll() is not None:
                    raise RuntimeError("the app did not start") from None
                time.sleep(0.5)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def client(n: int) -> None:
            c = Client(url, verbose=False)
            for i in range(requests_per_client):
                question = questions[(n * requests_per_client + i) % len(questions)]
                t = time.perf_counter()
                try:
                    chat, _sources, _transcript, _cleared = c.predict(question, [], "", 6, 3, api_name="/respond")
                    ok = len(chat) == 2
                except Exception as exc:  # any failure a user would see counts
                    ok, question = False, f"{question}: {exc}"
                with lock:
                    (latencies if ok else errors).append(time.perf_counter() - t if ok else question)  # type: ignore[arg-type]

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        wall = time.perf_counter() - began
    finally:
        app.terminate()
        app.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0.0] * 99
    return {
        "clients": clients, "requests": clients * requests_per_client, "ok": len(latencies),
        "errors": len(errors), "p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1),
        "throughput_per_s": round(len(latencies) / wall, 1), "first_errors": errors[:3],
    }
