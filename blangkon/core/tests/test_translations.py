"""The Indonesian catalog is complete and the committed .mo matches the .po."""

import shutil
import subprocess
from pathlib import Path

import pytest

CATALOG = Path(__file__).resolve().parents[3] / "locale" / "id" / "LC_MESSAGES"


def entries(po_text: str) -> list[str]:
    return [block for block in po_text.split("\n\n") if "msgid" in block]


def test_every_string_has_an_indonesian_translation() -> None:
    blocks = entries((CATALOG / "django.po").read_text())
    assert len(blocks) > 100
    header, *messages = blocks
    for block in messages:
        assert "#, fuzzy" not in block, block
        translation = block.split("msgstr", 1)[1]
        assert translation.strip() not in ('""', '[0] ""'), block


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
def test_the_committed_mo_file_is_compiled_from_the_po(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(CATALOG / "django.po")], check=True
    )
    assert compiled.read_bytes() == (CATALOG / "django.mo").read_bytes()
