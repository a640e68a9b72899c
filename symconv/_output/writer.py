"""The one file writer: every file symconv writes (``symconv build``, ``symconv draw -o``) goes through it.

A file is written atomically: the bytes go to a temporary file beside the
target, which is flushed, given the target's mode and renamed over it, so a
reader (or a killed build) never sees half a file.  The mode is that of an
ordinary new file, ``0o666`` less the process umask (``0644`` under the usual
umask ``022``); ``mkstemp`` would otherwise leave it private (``0600``).  A
target that is a symbolic link is written through to the file it points to,
and the link stays a link.

Temporary files still being written are listed in :data:`IN_FLIGHT`, so that
a signal handler (the command line installs one) can remove them before the
process exits: a cancelled build leaves no ``.NAME.<random>.tmp`` behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "file_mode", "remove_in_flight", "IN_FLIGHT", "TEMP_SUFFIX"]

TEMP_SUFFIX = ".tmp"

#: Temporary files being written right now (absolute paths).
IN_FLIGHT: set = set()


def file_mode() -> int:
    """The mode of an ordinary new file under the process umask (``0o644`` under umask ``022``).

    Examples
    --------
    >>> import os
    >>> old = os.umask(0o022)
    >>> oct(file_mode())
    '0o644'
    >>> _ = os.umask(0o077); oct(file_mode())
    '0o600'
    >>> _ = os.umask(old)
    """
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path written (a link's target for a link).

    The parent folder is created if missing.  ``OSError`` from the file
    system propagates (the caller says which argument named the path); the
    temporary file is removed on any failure, ``KeyboardInterrupt`` included.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a" / "b.txt", b"hi").read_bytes()
    b'hi'
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data: expected bytes, got {type(data).__name__}")
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    IN_FLIGHT.add(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, file_mode())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    finally:
        IN_FLIGHT.discard(temporary)
    return target


def remove_in_flight() -> None:
    """Remove every temporary file still being written (for a signal handler about to exit)."""
    for temporary in list(IN_FLIGHT):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        IN_FLIGHT.discard(temporary)
