"""Progress on long commands: a line on a terminal (standard error only), a summary at the end,
nothing of it when standard error is redirected, and never anything on standard output."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dnm_catalogue.site.progress import Progress
from sitebuild import site_config, write_small_catalogue

COMMAND = [sys.executable, "-m", "dnm_catalogue.cli"]


def run_with_terminal(argv: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """Run the command with standard error on a pseudo-terminal and standard output on a pipe;
    returns (exit code, standard output, what the terminal received)."""
    main, secondary = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "NO_MKDOCS_2_WARNING": "1"}
    with subprocess.Popen([*COMMAND, *argv], cwd=cwd, stdout=subprocess.PIPE, stderr=secondary,
                          stdin=subprocess.DEVNULL, env=env) as process:
        os.close(secondary)
        terminal = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the command closed the terminal
                break
            if not chunk:
                break
            terminal += chunk
        out = process.stdout.read()
        process.wait(timeout=300)
    os.close(main)
    return process.returncode, out, terminal


def run_redirected(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*COMMAND, *argv], cwd=cwd, capture_output=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("progress")
    write_small_catalogue(folder / "reports")
    site_config(folder, folder / "reports")
    return folder


def test_build_shows_progress_on_a_terminal_and_ends_with_a_summary(project):
    code, out, terminal = run_with_terminal(["build", "--site-dir", "site"], project)
    assert code == 0, terminal.decode(errors="replace")
    text = terminal.decode()
    assert "Validating records" in text
    rendering = [int(done) for done, _ in re.findall(r"Rendering pages (\d+)/(\d+)", text)]
    total = int(re.search(r"Rendering pages \d+/(\d+)", text).group(1))
    assert rendering[0] == 1 and rendering[-1] == total and rendering == sorted(rendering)
    assert "\r" in text  # rewritten in place
    summary = out.decode().splitlines()
    assert re.fullmatch(r"Validated 5 records in \d+\.\d s", summary[0])
    pages = sum(1 for _ in (project / "site").rglob("index.html")) - 1  # less the redirect
    assert re.fullmatch(rf"Built {total} pages in \d+\.\d s into site", summary[1])
    assert total == pages
    assert "Rendering" not in out.decode() and "\r" not in out.decode()


def test_build_prints_no_progress_when_stderr_is_redirected(project):
    result = run_redirected(["build", "--site-dir", "site-redirected"], project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode() == ""
    assert result.stdout.decode().startswith("Validated 5 records in ")
    assert "\r" not in result.stdout.decode()


def test_export_progress_goes_to_the_terminal_and_the_data_to_stdout_untouched(project):
    code, out, terminal = run_with_terminal(["export", "--format", "bibtex"], project)
    assert code == 0
    text = terminal.decode()
    assert re.search(r"Exporting records 5/5", text)
    assert re.search(r"Validated 5 records in \d+\.\d s; exported 5 records as bibtex in \d+\.\d s",
                     text)
    redirected = run_redirected(["export", "--format", "bibtex"], project)
    assert out == redirected.stdout  # the same bytes, with or without a terminal
    assert out.count(b"@") == 5 and b"\r" not in out and b"Exporting" not in out
    assert b"Exporting" not in redirected.stderr and b"\r" not in redirected.stderr
    assert redirected.stderr.decode().startswith("Validated 5 records in ")


def test_the_progress_line_is_silent_off_a_terminal_and_clears_itself():
    silent = io.StringIO()
    progress = Progress(silent)
    progress.step("Rendering pages", 1, 3)
    assert silent.getvalue() == "" and not progress.enabled
    shown = io.StringIO()
    progress = Progress(shown, enabled=True, interval=3600)
    for done in (1, 2, 3):
        progress.step("Rendering pages", done, 3)
    progress.clear()
    # The first and the last step are shown even within the interval; the middle one is not.
    assert shown.getvalue() == ("\rRendering pages 1/3\rRendering pages 3/3"
                                "\r" + " " * len("Rendering pages 3/3") + "\r")

