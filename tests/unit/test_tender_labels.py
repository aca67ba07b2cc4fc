"""The portal names every code of partner's vocabularies (the portal may not import them)."""
from services.common.pricing import FAMILIES
from services.partner.reach import ALL_REGIONS, SPECIALITIES
from services.portal.pages.billing.labels import FAMILIES as FAMILY_NAMES
from services.portal.pages.tenders.labels import REGION_NAMES, SPECIALITY_NAMES


def test_pa13_the_tender_form_offers_exactly_partners_codes():
    assert list(SPECIALITY_NAMES) == list(SPECIALITIES)
    assert set(REGION_NAMES) == set(ALL_REGIONS)
    assert set(FAMILY_NAMES) == set(FAMILIES)
