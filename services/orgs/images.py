"""OR1 logos: what an uploaded image must be, and the PNG we keep of it. Pillow only, no web.

Re-encoding as PNG keeps the pixels and nothing else: no metadata (EXIF, GPS, comments), and
no bytes of the upload itself, so a file that is also a script or an HTML page (a polyglot)
never comes back out of our API.
"""
import hashlib
import io
import warnings

from PIL import Image, UnidentifiedImageError

from services.common.errors import PayloadTooLarge, RuleViolation, UnsupportedMediaType
from services.common.i18n import N_

MEDIA_TYPES = ("image/png", "image/jpeg", "image/webp")
FORMATS = {"PNG", "JPEG", "WEBP"}  # what Pillow calls the same three
MAX_BYTES = 512 * 1024
MAX_SIDE = 2048
SQUARE_TOLERANCE = 0.02  # a "square" logo may be 2 % off
KINDS = ("square", "rectangular")


def check_upload(media_type, size):
    """Before decoding anything: one of the three types, at most 512 KiB."""
    if media_type not in MEDIA_TYPES:
        raise UnsupportedMediaType(N_("Send the logo as image/png, image/jpeg or image/webp."))
    if size > MAX_BYTES:
        raise PayloadTooLarge(N_("A logo is at most 512 KiB."))


def shape_problem(kind, width, height):
    """Why a `kind` logo of width x height pixels is refused, or None (OR1)."""
    if width > MAX_SIDE or height > MAX_SIDE:
        return N_("A logo is at most 2048 x 2048 pixels.")
    if kind == "square" and abs(width - height) > SQUARE_TOLERANCE * max(width, height):
        return N_("A square logo must be as wide as it is tall.")
    if kind == "rectangular" and width <= height:
        return N_("A rectangular logo must be wider than it is tall.")
    return None


def _decoded(data):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise RuleViolation("OR1", N_("The logo is not a PNG, JPEG or WebP image."))
            return image
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError, OSError):
        raise RuleViolation("OR1", N_("The logo is not a PNG, JPEG or WebP image.")) from None


def logo_png(kind, media_type, data):
    """(png bytes, sha256 hex) of an uploaded `kind` logo; raises when it is not acceptable."""
    check_upload(media_type, len(data))
    image = _decoded(data)
    problem = shape_problem(kind, *image.size)  # read from the header: nothing decoded yet
    if problem:
        raise RuleViolation("OR1", problem)
    try:
        image.load()
        pixels = image.convert("RGBA" if image.mode in ("RGBA", "LA", "PA", "P") else "RGB")
    except (OSError, ValueError, SyntaxError):
        raise RuleViolation("OR1", N_("The logo is not a PNG, JPEG or WebP image.")) from None
    out = io.BytesIO()
    pixels.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    return png, hashlib.sha256(png).hexdigest()
