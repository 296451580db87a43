"""Expand a folder into the files to read: recursive, sorted by name, hidden entries skipped.

Hidden names (``.git``, ``.DS_Store``) are never documents. Symbolic links inside a folder
are followed only when ``[input] follow_symlinks`` is on, and then no folder is
walked twice. Entries that cannot be listed or are not regular files come back as errors.
"""

from __future__ import annotations

import os
import stat
from typing import Iterator, NamedTuple


class Entry(NamedTuple):
    path: str
    st: os.stat_result | None = None
    error: str | None = None          # why it cannot be read (then ``st`` may be None)


def walk(root: str, follow_symlinks: bool) -> Iterator[Entry]:
    try:
        top = os.stat(root)
    except OSError as exc:
        yield Entry(root, None, f"cannot open folder: {exc.strerror or exc}")
        return
    yield from _walk(root, follow_symlinks, {(top.st_dev, top.st_ino)})


def _walk(folder: str, follow: bool, seen: set[tuple[int, int]]) -> Iterator[Entry]:
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield Entry(folder, None, f"cannot list folder: {exc.strerror or exc}")
        return
    for e in entries:
        path = os.path.join(folder, e.name)
        try:
            if e.is_symlink() and not follow:
                continue
            st = os.stat(path) if follow else e.stat(follow_symlinks=False)
        except OSError as exc:
            yield Entry(path, None, f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                continue       # reached before, through a link: walk each folder once
            seen.add(key)
            yield from _walk(path, follow, seen)
        elif stat.S_ISREG(st.st_mode):
            yield Entry(path, st)
        else:
            from .reader import special_kind
            yield Entry(path, st, f"not a regular file: this is {special_kind(st.st_mode)}; "
                        "it was not opened")
