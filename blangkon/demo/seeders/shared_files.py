"""Stored files for the demo, whose bytes are written once and hard-linked.

The demo gives many owners the same picture or specimen scan: each owner gets
a `StoredFile` of its own, as the upload service would store it (owned by the
organisation, under MEDIA_ROOT/private/<owner>/<uuid>.<ext>, mode 0o640, size
and SHA-256 of the content), but the bytes are written once per key and every
further file is a hard link to them (docs/adr/0021-demo-pictures-shared-by-
hard-links.md). Removing one owner's file unlinks its own name only. Where
the file system refuses a link (another device, too many links to one file)
a copy is written and later files link to that.
"""

import hashlib
import os
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from blangkon.documents import storage
from blangkon.documents.models import StoredFile


@dataclass
class _Source:
    """A written file that further owners' files link to."""

    path: Path
    size: int
    sha256: str


class SharedFiles:
    def __init__(self, *, extension: str, content_type: str) -> None:
        self.extension = extension
        self.content_type = content_type
        self._sources: dict[Hashable, _Source] = {}
        self._folders: set[Path] = set()
        self._root = storage.private_root().resolve()

    def stored(
        self,
        key: Hashable,
        content: Callable[[], bytes],
        *,
        kind: str,
        owner_id: int,
        original_name: str,
    ) -> StoredFile:
        """An unsaved StoredFile of `owner_id` holding the bytes of `key`
        (`content()` is called only the first time a key is written)."""
        file_id = uuid.uuid4()
        relative = f"{storage.PRIVATE_DIR}/{int(owner_id)}/{file_id}.{self.extension}"
        # The owner id and the UUID cannot leave the folder: no need to
        # resolve every path as storage.absolute_path does.
        target = self._root / str(int(owner_id)) / f"{file_id}.{self.extension}"
        self._folder(target.parent)
        source = self._sources.get(key)
        if source is None or not _link(source.path, target):
            source = self._sources[key] = _write(target, content())
        return StoredFile(
            id=file_id,
            kind=kind,
            owner_id=owner_id,
            path=relative,
            original_name=original_name,
            content_type=self.content_type,
            size=source.size,
            sha256=source.sha256,
            uploaded_by=None,  # loaded by the seeder, not uploaded by a person
        )

    def _folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(mode=storage.DIRECTORY_MODE, parents=True, exist_ok=True)
            self._folders.add(folder)


def _write(target: Path, content: bytes) -> _Source:
    # As storage.file_write, without its fsync per file (11 ms each on a busy
    # disk): demo data loads in one transaction, and a crash loses the whole
    # load anyway (the orphan sweep removes its files).
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, storage.FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), storage.FILE_MODE)
        handle.write(content)
    return _Source(target, len(content), hashlib.sha256(content).hexdigest())


def _link(source: Path, target: Path) -> bool:
    """Hard-link `target` to `source`; False when the file system refuses
    (another device, too many links): the caller then writes a copy."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
