"""Keeping the translation catalogues complete (services.common.i18n).

A *slice* is a folder with a `translations/` folder beside its code and templates. Its
strings are the `_()`, `N_()`, `gettext()`, `ngettext()` and `lazy_gettext()` calls of its .py
files and the `_()`/`{% trans %}` of its .html templates (subfolders that are slices of their
own excluded); each language of i18n.TRANSLATED has `translations/<lang>.po` with them.

    python -m services.common.catalogues update services/portal   # add new strings, drop gone ones
    python -m services.common.catalogues check services/portal    # missing, untranslated, fuzzy, bad placeholders

`update` leaves new entries empty for a translator; `check` (run by the tests) fails until
every entry of every language is translated and not fuzzy.
"""
import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from .i18n import TRANSLATED

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}
METHODS = {".py": "python", ".html": "jinja2", ".txt": "jinja2"}
OPTIONS = {"jinja2": {"extensions": "jinja2.ext.do"}}


def slices(root):
    """Every slice folder under `root` (itself included when it is one)."""
    return sorted(path.parent for path in Path(root).rglob("translations") if path.is_dir())


def _own_files(folder):
    nested = [s for s in slices(folder) if s != folder]
    for path in sorted(folder.rglob("*")):
        if path.suffix in METHODS and "translations" not in path.parts and "__pycache__" not in path.parts \
                and not any(n in path.parents for n in nested):
            yield path


def extract(folder):
    """{msgid (str, or (singular, plural)): [(file, line)]} of one slice."""
    folder = Path(folder)
    messages = {}
    for path in _own_files(folder):
        method = METHODS[path.suffix]
        for line, message, _comments, _context in extract_from_file(method, str(path), keywords=KEYWORDS,
                                                                    options=OPTIONS.get(method)):
            key = message if isinstance(message, str) else tuple(message[:2])
            if key:
                messages.setdefault(key, []).append((str(path.relative_to(folder)), line))
    return messages


def _read(path, language):
    if not path.exists():
        return Catalog(locale=language)
    with open(path, "rb") as file:
        return read_po(file, locale=language)


def update(folder):
    """Bring every language's catalogue of the slice in line with its code; returns the
    number of entries still to translate."""
    folder = Path(folder)
    messages = extract(folder)
    todo = 0
    for language in TRANSLATED:
        path = folder / "translations" / f"{language}.po"
        old = _read(path, language)
        new = Catalog(locale=language, project="partner-portal", charset="utf-8")
        for key, locations in messages.items():
            previous = old.get(key if isinstance(key, str) else key[0])
            string = previous.string if previous else ("" if isinstance(key, str) else ("", ""))
            flags = previous.flags if previous else ()
            new.add(key, string, locations=locations, flags=flags)
            todo += not _translated(new.get(key if isinstance(key, str) else key[0]))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as file:
            write_po(file, new, width=100, omit_header=False, sort_output=True)
    return todo


def _translated(message):
    strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
    return all(strings) and not message.fuzzy


def problems(folder):
    """[(language, msgid, what)] of one slice: what is "missing", "untranslated", "fuzzy",
    "obsolete" (in the catalogue, no longer in the code) or a placeholder error."""
    folder = Path(folder)
    messages = extract(folder)
    found = []
    for language in TRANSLATED:
        catalogue = _read(folder / "translations" / f"{language}.po", language)
        for key in messages:
            msgid = key if isinstance(key, str) else key[0]
            message = catalogue.get(msgid)
            if message is None:
                found.append((language, msgid, "missing"))
            elif not _translated(message):
                found.append((language, msgid, "fuzzy" if message.fuzzy else "untranslated"))
        known = {key if isinstance(key, str) else key[0] for key in messages}
        found += [(language, m.id if isinstance(m.id, str) else m.id[0], "obsolete")
                  for m in catalogue if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in known]
        for message, errors in catalogue.check():
            found += [(language, message.id, f"placeholders: {error}") for error in errors]
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m services.common.catalogues", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("update", "check"))
    parser.add_argument("roots", nargs="+", help="folders holding slices (e.g. services/portal)")
    args = parser.parse_args(argv)
    failed = False
    for root in args.roots:
        for folder in slices(root):
            if args.command == "update":
                print(f"{folder}: {update(folder)} entries to translate")
            else:
                for language, msgid, what in problems(folder):
                    failed = True
                    print(f"{folder}/translations/{language}.po: {what}: {msgid!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
