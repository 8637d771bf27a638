"""The code's shape (STYLE.md, docs/architecture.md), checked so it stays that way: no file over
600 lines, no function over 80 lines outside migrations, `lib/` imports no Klynge app, no
module but a urls.py imports from a views module (helpers a view needs live elsewhere), and no
views module writes: saving, deleting, creating, mail and transactions belong to services."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

# One worker runs them all, so each file is parsed once per run (shape() below).
pytestmark = pytest.mark.xdist_group("code_shape")

ROOT = Path(settings.BASE_DIR) / "klynge"
SOURCES = ("*.py", "*.html", "*.txt", "*.js", "*.css")
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
VIEWS = re.compile(r"(^|\.)views(_\w+)?($|\.)")


def python_files():
    return sorted(ROOT.rglob("*.py"))


@cache
def shape(path: Path) -> tuple[list, list]:
    """What the checks read in a Python file: its imports and its functions' lengths, from one
    parse (parsing every file once per check was most of this module's time)."""
    found, functions = [], []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions.append((node.name, node.lineno, node.end_lineno - node.lineno + 1))
    return found, functions


def imports(path: Path) -> list:
    """(module, names) of every absolute `from … import …` and `import …` in the file."""
    return shape(path)[0]


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
        for name, line, lines in shape(path)[1]:
            if lines > MAX_FUNCTION_LINES:
                long.append(f"{path.relative_to(ROOT)}:{line} {name}: {lines}")
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


# Calls that change state: a view hands them to a service (`@service`, with `by=`).
WRITE_METHODS = {
    "save", "delete", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update",
}  # fmt: skip
WRITE_FUNCTIONS = {"queue_mail", "send_mail", "send_mass_mail"}


def views_modules():
    for path in python_files():
        if "tests" in path.parts:
            continue
        if VIEWS.fullmatch(path.stem) or "views" in path.relative_to(ROOT).parts[:-1]:
            yield path


def is_unsaved_form_object(call: ast.Call) -> bool:
    """`form.save(commit=False)`: the form's object, built but not written."""
    return any(
        k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )


def writes_in(source: str) -> list[str]:
    """`line: call` of each write in the source: a model or file `.save(` (not
    `commit=False`), `.delete(`, `.create(` and friends, a queryset's `.update(`, mail sent,
    and `transaction.atomic` (a view that needs one is doing a service's work)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "atomic":
            found.append(f"{node.lineno}: atomic")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in WRITE_FUNCTIONS:
            found.append(f"{node.lineno}: {func.id}(")
        if not isinstance(func, ast.Attribute):
            continue
        if func.attr in WRITE_FUNCTIONS or (
            func.attr in WRITE_METHODS and not is_unsaved_form_object(node)
        ):
            found.append(f"{node.lineno}: .{func.attr}(")
        elif func.attr == "update" and (
            isinstance(func.value, ast.Call)
            or (isinstance(func.value, ast.Attribute) and func.value.attr == "objects")
        ):  # a queryset's update; `context.update(...)` of a dict is fine
            found.append(f"{node.lineno}: .update(")
    return sorted(found, key=lambda write: int(write.split(":")[0]))


def test_no_writes_in_views_modules():
    found = [
        f"{path.relative_to(ROOT)}:{write}"
        for path in views_modules()
        for write in writes_in(path.read_text())
    ]
    assert found == [], "a view parses, calls a lookup or a service, and renders"


def test_the_writes_check_can_fail():
    source = """
with transaction.atomic():
    item.save(update_fields=["position"])
    Decision.objects.create(meeting=meeting, text="x")
    meeting.decisions.filter(pk=1).delete()
    material.file.delete(save=False)
    Task.objects.filter(pk=1).update(done_at=None)
    WheelMark.objects.get_or_create(key="x")
    queue_mail("x", "a@b.dk", {})
task = form.save(commit=False)
context.update(x=1)
services.add_task(cluster, task, by=request.user)
"""
    assert [write.split(": ")[1] for write in writes_in(source)] == [
        "atomic", ".save(", ".create(", ".delete(", ".delete(", ".update(", ".get_or_create(",
        "queue_mail(",
    ]  # fmt: skip
    names = [path.relative_to(ROOT).as_posix() for path in views_modules()]
    assert "meetings/views_agenda.py" in names and "money/views/claims.py" in names
    assert not any("tests" in name or name.endswith("services.py") for name in names)


def test_the_checks_can_fail(tmp_path):
    source = tmp_path / "x.py"
    body = "\n".join(f"    a{n} = {n}" for n in range(MAX_FUNCTION_LINES))
    source.write_text(f"from klynge.meetings.views_attendance import x\ndef f():\n{body}\n")
    assert list(imports(source)) == [("klynge.meetings.views_attendance", ["x"])]
    assert VIEWS.search("klynge.meetings.views_attendance") and VIEWS.fullmatch("views")
    assert not VIEWS.search("klynge.meetings.tests.test_views")
    assert shape(source)[1] == [("f", 2, MAX_FUNCTION_LINES + 1)]
