"""The fixed vocabularies of the partner's reach (issue 13): where a partner works, which languages
it speaks and what it does. The directory (PA12), the calls for tenders (PA13) and their matching
read these lists; the portal translates the labels. Codes are stable: stored rows and URLs use them.

Regions are ISO 3166-2 subdivision codes of the countries the provider serves (Swiss cantons,
Liechtenstein as a whole, French regions, German Länder, Italian regions, Austrian states, Belgian
regions, Luxembourg as a whole). A country code alone ("CH") in a partner's served regions means
every region of that country."""
from services.common.i18n import LANGUAGES

SPECIALITIES = (
    "web-design",        # websites and their design
    "e-commerce",        # online shops
    "hosting",           # web hosting and servers
    "domains",           # domain names and DNS
    "email",             # mail services and migrations
    "collaboration",     # kSuite, office and collaboration tools
    "cloud",             # cloud servers and public cloud
    "development",       # custom software and applications
    "seo-marketing",     # search engines and online marketing
    "security",          # security, backups and certificates
    "support",           # IT support and maintenance
    "training",          # training and coaching
)

REGIONS = {
    "CH": ("CH-AG", "CH-AI", "CH-AR", "CH-BE", "CH-BL", "CH-BS", "CH-FR", "CH-GE", "CH-GL", "CH-GR", "CH-JU",
           "CH-LU", "CH-NE", "CH-NW", "CH-OW", "CH-SG", "CH-SH", "CH-SO", "CH-SZ", "CH-TG", "CH-TI", "CH-UR",
           "CH-VD", "CH-VS", "CH-ZG", "CH-ZH"),
    "LI": ("LI",),
    "FR": ("FR-ARA", "FR-BFC", "FR-BRE", "FR-CVL", "FR-COR", "FR-GES", "FR-HDF", "FR-IDF", "FR-NOR", "FR-NAQ",
           "FR-OCC", "FR-PDL", "FR-PAC"),
    "DE": ("DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV", "DE-NI", "DE-NW", "DE-RP",
           "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH"),
    "IT": ("IT-65", "IT-77", "IT-78", "IT-72", "IT-45", "IT-36", "IT-62", "IT-42", "IT-25", "IT-57", "IT-67",
           "IT-21", "IT-75", "IT-88", "IT-82", "IT-52", "IT-32", "IT-55", "IT-23", "IT-34"),
    "AT": ("AT-1", "AT-2", "AT-3", "AT-4", "AT-5", "AT-6", "AT-7", "AT-8", "AT-9"),
    "BE": ("BE-BRU", "BE-VLG", "BE-WAL"),
    "LU": ("LU",),
}
COUNTRIES = tuple(REGIONS)
ALL_REGIONS = tuple(code for codes in REGIONS.values() for code in codes)
PROFILE_LANGUAGES = LANGUAGES  # the five languages of the portal, and of the directory's descriptions


def country_of(region):
    """The country a region code belongs to ("CH-VD" -> "CH", "LI" -> "LI"); None for an unknown code."""
    for country, codes in REGIONS.items():
        if region in codes:
            return country
    return None


def serves(served, region):
    """PA13: whether a partner serving `served` (region codes, or country codes for a whole country)
    works in `region`."""
    return region in served or country_of(region) in served
