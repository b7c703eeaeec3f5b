"""Load benchmark: the site served as `make run` serves it (gunicorn), under 1, 8 and 32 clients.

Prints requests/s and p50/p95/p99 of ordinary searches with 1 and 2 worker processes; then, under 32
clients, the ordinary p95 with and without one more client that repeats crafted queries (a hundred lone
characters, three hundred joined by OR, a hundred exclusions, 5,000 random characters); then each crafted
query's own time, over HTTP and inside the engine, and the article page's time.

    python bench/load.py --docs 20000 --workdir /tmp/load [--seconds 10] [--rounds 3] [--threads 4]

The index (`--docs` synthetic articles, bench/generate.py) is built once into WORKDIR and reused.
Both servers run at once and the configurations take turns for `--rounds` rounds, so a machine whose
other load changes during the run (a shared one) weighs on all of them alike.
Clients are threads of this process holding keep-alive connections; they share the machine's cores
with the server, so throughput figures are of server and clients together.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from bench.queries import QUERIES  # noqa: E402

HOST = "127.0.0.1"
COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"


def crafted(rng: random.Random) -> dict[str, str]:
    """The queries that once held the site for seconds each."""
    chars = [rng.choice(COMMON) for _ in range(300)]
    return {
        "100 single chars": " ".join(chars[:100]),
        "300 single chars OR": " OR ".join(chars),
        "100 exclusions": "氢能 " + " ".join(f"-{a}{b}" for a, b in zip(chars[:100], chars[100:200])),
        "5,000 random chars": "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(5000)),
    }


def ensure_index(workdir: Path, docs: int) -> Path:
    from search import indexer, slogans

    index = workdir / "index"
    manifest = index / "current" / "MANIFEST.json"
    if manifest.exists() and json.loads(manifest.read_text())["articles"] == docs:
        return index
    print(f"building a {docs:,}-article index in {index} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    indexer.build(generate(docs), index, procs=2, after_write=slogans.store)
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return index


class Server:
    """gunicorn as `make run` starts it, with the given number of worker processes."""

    def __init__(self, index: Path, workers: int, threads: int, port: int):
        self.port = port
        env = dict(os.environ, FLASK_INDEX_DIR=str(index), PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
             "--preload", "--bind", f"{HOST}:{port}", "--log-level", "warning", "web:create_app()"],
            cwd=ROOT, env=env, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:                    # each worker opens the engine on first use
            try:
                for _ in range(workers * 4):
                    get(Client(port), "/api/search?" + urlencode({"q": "氢能"}))
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("the server did not answer within 120 s")

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(30)


class Client:
    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=120)


def get(client: Client, path: str) -> tuple[int, float]:
    """(status, seconds) of one GET on the client's keep-alive connection, reconnecting once if closed."""
    for attempt in (0, 1):
        started = time.perf_counter()
        try:
            client.conn.request("GET", path)
            response = client.conn.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        except (http.client.HTTPException, ConnectionError):
            client.conn.close()
            if attempt:
                raise
    raise AssertionError("unreachable")


def search_path(q: str) -> str:
    return "/search?" + urlencode({"q": q})


def run(port: int, clients: int, seconds: float, attacker: list[str] | None = None) -> dict:
    """`clients` threads cycling the ordinary queries for `seconds`; with `attacker`, one more thread
    cycling those paths. Returns the ordinary requests' times (s), their errors and the run's length."""
    stop = threading.Event()
    times: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def ordinary(k: int):
        client, mine, bad, i = Client(port), [], [], k
        while not stop.is_set():
            status, took = get(client, search_path(QUERIES[i % len(QUERIES)]))
            (mine if status == 200 else bad).append(took if status == 200 else status)
            i += 1
        with lock:
            times.extend(mine)
            errors.extend(bad)

    def attack():
        client, i = Client(port), 0
        while not stop.is_set():
            get(client, attacker[i % len(attacker)])
            i += 1

    threads = [threading.Thread(target=ordinary, args=(k,)) for k in range(clients)]
    if attacker:
        threads.append(threading.Thread(target=attack))
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    return {"times": times, "errors": len(errors), "seconds": time.perf_counter() - started}


def summary(runs: list[dict]) -> dict:
    """Requests/s and percentiles (ms) over the rounds of one configuration taken together."""
    times = sorted(t for r in runs for t in r["times"])
    q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    return {"requests": len(times), "errors": sum(r["errors"] for r in runs),
            "rps": len(times) / sum(r["seconds"] for r in runs),
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}


