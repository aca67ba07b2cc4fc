from flask import Response, g, request
from flask.views import MethodView

from services.common.web import Blueprint, accepts_media

from .. import images, logos
from .tokens import person

blp = Blueprint("logos", __name__, url_prefix="/v1/organizations/<uuid:organization_id>/logos",
                description="Uploaded logos (OR1, OR10)")

PERSON = [{"bearer": ["orgs"]}]
BINARY = {"type": "string", "format": "binary"}
UPLOAD = {"required": True, "description": "The image itself (at most 512 KiB and 2048 x 2048 pixels; a square "
                                           "logo within 2 % of square, a rectangular one wider than tall).",
          "content": {media_type: {"schema": BINARY} for media_type in images.MEDIA_TYPES}}
CACHING = {"ETag": {"description": "The PNG's sha256, quoted", "schema": {"type": "string"}},
           "Cache-Control": {"description": "private, max-age=300", "schema": {"type": "string"}}}
MAX_AGE = 300


def _png(logo, status=200):
    headers = {"ETag": f'"{logo.sha256}"', "Cache-Control": f"private, max-age={MAX_AGE}"}
    return Response(logo.png if status == 200 else b"", status=status, mimetype="image/png", headers=headers)


@blp.route("/<any(square, rectangular):kind>")
class Logo(MethodView):
    decorators = [person()]

    @blp.response(200, BINARY, content_type="image/png", headers=CACHING, description="The logo as PNG")
    @blp.alt_response(304, description="Not modified: the If-None-Match ETag is current", headers=CACHING)
    @blp.doc(security=PERSON)
    def get(self, organization_id, kind):
        """The logo as PNG, to any member; 304 when If-None-Match names its ETag."""
        logo = logos.get_logo(organization_id, g.account_id, kind)
        return _png(logo, 304 if request.if_none_match.contains(logo.sha256) else 200)

    @accepts_media(*images.MEDIA_TYPES)
    @blp.response(200, BINARY, content_type="image/png", headers=CACHING, description="The PNG now kept")
    @blp.doc(security=PERSON, requestBody=UPLOAD)
    def put(self, organization_id, kind):
        """OR1: upload a PNG, JPEG or WebP logo; it is kept re-encoded as PNG (no metadata).
        OR10: administrators and legal representatives only."""
        logo = logos.put_logo(organization_id, g.account_id, kind, request.mimetype, request.get_data(cache=False))
        return _png(logo)

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, kind):
        """Remove the uploaded logo (OR10: administrators and legal representatives only)."""
        logos.delete_logo(organization_id, g.account_id, kind)
