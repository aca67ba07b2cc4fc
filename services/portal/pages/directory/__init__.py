"""The partner directory (PA12), public: searching approved partners by words, place, language
and speciality (/directory), a partner's profile page (/directory/<slug>: indexable, with its
title, description and canonical address) and its logo. No login: the blueprint is public.
Through partner's public API (apis/directory.py). The partner edits its profile on
/partner/profile (pages/partner/profile.py)."""
from flask import Blueprint

from services.common.i18n import N_

bp = Blueprint("directory", __name__, template_folder="templates")
bp.public = True  # app._require_sign_in: every page of this slice is for anybody
NAV = [(65, "directory.search", N_("Partner directory"))]

from . import labels  # noqa: E402

for _name, _function in labels.GLOBALS.items():
    bp.add_app_template_global(_function, _name)

from . import pages  # noqa: E402,F401  (routes)
