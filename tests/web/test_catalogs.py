"""The six translation catalogs are complete, compiled, in step with the code, and keep placeholders.

Every check collects all offending messages and prints them with their language, so one run
lists everything a translator or `scripts/merge_translations.py` still has to do.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "web" / "translations"
LANGS = ("fr", "de", "es", "it", "el", "pt")
# the keywords scripts/merge_translations.py extracts with (babel's defaults plus _l)
EXTRACT_KEYWORDS = ("_l",)
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[sdifr]|\{(\w*)[^{}]*\}")


def _key(message: Any) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message: Any) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def load(lang: str) -> Catalog:
    """The .po catalog of one language."""
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    return {lang: load(lang) for lang in LANGS}


def report(title: str, problems: list[str]) -> str:
    """A readable failure message listing every problem."""
    text = f"{len(problems)} {title}:\n  " + "\n  ".join(problems)
    print(text)
    return text


def test_every_message_is_translated_and_none_is_fuzzy(catalogs) -> None:
    problems = []
    for lang, catalog in catalogs.items():
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                problems.append(f"{lang}: fuzzy: {_key(message)!r}")
            elif not all(s.strip() for s in _strings(message)):
                problems.append(f"{lang}: untranslated: {_key(message)!r}")
    assert not problems, report("messages untranslated or fuzzy", problems)


def _compiled(catalog: Catalog) -> dict[Any, Any]:
    """What pybabel compile would put in the .mo, read back as {msgid: msgstr}."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return {m.id: m.string for m in read_mo(buffer) if m.id}


def test_compiled_catalogs_exist_and_match_their_po_files(catalogs) -> None:
    problems = []
    for lang, catalog in catalogs.items():
        mo_path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo"
        if not mo_path.exists():
            problems.append(f"{lang}: {mo_path.relative_to(ROOT)} is missing")
            continue
        with mo_path.open("rb") as fh:
            shipped = {m.id: m.string for m in read_mo(fh) if m.id}
        expected = _compiled(catalog)
        for msgid in sorted(set(expected) - set(shipped), key=str):
            problems.append(f"{lang}: not in the .mo: {msgid!r}")
        for msgid in sorted(set(shipped) - set(expected), key=str):
            problems.append(f"{lang}: in the .mo but not in the .po: {msgid!r}")
        for msgid in sorted(set(expected) & set(shipped), key=str):
            if expected[msgid] != shipped[msgid]:
                problems.append(f"{lang}: .mo text differs from the .po for {msgid!r}: "
                                f"{shipped[msgid]!r} != {expected[msgid]!r}")
    assert not problems, report("compiled catalogs out of step (run pybabel compile "
                                "or scripts/merge_translations.py)", problems)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalog:
    """The catalog pybabel extracts from the tree as it is now."""
    pot = tmp_path_factory.mktemp("extract") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    keywords = [arg for k in EXTRACT_KEYWORDS for arg in ("-k", k)]
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", *keywords, "--no-wrap",
                    "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as fh:
        return read_po(fh)


def test_every_extracted_msgid_is_in_every_catalog(catalogs, extracted) -> None:
    problems = []
    for message in extracted:
        if not message.id:
            continue
        where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
        for lang, catalog in catalogs.items():
            if catalog.get(message.id) is None:
                problems.append(f"{lang}: missing (merge the pending translations): "
                                f"{_key(message)!r} ({where})")
    assert not problems, report("msgids in the code but not in the catalogs", problems)


def placeholders(text: str) -> list[str]:
    """The placeholders of a text, sorted: %(name)s, %s and {name}."""
    found = []
    for match in PLACEHOLDER.finditer(text.replace("%%", "")):
        found.append(match.group(0) if match.group(1) is None and match.group(2) is None
                     else f"%({match.group(1)})" if match.group(1) is not None
                     else "{" + match.group(2) + "}")
    return sorted(found)


def test_placeholder_pattern_understands_both_styles() -> None:
    assert placeholders("%(count)s of %(total)d, 100%% sure") == ["%(count)", "%(total)"]
    assert placeholders("{count} practices, {message!r:.20}") == ["{count}", "{message}"]
    assert placeholders("at %s") == ["%s"]


def test_translations_keep_the_placeholders_of_their_msgid(catalogs) -> None:
    problems = []
    for lang, catalog in catalogs.items():
        for message in catalog:
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            for text in _strings(message):
                if text and placeholders(text) != placeholders(ids[-1]) and \
                        placeholders(text) != placeholders(ids[0]):
                    problems.append(f"{lang}: {_key(message)!r} has {placeholders(ids[0])} "
                                    f"but the translation {text!r} has {placeholders(text)}")
    assert not problems, report("translations with different placeholders", problems)
