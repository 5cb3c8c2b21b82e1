from pathlib import Path

from blangkon.core.lifecycles import lifecycle_document

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "domain" / "lifecycles.md"


def test_the_lifecycle_diagrams_match_the_transition_tables() -> None:
    assert DOCUMENT.read_text() == lifecycle_document(), "Run `make lifecycles`."
