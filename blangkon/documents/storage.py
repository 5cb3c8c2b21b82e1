"""Where uploaded files live on disk: MEDIA_ROOT/private/<owner id>/<uuid>.<ext>.

MEDIA_ROOT (var/media) is outside the web root: no URL pattern and no
whitenoise root points at it, so a file is reachable only through the
permission-checked view in documents/views.py.
"""

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

PRIVATE_DIR = "private"
FILE_MODE = 0o640
DIRECTORY_MODE = 0o750


@dataclass(frozen=True)
class WrittenFile:
    path: str  # relative to MEDIA_ROOT, as stored in StoredFile.path
    size: int
    sha256: str


def private_root() -> Path:
    return Path(settings.MEDIA_ROOT) / PRIVATE_DIR


def absolute_path(relative: str) -> Path:
    """The file's place on disk; refuses a path that would leave the private folder."""
    root = private_root().resolve()
    candidate = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if not candidate.is_relative_to(root):
        raise ValueError(f"Path outside the private media folder: {relative!r}")
    return candidate


def file_write(*, owner_id: int, file_id: uuid.UUID, extension: str, content: bytes) -> WrittenFile:
    """Write a new file (never overwriting one) with mode 0o640."""
    relative = f"{PRIVATE_DIR}/{int(owner_id)}/{file_id}.{extension}"
    target = absolute_path(relative)
    target.parent.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            # The umask may have taken bits away; set exactly what we want.
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return WrittenFile(path=relative, size=len(content), sha256=hashlib.sha256(content).hexdigest())


def file_open(relative: str) -> BinaryIO:
    """Open a stored file for reading. FileNotFoundError if it is gone."""
    return absolute_path(relative).open("rb")


def file_read(relative: str) -> bytes:
    return absolute_path(relative).read_bytes()


def file_delete(relative: str) -> None:
    """Remove a stored file; a file already gone is not an error."""
    absolute_path(relative).unlink(missing_ok=True)
