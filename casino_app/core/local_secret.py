"""Development secrets generated once and kept in ``DATA_DIR`` (production passes them in the environment)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def persisted(path: Path, generate: Callable[[], bytes]) -> bytes:
    """The secret stored at ``path``, creating it with ``generate()`` the first time.

    The file appears atomically with its whole content (written to a private
    temporary file, then hard-linked into place), so processes starting
    together all end up with the same, complete secret.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(generate())
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:  # another process won the race: use its secret
                pass
            except OSError:  # no hard links on this filesystem: exclusive create (tiny window without content)
                _create_exclusive(path, Path(temporary).read_bytes())
        finally:
            Path(temporary).unlink()
    return path.read_bytes().strip()


def _create_exclusive(path: Path, content: bytes) -> None:
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
