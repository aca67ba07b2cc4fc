"""Every string of ours has a translation in French, German, Italian and Spanish: a missing,
empty or fuzzy entry, one left over from removed code, or one whose placeholders differ from
the English fails here. `python -m services.common.catalogues update <folder>` adds new ones."""
from pathlib import Path

import pytest

from services.common import catalogues

ROOT = Path(__file__).resolve().parents[2]
SLICES = catalogues.slices(ROOT / "services")


def test_there_are_catalogues_to_check():
    assert SLICES, "no translations/ folder under services/"


@pytest.mark.parametrize("folder", SLICES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated_in_every_language(folder):
    problems = catalogues.problems(folder)
    assert not problems, "\n".join(f"{lang}: {what}: {msgid!r}" for lang, msgid, what in problems[:40])


def test_a_missing_or_fuzzy_entry_is_found(tmp_path):
    (tmp_path / "page.html").write_text('<p>{{ _("Hello") }}</p><p>{{ _("Bye") }}</p>')
    catalogues.update(tmp_path)
    assert {(what, msgid) for _, msgid, what in catalogues.problems(tmp_path)} == {
        ("untranslated", "Hello"), ("untranslated", "Bye")}
    de = tmp_path / "translations" / "de.po"
    de.write_text(de.read_text().replace('msgid "Bye"\nmsgstr ""', '#, fuzzy\nmsgid "Bye"\nmsgstr "Tschüss"'))
    found = {(lang, msgid, what) for lang, msgid, what in catalogues.problems(tmp_path)}
    assert ("de", "Bye", "fuzzy") in found and ("de", "Hello", "untranslated") in found
