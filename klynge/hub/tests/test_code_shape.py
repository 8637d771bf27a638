"""The code's shape (STYLE.md, docs/architecture.md), checked so it stays that way: no file over
600 lines, no function over 80 lines outside migrations, `lib/` imports no Klynge app, and no
module but a urls.py imports from a views module (helpers a view needs live elsewhere)."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "klynge"
SOURCES = ("*.py", "*.html", "*.txt", "*.js", "*.css")
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
VIEWS = re.compile(r"(^|\.)views(_\w+)?($|\.)")


def python_files():
    return sorted(ROOT.rglob("*.py"))


def imports(path: Path):
    """(module, names) of every absolute `from … import …` and `import …` in the file."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def test_no_file_over_600_lines():
    long = []
    for pattern in SOURCES:
        for path in ROOT.rglob(pattern):
            lines = path.read_text().count("\n")
            if lines > MAX_FILE_LINES:
                long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert long == []


def test_no_function_over_80_lines_outside_migrations():
    long = []
    for path in python_files():
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {lines}")
    assert long == []


def test_lib_imports_no_klynge_app():
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "lib").rglob("*.py")
        for module, _names in imports(path)
        if module == "klynge" or module.startswith("klynge.")
    ]
    assert found == [], "lib/ uses relative imports of itself and no app"


def test_only_urls_import_from_views_modules():
    found = []
    for path in python_files():
        if path.name == "urls.py":
            continue
        for module, names in imports(path):
            if not module.startswith("klynge."):
                continue
            if VIEWS.search(module) or any(VIEWS.fullmatch(name) for name in names):
                found.append(f"{path.relative_to(ROOT)}: {module} {names}")
    assert found == []


def test_the_checks_can_fail(tmp_path):
    source = tmp_path / "x.py"
    body = "\n".join(f"    a{n} = {n}" for n in range(MAX_FUNCTION_LINES))
    source.write_text(f"from klynge.meetings.views_attendance import x\ndef f():\n{body}\n")
    assert list(imports(source)) == [("klynge.meetings.views_attendance", ["x"])]
    assert VIEWS.search("klynge.meetings.views_attendance") and VIEWS.fullmatch("views")
    assert not VIEWS.search("klynge.meetings.tests.test_views")
    function = next(
        n for n in ast.walk(ast.parse(source.read_text())) if isinstance(n, ast.FunctionDef)
    )
    assert function.end_lineno - function.lineno + 1 == MAX_FUNCTION_LINES + 1
