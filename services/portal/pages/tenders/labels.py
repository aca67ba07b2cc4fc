"""Names of the tenders' codes in the person's language: specialities and statuses (our
catalogue), countries (Babel's names in the page's locale) and regions (their own local
names, as people there write them: "Zürich", "Genève", "Île-de-France"), product families
(billing's names). The portal imports no service's code: the codes are partner's
(services/partner/reach.py), repeated here with their names; tests/unit/test_tender_labels.py
keeps both lists equal."""
from flask_babel import get_locale, gettext

from services.common.i18n import LANGUAGE_NAMES, N_

from ..billing.labels import FAMILIES
from . import bp

SPECIALITY_NAMES = {
    "web-design": N_("Web design"), "e-commerce": N_("Online shops"), "hosting": N_("Hosting and servers"),
    "domains": N_("Domain names and DNS"), "email": N_("Email and migrations"),
    "collaboration": N_("Collaboration tools"), "cloud": N_("Cloud"), "development": N_("Software development"),
    "seo-marketing": N_("Search engines and marketing"), "security": N_("Security and backups"),
    "support": N_("IT support"), "training": N_("Training and coaching")}
STATUSES = {"unverified": N_("waiting for email verification"), "open": N_("open"), "closed": N_("closed"),
            "withdrawn": N_("withdrawn"), "awarded": N_("awarded"), "removed": N_("removed")}
REGION_NAMES = {
    "CH-AG": "Aargau", "CH-AI": "Appenzell Innerrhoden", "CH-AR": "Appenzell Ausserrhoden", "CH-BE": "Bern",
    "CH-BL": "Basel-Landschaft", "CH-BS": "Basel-Stadt", "CH-FR": "Fribourg", "CH-GE": "Genève", "CH-GL": "Glarus",
    "CH-GR": "Graubünden", "CH-JU": "Jura", "CH-LU": "Luzern", "CH-NE": "Neuchâtel", "CH-NW": "Nidwalden",
    "CH-OW": "Obwalden", "CH-SG": "St. Gallen", "CH-SH": "Schaffhausen", "CH-SO": "Solothurn", "CH-SZ": "Schwyz",
    "CH-TG": "Thurgau", "CH-TI": "Ticino", "CH-UR": "Uri", "CH-VD": "Vaud", "CH-VS": "Valais", "CH-ZG": "Zug",
    "CH-ZH": "Zürich", "LI": "Liechtenstein",
    "FR-ARA": "Auvergne-Rhône-Alpes", "FR-BFC": "Bourgogne-Franche-Comté", "FR-BRE": "Bretagne",
    "FR-CVL": "Centre-Val de Loire", "FR-COR": "Corse", "FR-GES": "Grand Est", "FR-HDF": "Hauts-de-France",
    "FR-IDF": "Île-de-France", "FR-NOR": "Normandie", "FR-NAQ": "Nouvelle-Aquitaine", "FR-OCC": "Occitanie",
    "FR-PDL": "Pays de la Loire", "FR-PAC": "Provence-Alpes-Côte d'Azur",
    "DE-BW": "Baden-Württemberg", "DE-BY": "Bayern", "DE-BE": "Berlin", "DE-BB": "Brandenburg", "DE-HB": "Bremen",
    "DE-HH": "Hamburg", "DE-HE": "Hessen", "DE-MV": "Mecklenburg-Vorpommern", "DE-NI": "Niedersachsen",
    "DE-NW": "Nordrhein-Westfalen", "DE-RP": "Rheinland-Pfalz", "DE-SL": "Saarland", "DE-SN": "Sachsen",
    "DE-ST": "Sachsen-Anhalt", "DE-SH": "Schleswig-Holstein", "DE-TH": "Thüringen",
    "IT-65": "Abruzzo", "IT-77": "Basilicata", "IT-78": "Calabria", "IT-72": "Campania", "IT-45": "Emilia-Romagna",
    "IT-36": "Friuli Venezia Giulia", "IT-62": "Lazio", "IT-42": "Liguria", "IT-25": "Lombardia", "IT-57": "Marche",
    "IT-67": "Molise", "IT-21": "Piemonte", "IT-75": "Puglia", "IT-88": "Sardegna", "IT-82": "Sicilia",
    "IT-52": "Toscana", "IT-32": "Trentino-Alto Adige", "IT-55": "Umbria", "IT-23": "Valle d'Aosta",
    "IT-34": "Veneto",
    "AT-1": "Burgenland", "AT-2": "Kärnten", "AT-3": "Niederösterreich", "AT-4": "Oberösterreich", "AT-5": "Salzburg",
    "AT-6": "Steiermark", "AT-7": "Tirol", "AT-8": "Vorarlberg", "AT-9": "Wien",
    "BE-BRU": "Bruxelles / Brussel", "BE-VLG": "Vlaanderen", "BE-WAL": "Wallonie", "LU": "Luxembourg"}


def _name(table):
    return lambda code: gettext(table[code]) if code in table else (code or "")


def country_name(code):
    return get_locale().territories.get(code, code)


def region_name(code):
    return REGION_NAMES.get(code, code or "")


def country_of(region):
    return region.split("-")[0]


def region_groups():
    """[(country name, [(region, name)])] for the region select, countries in the page's language."""
    groups = {}
    for region, name in REGION_NAMES.items():
        groups.setdefault(country_of(region), []).append((region, name))
    return [(country_name(country), regions) for country, regions in groups.items()]


def speciality_options():
    return [(code, gettext(name)) for code, name in SPECIALITY_NAMES.items()]


def family_options():
    return [(code, gettext(name)) for code, name in FAMILIES.items()]


def language_options():
    return list(LANGUAGE_NAMES.items())


GLOBALS = {"speciality_name": _name(SPECIALITY_NAMES), "tender_status_name": _name(STATUSES),
           "region_name": region_name, "country_name": country_name,
           "language_name": lambda code: LANGUAGE_NAMES.get(code, code or "")}
for _global, _function in GLOBALS.items():
    bp.add_app_template_global(_function, _global)
