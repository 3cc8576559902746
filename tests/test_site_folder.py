"""`build --site-dir` and `render --out` replace only folders they made, in one step."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dnm_catalogue.cli import main
from dnm_catalogue.site.build import build_site
from dnm_catalogue.site.folder import SITE_MARKER, TEMPORARY_MARKER
from helpers import write_record
from sitebuild import ROOT, site_config

FORBIDDEN = {
    ".": "is the project folder or a folder above it",
    "..": "is the project folder or a folder above it",
    "reports": "which the build reads",
    "docs": "which the build reads",
    "templates": "which the build reads",
    "src": "which the build reads",
    "overrides": "which the build reads",
    ".git": "which the build reads",
    "reports/site": "is inside",
    "docs/site": "is inside",
    "mkdocs.yml": "is a file, not a folder",
    "notes/notes.txt": "is a file, not a folder",
    "notes": "holds other files",
    "linked-site": "is a symbolic link",
}


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every path under a folder with its kind and content (or link target)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = ("link", os.readlink(path))
        elif path.is_dir():
            found[key] = ("dir",)
        else:
            found[key] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return found


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A temporary copy of the project (its inputs, not the virtual environment or a site)."""
    parent = tmp_path_factory.mktemp("clone")
    project = parent / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "templates", "reports", "src", "pyproject.toml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (project / "notes").mkdir()
    (project / "notes" / "notes.txt").write_text("my notes\n", "utf-8")
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "keep.txt").write_text("keep\n", "utf-8")
    (project / "linked-site").symlink_to(project / "elsewhere")
    return project


@pytest.mark.parametrize("command", ["build", "render"])
@pytest.mark.parametrize("target", sorted(FORBIDDEN))
def test_forbidden_targets_are_refused_and_nothing_is_touched(clone, monkeypatch, capsys, command, target):
    monkeypatch.chdir(clone)
    before = snapshot(clone.parent)
    option = "--site-dir" if command == "build" else "--out"
    code = main([command, option, target])
    err = capsys.readouterr().err
    assert code == 2
    assert FORBIDDEN[target] in err and "nothing was changed" in err
    assert "Traceback" not in err
    assert snapshot(clone.parent) == before


def test_a_folder_above_the_project_given_absolute_is_refused(clone, monkeypatch, capsys):
    monkeypatch.chdir(clone)
    before = snapshot(clone.parent)
    assert main(["build", "--site-dir", str(clone.parent)]) == 2
    assert "project folder or a folder above it" in capsys.readouterr().err
    assert snapshot(clone.parent) == before


def small_project(tmp_path: Path) -> tuple[Path, Path]:
    reports = tmp_path / "reports"
    write_record(reports, "only-record")
    return reports, site_config(tmp_path, reports)


def test_absent_empty_and_own_folders_are_replaced(tmp_path):
    reports, config = small_project(tmp_path)
    build_site(reports, tmp_path / "absent" / "site", config)
    assert (tmp_path / "absent" / "site" / "index.html").is_file()
    (tmp_path / "empty").mkdir()
    build_site(reports, tmp_path / "empty", config)
    assert (tmp_path / "empty" / SITE_MARKER).is_file()
    (tmp_path / "empty" / "stray.html").write_text("old page\n", "utf-8")
    build_site(reports, tmp_path / "empty", config, clean=True)  # its own site: replaced whole
    assert not (tmp_path / "empty" / "stray.html").exists()
    assert not [path for path in tmp_path.iterdir() if path.name.startswith((".empty-", ".site-"))]


def test_render_replaces_its_own_output_and_nothing_else(tmp_path, monkeypatch, capsys):
    reports, _ = small_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "pages"
    assert main(["render", "--out", str(out), "--reports", str(reports),
                 "--templates", str(ROOT / "templates")]) == 0
    (out / "stale.md").write_text("left over\n", "utf-8")
    assert main(["render", "--out", str(out), "--reports", str(reports),
                 "--templates", str(ROOT / "templates")]) == 0
    assert (out / SITE_MARKER).is_file() and not (out / "stale.md").exists()
    assert (out / "reports" / "only-record.md").is_file()
    capsys.readouterr()


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import dnm_catalogue.site.folder as folder
    import mkdocs.commands.build as mkdocs_build
    from dnm_catalogue.cli import main

    step = sys.argv[1]
    def die():
        os.kill(os.getpid(), signal.SIGKILL)
    real_build, real_exchange = mkdocs_build.build, folder.exchange
    def build(config, **kwargs):
        if step == "during-build":
            Path(config.site_dir, "half-written.html").write_text("half")
            die()
        return real_build(config, **kwargs)
    def exchange(first, second):
        if step == "before-swap":
            die()
        done = real_exchange(first, second)
        if step == "after-swap":
            die()
        return done
    mkdocs_build.build, folder.exchange = build, exchange
    sys.exit(main(sys.argv[2:]))
""")


@pytest.mark.parametrize("step", ["during-build", "before-swap", "after-swap"])
def test_a_build_killed_at_any_step_leaves_a_whole_site_and_the_next_build_cleans_up(tmp_path, step):
    reports, config = small_project(tmp_path)
    site = tmp_path / "site"
    build_site(reports, site, config)
    write_record(reports, "second-record", doi="doi: 10.5555/second")
    argv = [sys.executable, "-c", KILLER, step, "build", "--reports", str(reports),
            "--site-dir", str(site), "--config-file", str(config), "--clean"]
    killed = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # The published site is always whole: the old one, or (killed after the swap) the new one.
    assert (site / "index.html").is_file() and (site / SITE_MARKER).is_file()
    assert not (site / TEMPORARY_MARKER).exists()
    new_site = (site / "reports" / "second-record" / "index.html").exists()
    assert new_site == (step == "after-swap")
    leftovers = [path for path in tmp_path.iterdir() if path.name.startswith(".site-")]
    assert leftovers  # the interrupted build's temporary folder (or the old site) is still there
    build_site(reports, site, config)
    assert [path for path in tmp_path.iterdir() if path.name.startswith(".site-")] == []
    assert (site / "reports" / "second-record" / "index.html").is_file()
