"""Where the benchmarks write: their own section of docs/performance.md,
between start and end markers, so each script rewrites only its figures."""

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def write_section(name: str, text: str) -> None:
    """Replace the `name` section (<!-- bench:name:start/end -->) of
    docs/performance.md with `text`; append it when it is not there yet."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    if DOC.exists():
        current = DOC.read_text()
    else:
        current = "# Performance\n\nFigures from `make bench`, each with its machine.\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        _old, after = rest.split(end, 1)
        updated = f"{before}{start}\n{text}{end}{after}"
    else:
        updated = f"{current.rstrip()}\n\n{start}\n{text}{end}\n"
    DOC.write_text(updated)
