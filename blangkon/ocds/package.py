"""An OCDS release package written as a stream of text: the package's fields,
then the releases one by one as they are made, then the paging links. Nothing
holds the whole package, so an export of a million orders takes the memory of
one chunk (selectors.py)."""

import datetime
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone

from blangkon.ocds.releases import when
from blangkon.ocds.schema import OCDS_VERSION

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PUBLICATION_POLICY_PATH = "/open-data/"
RELEASES_PATH = "/api/v1/open-data/ocds/releases.json"
# Releases per piece of text handed on: fewer, larger writes.
RELEASES_PER_PIECE = 50


def site_url(path: str) -> str:
    """An absolute URL on SITE_DOMAIN, for what is written without a request."""
    protocol = "https" if settings.PRODUCTION else "http"
    return f"{protocol}://{settings.SITE_DOMAIN}{path}"


def package_fields(
    *, uri: str, published: datetime.datetime | None, site: str, policy: str
) -> dict[str, Any]:
    """The package's own fields. `published` is the newest release's date
    (OCDS: a package made on demand dates its contents' last change); now
    when there is none."""
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": when(published or timezone.now()),
        "publisher": {"name": settings.OCDS_PUBLISHER_NAME, "uri": site},
        "license": LICENSE,
        "publicationPolicy": policy,
    }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def package_text(
    fields: dict[str, Any],
    releases: Iterable[dict[str, Any]],
    *,
    links: dict[str, str] | None = None,
) -> Iterator[str]:
    """The package as pieces of JSON text."""
    yield _dump(fields)[:-1] + ',"releases":['
    written = 0
    piece: list[str] = []
    for release in releases:
        piece.append(_dump(release))
        written += 1
        if len(piece) == RELEASES_PER_PIECE:
            yield ("," if written > len(piece) else "") + ",".join(piece)
            piece = []
    if piece:
        yield ("," if written > len(piece) else "") + ",".join(piece)
    yield "]" + (f',"links":{_dump(links)}' if links else "") + "}\n"
