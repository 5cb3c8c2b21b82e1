from pathlib import Path

from blangkon.lifecycles.diagrams import lifecycle_document
from blangkon.lifecycles.machine import registered_machines

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "domain" / "lifecycles.md"


def test_the_lifecycle_diagrams_match_the_transition_tables() -> None:
    assert DOCUMENT.read_text() == lifecycle_document(registered_machines()), (
        "Run `make lifecycles`."
    )
