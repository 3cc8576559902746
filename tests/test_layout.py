"""The package's layout: one subpackage per stage, imports running one way only, the
fingerprints reading every module, and the wheel shipping every data file."""

from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

import pytest

import dnm_catalogue
from dnm_catalogue.citations import citeproc_fixes, formatting
from dnm_catalogue.site import generator

ROOT = Path(__file__).parent.parent
PACKAGE = Path(dnm_catalogue.__file__).parent
# The stages in the order records flow through them: a module imports from its own stage and
# the ones before it, never from a later one. The package itself (its version) comes first.
STAGES = ("records", "citations", "site", "cli")


def module_name(path: Path) -> str:
    """'dnm_catalogue.site.pages.record' for src/dnm_catalogue/site/pages/record.py."""
    parts = ["dnm_catalogue", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    """Every module of the package, by name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, source: str, is_package: bool, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) for every module of this package that `source` imports: at the top, in a
    function or under `if TYPE_CHECKING:`, relative imports resolved; `from .x import y` counts
    as importing x.y where y is a module, else x."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], node.module or ""]).rstrip(".")
            else:
                base = node.module or ""
            found += [(node.lineno, f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
                      for alias in node.names]
    return [(line, module) for line, module in found
            if module == "dnm_catalogue" or module.startswith("dnm_catalogue.")]


def stage(module: str) -> int:
    """The position of a module's stage in STAGES; -1 for the package itself."""
    parts = module.split(".")
    return -1 if len(parts) == 1 else STAGES.index(parts[1])


def wrong_way_imports(sources: dict[str, tuple[str, bool]]) -> list[str]:
    """'module:line imports later' for every import of a later stage, in {name: (source, is_package)}."""
    known = set(sources) | set(package_modules())
    return [f"{name}:{line} imports {target}"
            for name, (source, is_package) in sources.items()
            for line, target in imports_of(name, source, is_package, known)
            if stage(target) > stage(name)]


def test_the_package_is_its_stages():
    """`ls src/dnm_catalogue` reads as the pipeline: each module belongs to one stage."""
    top = sorted(path.name for path in PACKAGE.iterdir() if path.name != "__pycache__")
    assert top == ["__init__.py", *sorted(STAGES)]
    assert all(name == "dnm_catalogue" or name.split(".")[1] in STAGES for name in package_modules())


def test_imports_run_from_earlier_stages_to_later_ones():
    """records -> citations -> site -> cli: no module imports from a stage after its own, so each
    stage can be read, tested and reused without the ones that build on it."""
    sources = {name: (path.read_text("utf-8"), path.name == "__init__.py")
               for name, path in package_modules().items()}
    assert wrong_way_imports(sources) == []


@pytest.mark.parametrize("source", [
    "from ..site.facets import newest_first\n",  # how query.py once took it from facets.py
    "def select():\n    from ..site import facets\n",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..cli import commands\n",
    "import dnm_catalogue.citations.csl\n",
])
def test_an_import_from_a_later_stage_is_found(source):
    """The check above sees imports wherever they stand, and in every spelling."""
    assert wrong_way_imports({"dnm_catalogue.records.query": (source, False)}) != []


def read_files(function, monkeypatch) -> set[Path]:
    """The files a function reads (through Path.read_bytes), the function's cache bypassed."""
    read: set[Path] = set()
    original = Path.read_bytes

    def recording(path: Path) -> bytes:
        read.add(Path(path).resolve())
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", recording)
    function.__wrapped__()
    return read


def test_the_page_fingerprint_reads_every_module_and_style(monkeypatch):
    """A cached page is reused only if made by the same code: the fingerprint (build's and the
    page cache's) reads every module of every stage, however deep, and the CSL styles."""
    expected = {path.resolve() for path in PACKAGE.rglob("*.py")}
    expected |= {path.resolve() for path in (PACKAGE / "citations" / "styles").iterdir()}
    assert len(expected) > 60
    assert expected <= read_files(generator.generator_fingerprint, monkeypatch)


def test_the_reference_cache_fingerprint_reads_every_correction(monkeypatch):
    """Formatted references kept between builds are dropped when the code that formats them
    changes: every module of citeproc_fixes, formatting itself, the styles table and files."""
    fixes_folder = Path(citeproc_fixes.__file__).parent
    expected = {path.resolve() for path in fixes_folder.glob("*.py")}
    expected |= {Path(formatting.__file__).resolve(), (PACKAGE / "citations" / "csl.py").resolve()}
    expected |= {path.resolve() for path in (PACKAGE / "citations" / "styles").glob("*.csl")}
    assert len(expected) > 10
    assert expected <= read_files(formatting._fingerprint, monkeypatch)


def package_data_globs() -> list[str]:
    """The package-data patterns of pyproject.toml, relative to the package folder."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return pyproject["tool"]["setuptools"]["package-data"]["dnm_catalogue"]


def data_files() -> list[str]:
    """Every file of the package that is not Python code, relative to the package folder."""
    return sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*")
                  if path.is_file() and path.suffix not in (".py", ".pyc")
                  and "__pycache__" not in path.parts)


def test_every_data_file_of_the_package_is_shipped():
    """Setuptools puts into the wheel only the data files the package-data patterns name: a file
    they miss is there in a checkout and missing once installed (`new` needs the record
    template, validation the vocabularies, references the CSL styles)."""
    globs = package_data_globs()
    assert {"records/record-template.yaml", "records/vocabularies/drugs.yaml",
            "citations/styles/apa.csl"} <= set(data_files())
    missed = [name for name in data_files() if not any(fnmatch.fnmatch(name, glob) for glob in globs)]
    assert missed == []


def test_every_package_data_pattern_names_a_file():
    """A pattern that matches nothing names a file that is not where it says."""
    unmatched = [glob for glob in package_data_globs()
                 if not any(fnmatch.fnmatch(name, glob) for name in data_files())]
    assert unmatched == []
