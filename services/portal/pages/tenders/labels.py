"""Names of the tenders' codes in the person's language: statuses and product families (billing's
names) here; specialities, countries, regions and languages are the directory's
(pages/directory/labels.py, one list of partner's vocabularies for the whole portal;
tests/unit/test_tender_labels.py keeps it equal to services/partner/reach.py)."""
from flask_babel import gettext

from services.common.i18n import LANGUAGE_NAMES, N_

from ..billing.labels import FAMILIES
from ..directory.labels import REGION_NAMES, SPECIALITY_NAMES, region_groups  # noqa: F401 (the form's)
from . import bp

STATUSES = {"unverified": N_("waiting for email verification"), "open": N_("open"), "closed": N_("closed"),
            "withdrawn": N_("withdrawn"), "awarded": N_("awarded"), "removed": N_("removed")}


def _name(table):
    return lambda code: gettext(table[code]) if code in table else (code or "")


def speciality_options():
    return [(code, gettext(name)) for code, name in SPECIALITY_NAMES.items()]


def family_options():
    return [(code, gettext(name)) for code, name in FAMILIES.items()]


def language_options():
    return list(LANGUAGE_NAMES.items())


GLOBALS = {"tender_status_name": _name(STATUSES)}
for _global, _function in GLOBALS.items():
    bp.add_app_template_global(_function, _global)
