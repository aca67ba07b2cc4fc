"""PA12: the directory. A partner's managers edit its profile and logo; anyone (no login) searches
the listed profiles, reads one by its slug and fetches its logo."""
import functools

from flask import Response, g, request
from flask.views import MethodView

from services.common.web import Blueprint

from .. import directory
from ..schemas_directory import DirectoryPageOut, DirectoryQuery, LogoIn, ProfileIn, ProfileOut, PublicProfileOut
from .people import PERSON, extension, person

blp = Blueprint("partner_profile", __name__, url_prefix="/v1/partners/<uuid:partner_organization_id>/profile",
                description="PA12: the partner's directory profile and logo.")
public = Blueprint("directory", __name__, url_prefix="/v1/directory",
                   description="PA12: the public directory of approved partners (no login).")
LOGO_MAX_AGE = 300
BINARY = {"type": "string", "format": "binary"}
CACHING = {"ETag": {"description": "The logo's sha256, quoted", "schema": {"type": "string"}},
           "Cache-Control": {"description": f"public, max-age={LOGO_MAX_AGE}", "schema": {"type": "string"}}}


def manager(view):
    """The caller manages this partner: checked before the body is read (another's: 404)."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        directory.allow(extension("access_client"), g.account_id, kwargs["partner_organization_id"])
        return view(*args, **kwargs)
    return wrapper


@blp.route("")
class Profile(MethodView):
    decorators = [manager, person()]

    @blp.response(200, ProfileOut)
    @blp.doc(security=PERSON)
    def get(self, partner_organization_id):
        """The partner's profile, published or not (404 before its first save)."""
        return directory.profile(partner_organization_id)

    @blp.arguments(ProfileIn)
    @blp.response(200, ProfileOut)
    @blp.doc(security=PERSON)
    def put(self, body, partner_organization_id):
        """The whole profile. 422 PA12 when the organization is not an approved partner."""
        return directory.save(partner_organization_id, body)


@blp.route("/logo")
class Logo(MethodView):
    decorators = [manager, person()]

    @blp.arguments(LogoIn)
    @blp.response(200, ProfileOut)
    @blp.doc(security=PERSON)
    def put(self, body, partner_organization_id):
        """The logo: PNG or JPEG (by its first bytes), at most 200 kB, else 422 PA12."""
        return directory.put_logo(partner_organization_id, body["image"])

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, partner_organization_id):
        """Remove the logo."""
        directory.delete_logo(partner_organization_id)


@public.route("")
class Search(MethodView):
    @public.arguments(DirectoryQuery, location="query")
    @public.response(200, DirectoryPageOut)
    def get(self, query):
        """Search the listed profiles: full text over names and descriptions (relevance, then name)
        with `q`, by name without; filters by country, region, language and speciality."""
        return directory.search(query)


@public.route("/<string(maxlength=80):slug>")
class PublicProfile(MethodView):
    @public.response(200, PublicProfileOut)
    def get(self, slug):
        """A listed profile with all its descriptions; 404 once unpublished or the approval ended."""
        return directory.public_profile(slug)


@public.route("/<string(maxlength=80):slug>/logo")
class PublicLogo(MethodView):
    @public.response(200, BINARY, content_type="image/png", headers=CACHING, description="The logo (PNG or JPEG)")
    @public.alt_response(304, description="Not modified: the If-None-Match ETag is current", headers=CACHING)
    def get(self, slug):
        """A listed profile's logo (cacheable); 304 when If-None-Match names its ETag."""
        content, media_type, etag = directory.public_logo(slug)
        fresh = request.if_none_match.contains(etag)
        return Response(b"" if fresh else content, status=304 if fresh else 200, mimetype=media_type,
                        headers={"ETag": f'"{etag}"', "Cache-Control": f"public, max-age={LOGO_MAX_AGE}"})
