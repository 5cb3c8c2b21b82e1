"""Where the copies of the OCDS schema files are (schema/1.1.5/README.md):
the tests validate every package against them, offline."""

from pathlib import Path

OCDS_VERSION = "1.1"
SCHEMA_DIR = Path(__file__).resolve().parent / "schema" / "1.1.5"
RELEASE_PACKAGE_SCHEMA = SCHEMA_DIR / "release-package-schema.json"
RELEASE_SCHEMA = SCHEMA_DIR / "release-schema.json"
CODELISTS = SCHEMA_DIR / "codelists"
