"""Write the words that end in the letters of a Yale particle but are one word (회의, 민주주의, 거의, 한꺼번에).

    python tools/build_particle_words.py

Yale writes the particles of data/korean/particles.txt apart from their noun (우리의 → wuli uy), and without a
list every word ending in those syllables would be cut (회의 "meeting" → hoy uy). Reads wordfreq's Korean list
(the 'small' list) and keeps each all-Hangul word that ends in a particle's letters where kiwipiepy's analysis
of the word alone does not end in a case particle (JK*): Kiwi reads 회의 as one noun and 우리의 as 우리 + 의.
Written to data/korean/particle_words.txt with the inputs in its header; read at romanisation time without
importing either library.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.romanize import tables  # noqa: E402

OUT = ROOT / "data" / "korean" / "particle_words.txt"


def main() -> int:
    """Build and write the list."""
    from kiwipiepy import Kiwi
    from wordfreq import get_frequency_dict

    particles = tables.particles()
    kiwi = Kiwi()
    words = []
    for word in sorted(get_frequency_dict("ko", "small")):
        if not word or not all("\uac00" <= ch <= "\ud7a3" for ch in word):
            continue
        if not any(word.endswith(p) and len(word) > len(p) for p in particles):
            continue
        if not kiwi.tokenize(word)[-1].tag.startswith("JK"):
            words.append(word)
    header = [
        "# Words ending in the letters of a particle of particles.txt that are one word, not noun + particle:",
        "# Yale keeps them whole (회의 hoyuy, 민주주의 mincwucwuuy, 거의 kewuy; 우리의 is still wuli uy).",
        f"# Built by tools/build_particle_words.py from wordfreq {version('wordfreq')} get_frequency_dict('ko',",
        "# 'small'): its all-Hangul words ending in a particle's letters whose analysis alone by kiwipiepy"
        f" {version('kiwipiepy')}",
        f"# (model {version('kiwipiepy_model')}) does not end in a case particle, JK* ({len(words)} words).",
    ]
    OUT.write_text("\n".join([*header, *words]) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
