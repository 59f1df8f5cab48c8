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
            with contextlib.suppress(FileExistsError):  # another process won the race: use its secret
                os.link(temporary, path)
        finally:
            Path(temporary).unlink()
    return path.read_bytes().strip()
