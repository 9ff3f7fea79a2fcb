"""The JSON API: one NinjaAPI, its error mapping, and the routers of each app.

Served under /api/ (see ``api_urls``); schema at /api/openapi.json, docs at /api/docs.
Authentication lives in ``api_common`` so routers can import it; this module imports the
routers, so a new app's endpoints are one line in ``ROUTERS``.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from accordwatch.api_common import SIGNED_IN

# Each app's router, mounted at the API's root; its paths carry their own prefix.
ROUTERS: dict[str, str] = {
    "core": "accordwatch.core.api.router",
    "commitments": "accordwatch.commitments.api.router",
    "incidents": "accordwatch.incidents.api.router",
    "sanctions": "accordwatch.sanctions.api.router",
    "assistance": "accordwatch.assistance.api.router",
    "situation": "accordwatch.situation.api.router",
}

api = NinjaAPI(
    title="accordwatch API",
    version="1",
    description=(
        "Read the peace process's documents, commitments, assessments, scores and meetings; "
        "editors record assessments. Anonymous callers see published public records only. "
        "Authenticate with `Authorization: Bearer <token>` (`accordwatch token create USER`) "
        "or with the web session (plus the CSRF token for writes)."
    ),
    urls_namespace="api",
    # Writes need a signed-in caller unless an endpoint opts in to the public (ANYONE).
    auth=SIGNED_IN,
    # ninja renders its Swagger page from its own static files (it is in INSTALLED_APPS),
    # never from a CDN. No validator: Swagger UI would otherwise call validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)

for _tag, _router in ROUTERS.items():
    api.add_router("", _router, tags=[_tag])


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden."}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def _not_found(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    # Selectors only return what the caller may see, so a record hidden from the caller is
    # reported exactly like one that does not exist.
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A service's validation error, in the shape ninja gives its own (422, field in loc)."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"type": "value_error", "loc": ["body", "payload", field], "msg": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [
            {"type": "value_error", "loc": ["body", "payload"], "msg": m} for m in exc.messages
        ]
    return api.create_response(request, {"detail": errors}, status=422)
