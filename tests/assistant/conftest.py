"""The app's real compiled catalogs as a phrasebook, for the assistant's language assertions."""
from __future__ import annotations

import pytest

from assistant.phrases import Phrasebook


@pytest.fixture(scope="session")
def catalogs() -> Phrasebook:
    """The reviewed translations, read from web/translations/*/LC_MESSAGES/messages.mo."""
    from web.phrasebook import BabelPhrasebook
    return BabelPhrasebook()
