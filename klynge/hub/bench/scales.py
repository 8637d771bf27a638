"""The key pages at two scales in one run: each page's p50 on little and on much data, measured
side by side so that the machine's drift between two runs does not count as growth.

Two servers (gunicorn on each scale's database) answer in turn: in each round, for each page,
the floor and the page on the first, then the floor and the page on the second. A page's growth
is the median over the rounds of its two p50s' quotient in that round: the two bursts are
seconds apart, so a round the machine was busy elsewhere moves both. A plan (`bench
--plan-only`) gives each scale's pages, paths and logged-in cookies.
"""

import json
import statistics

from klynge.hub.bench.pages import FLOOR, Result, burst


def plan_of(pages, cookies: dict, floor_cookie: str, scale: int) -> dict:
    pages = [{"name": p.name, "path": p.path, "cookie": cookies[p.name]} for p in pages]
    return {"scale": scale, "floor_cookie": floor_cookie, "pages": pages}


def measure(servers: list[tuple[int, dict]], clients: int, seconds: float, rounds: int) -> list:
    """`servers`: (port, plan) per scale, the same pages in the same order. The results per
    server: {page name (and FLOOR): Result}."""
    results = [{FLOOR: Result(FLOOR)} | {p["name"]: Result(p["name"]) for p in plan["pages"]}
               for _port, plan in servers]  # fmt: skip
    for port, plan in servers:  # warm every worker: imports, templates, connections
        for page in plan["pages"]:
            burst(port, page["path"], page["cookie"], clients, 0.2, Result("warm-up"))
    names = [page["name"] for page in servers[0][1]["pages"]]
    for _round in range(rounds):
        for i, name in enumerate(names):
            for (port, plan), result in zip(servers, results, strict=True):
                page = plan["pages"][i]
                burst(
                    port, "/bench/floor/", plan["floor_cookie"], clients, seconds / 2, result[FLOOR]
                )
                this = Result(name)
                burst(port, page["path"], page["cookie"], clients, seconds, this)
                result[name].latencies.extend(this.latencies)
                result[name].rates.extend(this.rates)
                result[name].round_p50.append(this.percentile(50))
    return results


def report(database: str, scales: list[int], results: list) -> dict:
    floors = [r[FLOOR] for r in results]
    pages = []
    for name in results[0]:
        if name == FLOOR:
            continue
        p50 = [r[name].percentile(50) for r in results]
        quotients = [b / a for a, b in zip(*(r[name].round_p50 for r in results), strict=True) if a]
        pages.append(
            {
                "name": name,
                "p50_ms": [round(v, 1) for v in p50],
                "growth": round(statistics.median(quotients), 2) if quotients else None,
                "ratio": [
                    round(r[name].rps / f.rps, 3) if f.rps else 0
                    for r, f in zip(results, floors, strict=True)
                ],
            }
        )
    return {
        "database": database,
        "scales": scales,
        "floor_rps": [round(f.rps, 1) for f in floors],
        "floor_p50_ms": [round(f.percentile(50), 1) for f in floors],
        "pages": pages,
    }


def table(report: dict) -> list[str]:
    a, b = report["scales"]
    width = max(len(page["name"]) for page in report["pages"])
    lines = [
        f"Skala {a} og {b} side om side, {report['database']}; gulv "
        f"{report['floor_rps'][0]} / {report['floor_rps'][1]} req/s "
        f"(p50 {report['floor_p50_ms'][0]} / {report['floor_p50_ms'][1]} ms)",
        f"{'side'.ljust(width)}  {'p50 s' + str(a):>8}  {'p50 s' + str(b):>8}  {'×':>5}  "
        f"{'× gulv':>13}",
    ]
    for page in report["pages"]:
        (p, q), (r, s) = page["p50_ms"], page["ratio"]
        lines.append(
            f"{page['name'].ljust(width)}  {p:>8.1f}  {q:>8.1f}  {page['growth']:>5.2f}  "
            f"{r:>6.3f}/{s:<6.3f}"
        )
    lines.append(f"median ×: {statistics.median(p['growth'] for p in report['pages']):.2f}")
    return lines


def dump(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False)
