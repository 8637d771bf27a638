"""`make bench-scales`: the report of two scales measured side by side."""

from klynge.hub.bench import scales
from klynge.hub.bench.pages import FLOOR, Page, Result


def result(name, latencies, rates, round_p50=()):
    return Result(name, latencies=list(latencies), rates=list(rates), round_p50=list(round_p50))


def test_growth_is_the_median_of_the_rounds_quotients_and_ratios_use_each_floor():
    """Three rounds; in the second the machine was busy while the larger scale was measured
    (quotient 3): the median leaves that round out, as the pooled p50s (20 -> 22) would not."""
    small = {
        FLOOR: result(FLOOR, [4] * 9, [800]),
        "side": result("side", [10, 20, 30], [100], round_p50=[20, 10, 30]),
    }
    large = {
        FLOOR: result(FLOOR, [5] * 9, [400]),
        "side": result("side", [20, 22, 90], [80], round_p50=[21, 30, 30]),
    }
    report = scales.report("sqlite", [1, 10], [small, large])
    assert report["floor_rps"] == [800, 400] and report["floor_p50_ms"] == [4, 5]
    (page,) = report["pages"]
    assert page == {"name": "side", "p50_ms": [20, 22], "growth": 1.05, "ratio": [0.125, 0.2]}
    lines = scales.table(report)
    assert lines[0].startswith("Skala 1 og 10 side om side, sqlite")
    assert lines[2].split() == ["side", "20.0", "22.0", "1.05", "0.125/0.200"]
    assert lines[-1] == "median ×: 1.05"


def test_a_plan_holds_each_page_with_its_cookie():
    pages = [Page("a", "/a/"), Page("b", "/b/")]
    plan = scales.plan_of(pages, {"a": "s=1", "b": ""}, "s=2", 10)
    assert plan == {
        "scale": 10,
        "floor_cookie": "s=2",
        "pages": [
            {"name": "a", "path": "/a/", "cookie": "s=1"},
            {"name": "b", "path": "/b/", "cookie": ""},
        ],
    }
