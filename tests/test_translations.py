"""Simplified Chinese must be complete: every user-facing string has a Chinese translation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("locale*/**/zh_Hans/LC_MESSAGES/django.po"))
SKIP_DIRS = {".venv", "var", "staticfiles", "tests", "benchmarks", "locale", "locale-parts", ".git", "node_modules"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entries(path):
    po = polib.pofile(str(path))

    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_the_source(path):
    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))

    def entries(catalogue):
        return {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in catalogue if e.msgid}

    assert entries(mo) == entries(po.translated_entries())


def _extract(tmp_path: Path) -> polib.POFile:
    """Run Django's makemessages over a copy of the sources, with no catalogue to merge into."""
    copy = tmp_path / "src"
    for item in ROOT.iterdir():
        if item.name in SKIP_DIRS or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, copy / item.name, ignore=shutil.ignore_patterns("vendored", "__pycache__"))
        else:
            copy.mkdir(exist_ok=True)
            shutil.copy2(item, copy / item.name)
    (copy / "locale").mkdir()
    env = {**os.environ, "KEJIJIE_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(copy)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location", "--no-wrap"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))


@pytest.mark.skipif(shutil.which("xgettext") is None and not os.environ.get("CI"), reason="needs GNU gettext")
def test_every_string_in_the_code_is_translated_to_chinese(tmp_path):
    extracted = _extract(tmp_path)

    missing = []
    with translation.override("zh-hans"):
        for entry in extracted:
            if entry.msgid_plural:
                translated = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            elif entry.msgctxt:
                translated = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                translated = translation.gettext(entry.msgid)
            if translated == entry.msgid:
                missing.append(entry.msgid)

    assert missing == []
