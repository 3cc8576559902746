"""The package's layout: what the wheel ships."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import dnm_catalogue

ROOT = Path(__file__).parent.parent
PACKAGE = Path(dnm_catalogue.__file__).parent


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
