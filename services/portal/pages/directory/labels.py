"""The reach vocabularies of partner (services/partner/reach.py: the portal does not import
another service's code; tests/unit/test_directory_labels.py checks both lists are the same) and
their names on pages: specialities and countries in the person's language; regions by their own
official names (proper names, the same in every language: "Vaud", "Bayern", "Île-de-France");
languages by their own names. The tender pages may use them too."""
from flask_babel import gettext

from services.common.i18n import LANGUAGE_NAMES, LANGUAGES, N_

SPECIALITY_NAMES = {
    "web-design": N_("Web design"), "e-commerce": N_("Online shops"), "hosting": N_("Web hosting"),
    "domains": N_("Domain names"), "email": N_("Email"), "collaboration": N_("Collaboration tools"),
    "cloud": N_("Cloud"), "development": N_("Software development"), "seo-marketing": N_("Search and marketing"),
    "security": N_("Security and backups"), "support": N_("IT support"), "training": N_("Training"),
}
COUNTRY_NAMES = {"CH": N_("Switzerland"), "LI": N_("Liechtenstein"), "FR": N_("France"), "DE": N_("Germany"),
                 "IT": N_("Italy"), "AT": N_("Austria"), "BE": N_("Belgium"), "LU": N_("Luxembourg")}
REGION_NAMES = {
    "CH-AG": "Aargau", "CH-AI": "Appenzell Innerrhoden", "CH-AR": "Appenzell Ausserrhoden", "CH-BE": "Bern / Berne",
    "CH-BL": "Basel-Landschaft", "CH-BS": "Basel-Stadt", "CH-FR": "Fribourg / Freiburg", "CH-GE": "Genève",
    "CH-GL": "Glarus", "CH-GR": "Graubünden / Grischun / Grigioni", "CH-JU": "Jura", "CH-LU": "Luzern",
    "CH-NE": "Neuchâtel", "CH-NW": "Nidwalden", "CH-OW": "Obwalden", "CH-SG": "St. Gallen", "CH-SH": "Schaffhausen",
    "CH-SO": "Solothurn", "CH-SZ": "Schwyz", "CH-TG": "Thurgau", "CH-TI": "Ticino", "CH-UR": "Uri", "CH-VD": "Vaud",
    "CH-VS": "Valais / Wallis", "CH-ZG": "Zug", "CH-ZH": "Zürich", "LI": "Liechtenstein",
    "FR-ARA": "Auvergne-Rhône-Alpes", "FR-BFC": "Bourgogne-Franche-Comté", "FR-BRE": "Bretagne",
    "FR-CVL": "Centre-Val de Loire", "FR-COR": "Corse", "FR-GES": "Grand Est", "FR-HDF": "Hauts-de-France",
    "FR-IDF": "Île-de-France", "FR-NOR": "Normandie", "FR-NAQ": "Nouvelle-Aquitaine", "FR-OCC": "Occitanie",
    "FR-PDL": "Pays de la Loire", "FR-PAC": "Provence-Alpes-Côte d'Azur",
    "DE-BW": "Baden-Württemberg", "DE-BY": "Bayern", "DE-BE": "Berlin", "DE-BB": "Brandenburg", "DE-HB": "Bremen",
    "DE-HH": "Hamburg", "DE-HE": "Hessen", "DE-MV": "Mecklenburg-Vorpommern", "DE-NI": "Niedersachsen",
    "DE-NW": "Nordrhein-Westfalen", "DE-RP": "Rheinland-Pfalz", "DE-SL": "Saarland", "DE-SN": "Sachsen",
    "DE-ST": "Sachsen-Anhalt", "DE-SH": "Schleswig-Holstein", "DE-TH": "Thüringen",
    "IT-65": "Abruzzo", "IT-77": "Basilicata", "IT-78": "Calabria", "IT-72": "Campania", "IT-45": "Emilia-Romagna",
    "IT-36": "Friuli-Venezia Giulia", "IT-62": "Lazio", "IT-42": "Liguria", "IT-25": "Lombardia", "IT-57": "Marche",
    "IT-67": "Molise", "IT-21": "Piemonte", "IT-75": "Puglia", "IT-88": "Sardegna", "IT-82": "Sicilia",
    "IT-52": "Toscana", "IT-32": "Trentino-Alto Adige / Südtirol", "IT-55": "Umbria", "IT-23": "Valle d'Aosta",
    "IT-34": "Veneto",
    "AT-1": "Burgenland", "AT-2": "Kärnten", "AT-3": "Niederösterreich", "AT-4": "Oberösterreich", "AT-5": "Salzburg",
    "AT-6": "Steiermark", "AT-7": "Tirol", "AT-8": "Vorarlberg", "AT-9": "Wien",
    "BE-BRU": "Bruxelles / Brussel", "BE-VLG": "Vlaanderen", "BE-WAL": "Wallonie", "LU": "Luxembourg",
}


SPECIALITIES = tuple(SPECIALITY_NAMES)
COUNTRIES = tuple(COUNTRY_NAMES)
PROFILE_LANGUAGES = LANGUAGES
# By country, in partner's order: "CH-VD" is in CH; "LI" and "LU" are whole countries.
REGIONS = {country: tuple(code for code in REGION_NAMES if code.split("-")[0] == country) for country in COUNTRIES}


def speciality_name(code):
    return gettext(SPECIALITY_NAMES[code]) if code in SPECIALITY_NAMES else code


def country_name(code):
    return gettext(COUNTRY_NAMES[code]) if code in COUNTRY_NAMES else code


def region_name(code):
    return REGION_NAMES.get(code, code)


def language_name(code):
    return LANGUAGE_NAMES.get(code, code)


def region_groups():
    """[(country name, [(code, region name)])] for a select with one group per country."""
    return [(country_name(country), [(code, region_name(code)) for code in codes]) for country, codes in REGIONS.items()]


GLOBALS = {"speciality_name": speciality_name, "country_name": country_name, "region_name": region_name,
           "language_name": language_name}
