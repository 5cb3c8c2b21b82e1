"""manage.py import_inaproc PATH: import a file of LKPP's INAPROC e-purchasing
packages (Ecat-PaketEPurchasingV6 JSON). All or nothing: a bad record stops
the command with every problem named and nothing imported."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blangkon.inaproc.records import MAX_FILE_BYTES, PackageFileError, json_load
from blangkon.inaproc.services import packages_import


class Command(BaseCommand):
    help = "Import INAPROC e-purchasing packages (LKPP Ecat-PaketEPurchasingV6 JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The JSON file: a list of packages.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{path}: larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from None
        try:
            result = packages_import(json_load(raw), actor=None, source=path.name)
        except PackageFileError as error:
            raise CommandError("\n".join([str(error.message), *error.problems])) from None
        self.stdout.write(
            f"Created {result.created}, updated {result.updated}, unchanged {result.unchanged} "
            f"INAPROC packages ({result.outside} of an instansi outside this province)."
        )
        for satker in result.unmatched:
            self.stdout.write(
                f"To map to an OPD: {satker.nama_satker} ({satker.nama_instansi}, "
                f"{satker.kd_satker_str})"
            )
