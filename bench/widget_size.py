"""Size of /widget.js as a host page downloads it: raw and gzipped, against the 25 KB target.

The script carries its strings in all seven languages (data-lang picks one in the browser), so
the download is the same for every language; per language the table shows the share of that
language's strings and what a one-language script would weigh. Rendered through the Flask test
client (fake embedder, temporary stores): no server, no model.

    .venv/bin/python bench/widget_size.py [--target-kb 25]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fakes import FakeEmbedder  # noqa: E402  (no model needed to render a script)
from web import create_app  # noqa: E402

I18N = re.compile(r"var I18N = (\{.*?\});\n")


def gz(data: bytes) -> int:
    """Gzipped size at level 9 (what a server or CDN typically sends)."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def main() -> int:
    """Print the table; exit 1 when the gzipped script is over the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target-kb", type=float, default=25.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "LAB_DATA_DIR": tmp,
                          "DATABASE_URL": f"sqlite:///{Path(tmp) / 'lab.db'}",
                          "CHROMA_HOST": None, "LAB_EMBEDDER": FakeEmbedder()})
        response = app.test_client().get("/widget.js")
    body = response.data
    text = body.decode("utf-8")
    match = I18N.search(text)
    if response.status_code != 200 or not match:
        print(f"/widget.js answered {response.status_code} without its strings", file=sys.stderr)
        return 2
    strings = json.loads(match.group(1))
    total_gz = gz(body)
    print(f"/widget.js, all languages: {len(body):,} B raw, {total_gz:,} B gzipped "
          f"({total_gz / 1024:.1f} KB; target {args.target_kb:g} KB)")
    print(f"{'lang':<5} {'strings raw':>12} {'strings gz':>11} {'one-language script raw':>24} "
          f"{'gz':>7}")
    for lang, texts in strings.items():
        own = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        single = (text[:match.start(1)] + json.dumps({lang: texts}, ensure_ascii=False,
                                                     separators=(",", ":"))
                  + text[match.end(1):]).encode("utf-8")
        print(f"{lang:<5} {len(own):>12,} {gz(own):>11,} {len(single):>24,} {gz(single):>7,}")
    return 0 if total_gz <= args.target_kb * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
