"""The real sample of LKPP's INAPROC packages shipped with the app
(sample/README.md): the importer's tests read it, and the demo imports it."""

import json
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).parent / "sample" / "ecat-paket-epurchasing-v6-30.json"


def sample_records() -> list[dict[str, Any]]:
    """A fresh copy of the sample's 30 records (callers may change them)."""
    return json.loads(SAMPLE.read_bytes())
