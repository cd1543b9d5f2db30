"""Extract the catalog, update every language, fill new messages from pending JSON files.

    .venv/bin/python scripts/merge_translations.py   # then commit web/translations
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "web" / "translations"
LANGS = ("fr", "de", "es", "it", "el", "pt")


def pybabel(*args: str) -> None:
    """Run pybabel from this virtualenv."""
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), *args], cwd=ROOT, check=True)


def pending() -> dict[str, dict[str, str]]:
    """Every pending msgid -> {lang: text}."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted((TRANSLATIONS / "pending").glob("*.json")):
        for msgid, texts in json.loads(path.read_text(encoding="utf-8")).items():
            merged.setdefault(msgid, {}).update(texts)
    return merged


def main() -> int:
    """Extract, update, fill, compile; exit 1 listing any message still untranslated."""
    pot = TRANSLATIONS / "messages.pot"
    # N_ marks the assistant's fixed phrases (assistant/phrases.py), translated at answer time
    pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "--no-wrap", "--sort-by-file",
            "--project", "Integration Lab", "-o", str(pot), ".")
    pybabel("update", "-i", str(pot), "-d", str(TRANSLATIONS), "--no-wrap",
            "--no-fuzzy-matching", "--ignore-obsolete")
    fills = pending()
    missing: list[str] = []
    for lang in LANGS:
        po_path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            # the pending files are authoritative: a reworded translation replaces the old one
            if lang in fills.get(key, {}) and (message.string != fills[key][lang]
                                               or message.fuzzy):
                message.string = fills[key][lang]
                message.flags.discard("fuzzy")
            if not message.string or message.fuzzy:
                missing.append(f"{lang}: {key}")
        with po_path.open("wb") as fh:
            write_po(fh, catalog, width=0, ignore_obsolete=True)
    pybabel("compile", "-d", str(TRANSLATIONS))
    for line in missing:
        print(f"untranslated: {line}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