def row(label: str, r: dict) -> str:
    return (f"| {label} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | "
            f"{r['requests']} | {r['errors']} |")


def crafted_times(port: int, index: Path, queries: dict[str, str], rounds: int = 3) -> list[str]:
    from search.engine import Engine

    engine = Engine(index)
    client, lines = Client(port), []
    for name, q in queries.items():
        http_ms, engine_ms, statuses = [], [], set()
        for _ in range(rounds):
            status, took = get(client, search_path(q))
            statuses.add(status)
            http_ms.append(took * 1000)
            started = time.perf_counter()
            result = engine.search(q)
            engine_ms.append((time.perf_counter() - started) * 1000)
        lines.append(f"| {name} | {'/'.join(map(str, sorted(statuses)))} | {statistics.median(http_ms):.0f} | "
                     f"{statistics.median(engine_ms):.0f} | {result.total} |")
    engine.close()
    return lines


def article_page_ms(port: int, index: Path, n: int = 50) -> float:
    from search.engine import Engine

    engine = Engine(index)
    ids = [h.id for h in engine.search("发展", per_page=n).hits]
    engine.close()
    client = Client(port)
    get(client, f"/articles/{ids[0]}")
    return statistics.median(get(client, f"/articles/{i}")[1] for i in ids) * 1000


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/load"))
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each timed run")
    ap.add_argument("--threads", type=int, default=4, help="threads per worker process")
    ap.add_argument("--port", type=int, default=5077)
    ap.add_argument("--clients", default="1,8,32")
    ap.add_argument("--processes", default="1,2")
    ap.add_argument("--rounds", type=int, default=3, help="runs per configuration, interleaved")
    args = ap.parse_args(argv)
    index = ensure_index(args.workdir, args.docs)
    clients = [int(c) for c in args.clients.split(",")]
    processes = [int(p) for p in args.processes.split(",")]
    queries = crafted(random.Random(0))
    attack = [search_path(q) for q in queries.values()]
    most = max(clients)
    print(f"{args.docs:,} articles, {os.cpu_count()} cores, {args.threads} threads per process, "
          f"{args.rounds} interleaved runs of {args.seconds:g} s per line\n")
    # Every server is up at once and the configurations take turns, round after round, so a change in
    # what else the machine is doing falls on all of them alike.
    servers = {w: Server(index, w, args.threads, args.port + k) for k, w in enumerate(processes)}
    try:
        plain: dict = {(w, n): [] for w in processes for n in clients}
        mixed: dict = {(w, a): [] for w in processes for a in (False, True)}
        for _ in range(args.rounds):
            for n in clients:
                for w, server in servers.items():
                    plain[w, n].append(run(server.port, n, args.seconds))
            for w, server in servers.items():
                for a in (False, True):
                    mixed[w, a].append(run(server.port, most, args.seconds, attack if a else None))
        last = servers[processes[-1]]
        tail = (crafted_times(last.port, index, queries), article_page_ms(last.port, index))
    finally:
        for server in servers.values():
            server.stop()
    print("| processes, clients | requests/s | p50 ms | p95 ms | p99 ms | requests | errors |")
    print("|---|---|---|---|---|---|---|")
    for w in processes:
        for n in clients:
            print(row(f"{w}, {n}", summary(plain[w, n])))
    print(f"\nOrdinary searches under {most} clients, without and with one more client repeating the "
          "crafted queries:\n")
    print("| processes | crafted | requests/s | p50 ms | p95 ms | p99 ms | requests | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for w in processes:
        print(row(f"{w} | no", summary(mixed[w, False])))
        print(row(f"{w} | yes", summary(mixed[w, True])))
    print()
    for w in processes:
        ratio = summary(mixed[w, True])["p95"] / summary(mixed[w, False])["p95"]
        print(f"{w} process(es): ordinary p95 with crafted queries = {ratio:.2f}× without")
    if len(processes) > 1:
        one, two = (summary(plain[w, most] + mixed[w, False])["rps"] for w in (processes[0], processes[-1]))
        print(f"{processes[-1]} processes: {two / one:.2f}× the throughput of {processes[0]} under {most} "
              "clients (all plain runs at that load)")
    lines, article_ms = tail
    print("\nEach crafted query alone (median of 3), over HTTP and inside the engine:\n")
    print("| query | HTTP status | HTTP ms | engine ms | results |")
    print("|---|---|---|---|---|")
    print("\n".join(lines))
    print(f"\nArticle page (/articles/<id>, related articles included): median {article_ms:.1f} ms over 50")


if __name__ == "__main__":
    main()
