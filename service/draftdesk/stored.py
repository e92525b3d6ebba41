"""What a start builds from files and a later start can read back from the var folder.

The file holds what was built together with a key of everything it was built from
(the caller puts the key in and checks it on reading); a file that cannot be read, or
was written under another key, is built again and replaced. Written whole, then
renamed: a process starting beside this one reads the old file or the new one.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("draftdesk.startup")


def read_back_or_build(
    file: Path, *, read: Callable[[bytes], T | None], build: Callable[[], T], write: Callable[[T], bytes], what: str
) -> T:
    """`read(file's bytes)`, which returns None when the file's key is not the caller's;
    else `build()`, stored by `write` for the next start."""
    try:
        found = read(file.read_bytes())
        if found is not None:
            return found
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        pass
    built = build()
    partial = file.with_name(f".{file.name}.{os.getpid()}")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(write(built))
        partial.replace(file)
    except OSError as error:  # a folder the process may not write to: it builds at every start
        log.warning("%s not stored in %s (%s): it will be built again at the next start", what, file, error.strerror)
    return built
