"""The certificates' font, and which characters it cannot draw.

Noto Serif SC covers every CJK character of Unicode's main block and Extension A, Latin, and common
symbols (★ ① “ ” — ©), but no emoji: fpdf2 would leave them out of a certificate without a word. The
entry services ask ``unprintable`` so a title the certificate cannot print is refused when it is typed.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings

CERTIFICATE_FONT = Path(settings.BASE_DIR) / "static/vendored/fonts/noto-serif-sc/NotoSerifSC-Medium.ttf"


@functools.cache
def _certificate_characters() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # imported by the first title checked, not by every process

    # lazy: only the cmap table is read, not the 14 MB of outlines.
    with TTFont(CERTIFICATE_FONT, lazy=True) as font:
        return frozenset(font.getBestCmap())


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` the certificate font lacks, each once, in order; white space is fine."""
    covered = _certificate_characters()
    missing = [c for c in text if not c.isspace() and ord(c) not in covered]
    return list(dict.fromkeys(missing))
