"""The real sample of LKPP's INAPROC packages (fixtures/README.md)."""

import json
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).parent / "fixtures" / "ecat-paket-epurchasing-v6-30.json"


def sample() -> list[dict[str, Any]]:
    """A fresh copy of the sample's 30 records (tests change them)."""
    return json.loads(SAMPLE.read_bytes())
