"""The portal's copy of the reach vocabularies (the portal imports no service's code) is
partner's: the same codes in the same order, each with a name (PA12, PA13)."""
from services.partner import reach
from services.portal.pages.directory import labels


def test_pa12_the_portals_vocabularies_are_partners():
    assert labels.SPECIALITIES == reach.SPECIALITIES
    assert labels.COUNTRIES == reach.COUNTRIES
    assert labels.REGIONS == reach.REGIONS
    assert labels.PROFILE_LANGUAGES == reach.PROFILE_LANGUAGES
