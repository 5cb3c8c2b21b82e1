from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploads in vendor tests go to an empty folder of their own."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root
