"""The repository stands alone: no tracked file points at notes that live outside
it (a folder on the machine it was written on, research notes nobody who clones
it has) or at tracker issue numbers ("issue 3"), which mean nothing to a reader
of the repository. The domain is written down in docs/domain/; cite that.

No database: these tests read files only.
"""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Not scanned: the lock file (hashes and URLs of packages) and this file, which
# has to spell the patterns out.
SKIPPED = frozenset({"uv.lock", "tests/test_repository_stands_alone.py"})

# Research notes kept outside the repository while it was built. A mention of
# one of these names is a reference to something the reader does not have,
# unless the repository itself holds a file of that name.
OUTSIDE_NOTES = ("domain.md", "tax-rules.md", "anchors.md", "style.md", "stack-notes")

OUTSIDE_PATHS = re.compile(
    r"""
      /w[o]rk/                # the machine's working folder
    | (?:\.\./)+shared\b      # ../shared, ../../shared
    | \bshared/docs\b         # the shared notes folder
    | \bdomain\s*§            # "domain §9.2": a section of the outside notes
    """,
    re.VERBOSE,
)

# "issue 3", "Issue 3's", "issue #12", "issues #3", "issues 3 and 4",
# "(issue: search)"; not the verb ("a worker issues 30 queries").
ISSUE_NUMBERS = re.compile(
    r"""
      \bissue[ \t]*\#?[ \t]*\d+
    | \bissues[ \t]*\#[ \t]*\d+
    | \bissues[ \t]+\d+(?:[ \t]*,[ \t]*\d+)*[ \t]*,?[ \t]*(?:and|or|&)[ \t]*\#?\d+
    | \(issues?:
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A URL may legitimately contain any of these (a third-party library's issue
# tracker, a path on another site); it is cut out before matching.
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def _note_pattern(tracked_names: frozenset[str]) -> re.Pattern[str]:
    absent = [name for name in OUTSIDE_NOTES if name not in tracked_names]
    alternatives = "|".join(re.escape(name) for name in absent)
    # Not part of a longer name: "lifestyle.md" and "docs/domain/rules.md" pass.
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def problems_in(text: str, *, notes: re.Pattern[str]) -> list[str]:
    """What in `text` points outside the repository, one entry per finding."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        without_urls = URL.sub(" ", line)
        for pattern in (OUTSIDE_PATHS, notes, ISSUE_NUMBERS):
            for match in pattern.finditer(without_urls):
                found.append(f"line {number}: {match.group(0)!r} in {line.strip()[:120]!r}")
    return found


def _tracked_files() -> list[str]:
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in result.stdout.decode().split("\0") if name]


def _text_of(path: Path) -> str | None:
    """The file's text, or None for a binary (or missing) file."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _default_notes() -> re.Pattern[str]:
    return _note_pattern(frozenset())


def test_no_tracked_file_points_outside_the_repository_or_at_issue_numbers() -> None:
    files = _tracked_files()
    assert "README.md" in files
    notes = _note_pattern(frozenset(Path(name).name for name in files))
    report = []
    scanned = 0
    for name in files:
        if name in SKIPPED:
            continue
        text = _text_of(ROOT / name)
        if text is None:
            continue
        scanned += 1
        report += [f"{name}, {problem}" for problem in problems_in(text, notes=notes)]
    assert scanned > 100
    assert not report, (
        "Cite docs/domain/ (or say what the thing is) instead of notes outside the "
        "repository or issue numbers:\n" + "\n".join(report)
    )


@pytest.mark.parametrize(
    "text",
    [
        # Built from parts, so that this file names no outside path itself.
        "Sources: /" + "work/shared/docs/tax-rules.md section 1.",
        "see ../" + "shared/docs/anchors.md",
        "shared/docs holds the notes",
        "(domain.md 3.1)",
        "# tax-rules.md 1, case A",
        "the house rules in style.md",
        "measured in stack-notes",
        "plan for 2-5 million (domain §9.2)",
        "vendors and their products (issue 3)",
        "Issue 3's whole vendor journey",
        "issues 3 and 4",
        "fixed in issue #12",
        "## Catalog search (issue: search)",
    ],
)
def test_a_reference_outside_the_repository_is_found(text: str) -> None:
    assert problems_in(text, notes=_default_notes())


@pytest.mark.parametrize(
    "text",
    [
        "See docs/domain/rules.md, section 1, and docs/domain/taxes.md, example G1.",
        "The glossary (docs/domain/glossary.md) and lifecycles.md.",
        "a lifestyle.md page and a domain-model.md page",
        "https://github.com/example/library/issues/123 explains the workaround",
        "Upstream bug: https://example.org/" + "work/tracker/issue/7",
        "`POST /auth/token` issues a bearer token",
        "a fresh worker issues 30 queries; there is no issue here",
        "its /tmp fallback is what we want for the lock file",
        "Kabupaten Batang #1 in Jawa Tengah",
    ],
)
def test_legitimate_text_is_not_flagged(text: str) -> None:
    assert problems_in(text, notes=_default_notes()) == []
