"""PA13's delivery matrix: a call for tenders reaches exactly the partners that are approved, opted in,
serve its region (their own region when they name none; a country code serves all its regions; named
regions replace their own), speak its language and have its speciality, over every combination of
region × language × speciality × opt-in × approval, for a client's tender (open at once) and a
visitor's (delivered at verification). The expected set is computed here, independently of
tender_matching.py."""
import itertools
import uuid
from datetime import datetime, timezone

import pytest

from services.partner.models import TenderDelivery

from .partner_links_served import links_system, orgs  # noqa: F401 - fixtures
from .partner_tenders_support import partner_row, post_client, post_visitor, profile

START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
# (the profile's own region, its regions_served, whether that reaches the tender's region), per tender region
REGIONS = {
    "CH-VD": {"own": ("CH-VD", (), True), "served-region": ("CH-GE", ("CH-GE", "CH-VD"), True),
              "served-country": ("FR-ARA", ("CH",), True), "elsewhere": ("CH-GE", (), False),
              "served-elsewhere": ("CH-VD", ("FR",), False), "other-country": ("DE-BY", ("DE",), False)},
    "LI": {"own": ("LI", (), True), "served-country": ("CH-SG", ("LI", "CH-SG"), True),
           "elsewhere": ("CH-SG", ("CH",), False), "served-elsewhere": ("LI", ("AT-8",), False)},
}
LANGUAGES = {True: ("de", "fr"), False: ("de", "it")}
SPECIALITIES = {True: ("hosting", "web-design"), False: ("hosting",)}
APPROVALS = ("approved", "ended", None)  # None: an applicant without a Partner row


def seed(tender_region):
    expected, everyone = set(), set()
    for case, speaks, does, opt_in, approval in itertools.product(REGIONS[tender_region], (True, False),
                                                                  (True, False), (True, False), APPROVALS):
        own, served, reaches = REGIONS[tender_region][case]
        org = uuid.uuid4()
        if approval:
            partner_row(org, status=approval)
        profile(org, region=own, served=served, languages=LANGUAGES[speaks], specialities=SPECIALITIES[does],
                opt_in=opt_in)
        everyone.add(str(org))
        if reaches and speaks and does and opt_in and approval == "approved":
            expected.add(str(org))
    return expected, everyone


def delivered(tender_id):
    return {str(row.partner_organization_id) for row in TenderDelivery.select().where(TenderDelivery.tender == tender_id)}


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_pa13_a_tender_reaches_exactly_the_matching_partners(links_system, clock, region):
    clock.set(START)
    expected, everyone = seed(region)
    assert expected and len(everyone) >= 4 * 2 * 2 * 2 * 3
    by_client = post_client(links_system.client(), region=region, language="fr", speciality="web-design")
    assert delivered(by_client["id"]) == expected
    by_visitor, _ = post_visitor(links_system, region=region, language="fr", speciality="web-design")
    assert delivered(by_visitor["id"]) == expected
