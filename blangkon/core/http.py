from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind the reverse proxy, gunicorn is started with
    --forwarded-allow-ips so REMOTE_ADDR already holds the real client."""
    return request.META.get("REMOTE_ADDR") or None
