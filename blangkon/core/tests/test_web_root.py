from typing import cast

from django.http import StreamingHttpResponse
from django.test import Client


def test_the_favicon_is_served_at_the_site_root(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(cast(StreamingHttpResponse, response).streaming_content)  # type: ignore[arg-type]
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO header
