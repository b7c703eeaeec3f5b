"""Import rules between the packages, read from the source with `ast`: the web renders what the engine
returns, so it needs neither the corpus stage nor the analysis; the engine runs without Flask."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_FOR_THE_WEB = ("search.corpus", "search.pages", "search.lines", "search.assembler", "search.analysis")


def imported(path: Path) -> set[str]:
    """Every module a file imports, `from a import b` counted as both a and a.b."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def under(modules: set[str], package: str) -> set[str]:
    return {m for m in modules if m == package or m.startswith(package + ".")}


def test_imported_reads_both_import_forms(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("import flask.json\nfrom search import analysis\n", encoding="utf-8")
    assert under(imported(source), "flask") == {"flask.json"}
    assert under(imported(source), "search.analysis") == {"search.analysis"}


@pytest.mark.parametrize("path", sorted((ROOT / "web").rglob("*.py")), ids=lambda p: p.name)
def test_the_web_imports_nothing_from_the_corpus_or_the_analysis(path):
    found = imported(path)
    assert not set().union(*(under(found, m) for m in NOT_FOR_THE_WEB))


@pytest.mark.parametrize("path", sorted((ROOT / "search").rglob("*.py")), ids=lambda p: p.name)
def test_the_engine_imports_nothing_from_flask(path):
    assert not under(imported(path), "flask") and not under(imported(path), "werkzeug")


def test_the_result_objects_are_backend_neutral():
    """search.results is what a second backend would reuse: no Whoosh, no numpy, no other stage."""
    found = imported(ROOT / "search" / "results.py")
    assert not under(found, "whoosh") and not under(found, "numpy")
    assert {m for m in under(found, "search") if not m.startswith("search.errors")} == set()
