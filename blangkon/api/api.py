"""The versioned API: /api/v1/. Each domain app contributes a router."""

from django.conf import settings
from django.views.decorators.csp import csp_override

from blangkon.api.auth import TokenAuth
from blangkon.api.errors import install_error_handlers
from blangkon.api.openapi import DocumentedAPI
from blangkon.api.routers import (
    accounts,
    bulk,
    cart,
    documents,
    invoices,
    negotiations,
    notifications,
    ocds,
    order_receiving,
    order_writes,
    paperwork,
    payment_books,
    payments,
    procurement,
    products,
    ratings,
    red_flags,
    reference,
    search,
    stats,
    taxes,
    transactions,
    vendors,
    virtual_accounts,
)
from blangkon.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

api = DocumentedAPI(
    title="Blangkon API",
    version="1",
    description=(
        "Public reference data and authenticated access to the Blangkon e-catalog. "
        "Errors always have the shape {code, message, fields}; each operation lists the "
        f"statuses it can answer. Lists take limit (1 to {MAX_LIMIT}, default {DEFAULT_LIMIT}) "
        f"and offset (0 to {MAX_OFFSET:,})."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    # Swagger UI (served from our own static files) sets inline styles.
    docs_decorator=csp_override(
        {**settings.SECURE_CSP, "style-src": ["'self'", "'unsafe-inline'"]}
    ),
)
install_error_handlers(api)
api.add_router("/", reference.router)
api.add_router("/", accounts.router)
api.add_router("/", vendors.router)
api.add_router("/", search.router)
api.add_router("/", products.router)
api.add_router("/", documents.router)
api.add_router("/", bulk.router)
api.add_router("/", procurement.router)
api.add_router("/", cart.router)
api.add_router("/", notifications.router)
# order_writes adds its operations to orders.router (GET and POST /orders share a path).
api.add_router("/", order_writes.router)
api.add_router("/", order_receiving.router)
api.add_router("/", invoices.router)
api.add_router("/", negotiations.router)
api.add_router("/", taxes.router)
api.add_router("/", paperwork.router)
api.add_router("/", payment_books.router)
api.add_router("/", payments.router)
api.add_router("/", ratings.router)
api.add_router("/", virtual_accounts.router)
api.add_router("/", stats.router)
api.add_router("/", ocds.router)
api.add_router("/", transactions.router)
api.add_router("/", red_flags.router)
