"""`make mutation`: mutation testing (mutmut) of the rules, one module at a time against its own
tests, with the score per module. Survivors listed in mutation/equivalent.toml (with why) are
equivalent mutants and left out of the score. Slow: not part of `make test` or CI.

    uv run python mutation/run.py               # every module
    uv run python mutation/run.py money-rules   # one
"""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
TARGET = 90.0

MODULES = {
    "money-rules": (
        "klynge/money/rules.py",
        ["klynge/money/tests/test_rules.py", "klynge/money/tests/test_rules_edges.py"],
    ),
    "lib-money": ("klynge/lib/money.py", ["klynge/lib/tests/test_money.py"]),
    "ydernummer": ("klynge/clusters/ydernummer.py", ["klynge/members/tests/test_ydernummer.py"]),
    "dates": ("klynge/year/dates.py", ["klynge/year/tests/test_dates.py"]),
    "answer-links": ("klynge/meetings/tokens.py", ["klynge/meetings/tests/test_tokens.py"]),
    "privacy-rules": ("klynge/privacy/rules.py", ["klynge/privacy/tests/test_rules.py"]),
    "wheel-due": ("klynge/lib/due.py", ["klynge/lib/tests/test_due.py"]),
    "year-rules": ("klynge/year/rules.py", ["klynge/year/tests/test_rules.py"]),
}


def config(module: str, tests: list[str]) -> str:
    """The project's pyproject.toml with this run's module and tests in [tool.mutmut]."""
    text = (ROOT / "pyproject.toml").read_text()
    extra = f"only_mutate = {[module]!r}\npytest_add_cli_args_test_selection = {tests!r}\n"
    return text.replace("[tool.mutmut]\n", "[tool.mutmut]\n" + extra.replace("'", '"'), 1)


def run(name: str, module: str, tests: list[str]) -> dict[str, str]:
    where = WORK / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    (where / "pyproject.toml").write_text(config(module, tests))
    for item in ("klynge", "manage.py", "uv.lock"):
        (where / item).symlink_to(ROOT / item)
    mutmut = Path(sys.executable).parent / "mutmut"
    subprocess.run([mutmut, "run"], cwd=where, stdout=subprocess.DEVNULL, check=False)  # noqa: S603
    listed = subprocess.run(  # noqa: S603
        [mutmut, "results", "--all", "true"], cwd=where, capture_output=True, text=True
    ).stdout
    return dict(re.findall(r"^\s*(\S+): (\w[\w ]*)$", listed, flags=re.M))


def equivalent() -> set[str]:
    path = Path(__file__).with_name("equivalent.toml")
    data = tomllib.loads(path.read_text()) if path.exists() else {}
    return {mutant["name"] for mutant in data.get("mutant", [])}


def score(results: dict[str, str], known: set[str]) -> tuple[int, int, list[str]]:
    counted = {name: status for name, status in results.items() if name not in known}
    killed = [n for n, s in counted.items() if s in ("killed", "timeout", "segfault")]
    survivors = sorted(n for n, s in counted.items() if s in ("survived", "no tests"))
    return len(killed), len(killed) + len(survivors), survivors


def main(names: list[str]) -> int:
    known, failed = equivalent(), False
    print(f"{'module':<16} {'killed':>7} {'of':>5} {'score':>7}")
    for name in names or list(MODULES):
        module, tests = MODULES[name]
        killed, total, survivors = score(run(name, module, tests), known)
        percent = 100.0 * killed / total if total else 100.0
        failed |= percent < TARGET
        print(f"{name:<16} {killed:>7} {total:>5} {percent:>6.1f}%")
        for survivor in survivors:
            print(f"    survived: {survivor}")
    print(f"(target {TARGET:.0f} %; equivalent mutants: mutation/equivalent.toml)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
