"""The folder a build or render replaces: which folders it may take, and the atomic swap.

A build may replace only a folder that is absent, empty, or one this program made (it holds
SITE_MARKER). Everything else is refused before anything is touched: a file, a symbolic link,
the project folder or a folder above it, an input folder (records, templates, documents,
theme overrides, the package, the cache) or a folder inside one, a folder holding other files.

The new site is made in a temporary folder beside the target and exchanged with it in one
step (Linux `renameat2(RENAME_EXCHANGE)`): at every moment the target is the old site or the
new one. The old site, now in the temporary folder's place, is deleted; one left by an
interrupted build is deleted by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from pathlib import Path

# Written into every site the plugin builds and every folder `render` writes.
SITE_MARKER = ".dnm-catalogue-site"
# What earlier versions wrote into the sites `build` made (the incremental build's stamp).
EARLIER_MARKERS = (".dnm-catalogue-build",)
# Written first into a temporary folder, so that only folders this program made are cleaned.
TEMPORARY_MARKER = ".dnm-catalogue-temporary"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class FolderRefused(Exception):
    """A folder the build must not replace; nothing has been touched."""


def check_target(target: Path, *, project: Path, inputs: list[Path], option: str) -> Path:
    """The absolute target if a build may replace it; FolderRefused saying why otherwise."""
    shown = str(target)
    absolute = Path(os.path.abspath(target))
    if absolute.is_symlink():
        raise FolderRefused(f"{option} {shown} is a symbolic link; give the folder itself")
    resolved = absolute.resolve()
    project = project.resolve()
    if resolved == project or resolved in project.parents:
        raise FolderRefused(f"{option} {shown} is the project folder or a folder above it; "
                            "the site would replace the project")
    for folder in inputs:
        folder = folder.resolve()
        if resolved == folder:
            raise FolderRefused(f"{option} {shown} is {folder}, which the build reads")
        if resolved in folder.parents:
            raise FolderRefused(f"{option} {shown} holds {folder}, which the build reads")
        if folder in resolved.parents:
            raise FolderRefused(f"{option} {shown} is inside {folder}, which the build reads")
    if not os.path.lexists(resolved):
        return resolved
    if not resolved.is_dir():
        raise FolderRefused(f"{option} {shown} is a file, not a folder; give a folder for the site")
    try:
        entries = os.listdir(resolved)
    except OSError as error:
        raise FolderRefused(f"{option} {shown} cannot be read: {error.strerror}") from error
    if entries and not {SITE_MARKER, *EARLIER_MARKERS} & set(entries):
        raise FolderRefused(f"{option} {shown} holds other files and is not a site this program "
                            "built; give an empty or new folder")
    return resolved


def temporary_folder(target: Path) -> Path:
    """A new folder beside the target, marked as ours, to build into."""
    remove_leftovers(target)
    folder = target.parent / f".{target.name}-build-{os.getpid()}"
    folder.mkdir(parents=True)
    (folder / TEMPORARY_MARKER).write_text("made by dnm-catalogue; deleted after the build\n", "utf-8")
    return folder


def remove_leftovers(target: Path) -> list[Path]:
    """Delete temporary and replaced folders that interrupted builds left beside the target:
    only ours (marked) and only those of processes no longer running."""
    removed = []
    for kind in ("build", "previous"):
        for folder in target.parent.glob(f".{target.name}-{kind}-*"):
            pid = folder.name.rsplit("-", 1)[-1]
            if folder.is_symlink() or not folder.is_dir() or not pid.isdigit() or _running(int(pid)):
                continue
            if _ours(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def discard(folder: Path) -> None:
    """Delete a temporary folder this build made."""
    if _ours(folder):
        shutil.rmtree(folder, ignore_errors=True)


def _ours(folder: Path) -> bool:
    return any((folder / name).exists() for name in (TEMPORARY_MARKER, SITE_MARKER, *EARLIER_MARKERS))


def publish(temporary: Path, target: Path) -> None:
    """Put the built folder in the target's place in one step and delete the old site."""
    (temporary / TEMPORARY_MARKER).unlink(missing_ok=True)
    (temporary / SITE_MARKER).write_text("built by dnm-catalogue\n", "utf-8")
    if not os.path.lexists(target):
        os.rename(temporary, target)
        return
    if exchange(temporary, target):
        old = temporary  # the old site is now where the temporary folder was
    else:
        # No atomic exchange here: two renames, the old site kept aside until the second.
        old = target.parent / f".{target.name}-previous-{os.getpid()}"
        os.rename(target, old)
        os.rename(temporary, target)
    (old / TEMPORARY_MARKER).write_text("replaced site; deleted after the build\n", "utf-8")
    shutil.rmtree(old, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system
    or the file system has no such call."""
    if _renameat2 is None:
        return False
    if _renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _load_renameat2():
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    function = getattr(ctypes.CDLL(name, use_errno=True), "renameat2", None)
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()
