"""Notice that the database file was deleted or replaced under an open store.

SQLite keeps writing to the file it opened even after it is unlinked: every
later case would be committed to an inode nobody can reach and lost at exit.
Comparing the path's device and inode with those seen at open, before each
write batch, costs one `stat` and turns that silent loss into a `StoreError`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from storage.errors import StoreError, VanishedDatabaseError


@dataclass(frozen=True)
class FileIdentity:
    path: Path
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        try:
            status = os.stat(path)
        except OSError as error:
            raise StoreError(f"{path}: the database file vanished as it was opened: "
                             f"{error.strerror}") from error
        return cls(path, status.st_dev, status.st_ino)

    def verify(self) -> None:
        """Raise `VanishedDatabaseError` unless the path still names the file opened."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            raise VanishedDatabaseError(
                f"{self.path}: the database file was deleted while in use; nothing more can "
                "be recorded in it (restart Gardien to create a new one, or restore a backup)"
            ) from None
        except OSError as error:
            raise StoreError(f"{self.path}: cannot check the database file: {error}") from error
        if (status.st_dev, status.st_ino) != (self.device, self.inode):
            raise VanishedDatabaseError(
                f"{self.path}: the database file was replaced by another file while in use; "
                "nothing more is recorded in the old one (restart Gardien to use the new one)"
            )
