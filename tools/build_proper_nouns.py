"""Write the Korean words that the analyser's lexicon holds only as proper nouns, for bare words read alone.

    python tools/build_proper_nouns.py

The morphemes come from kiwipiepy's model package (kiwipiepy_model, Apache-2.0: its lexicon, without the added
dictionary of Wikipedia titles, nor the typo and multi-word dictionaries). A form is kept when it is two to four
Hangul syllables, tagged NNP (proper noun) and nothing else, and when the analyser reads the bare word as that
one proper noun: its best analysis, every other reading NAME_MARGIN below it (살수 is also 살 + ㄹ + 수, 지은 짓 +
은), a common noun with a derivational suffix (백분율 백분 + 율, 희소성) DERIVED_MARGIN below. Left out: a proper
noun with a particle (김일성이), and a DPRK spelling of a common word (로동 for 노동: its ROK form is in wordfreq's
Korean list). The list goes to data/korean/proper_nouns.txt.
"""

from __future__ import annotations

import sys
import warnings
from importlib.metadata import version
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.korean.spelling import rok_forms  # noqa: E402
from mlkit.romanize.common import frequent_words  # noqa: E402

OUT = ROOT / "data" / "korean" / "proper_nouns.txt"
SHAPE = regex.compile(r"[가-힣]{2,4}")
PARTICLES = "이가은는을를의에도"
NAME_MARGIN = 4.0  # log score by which the proper noun must beat every other reading (살수, 곰이, 주요한, 지은, 여명)
DERIVED_MARGIN = 5.0  # ... and a common noun with a derivational suffix (백분율 백분 + 율: 4.5)


def _morphemes(kiwi: object) -> dict[str, set[str]]:
    """Every form of the analyser's lexicon with its tags."""
    tags: dict[str, set[str]] = {}
    i = 1
    while True:
        try:
            m = kiwi.morpheme(i)  # type: ignore[attr-defined]
        except Exception:  # past the last morpheme
            return tags
        tags.setdefault(m.form, set()).add(m.tag)
        i += 1


def _reads_as_name(kiwi: object, word: str) -> bool:
    """Whether the analyser's best reading of `word` alone is the one proper noun, no other reading within
    NAME_MARGIN of it and no derived common noun within DERIVED_MARGIN."""
    readings = kiwi.analyze(word, top_n=5)  # type: ignore[attr-defined]
    (best, score), rest = readings[0], readings[1:]
    if [(t.form, t.tag) for t in best] != [(word, "NNP")]:
        return False
    for tokens, other in rest:
        tags = [t.tag for t in tokens]
        if score - other < NAME_MARGIN:
            return False
        if score - other < DERIVED_MARGIN and "XSN" in tags and tags[0].startswith("NN") and tags[0] != "NNP":
            return False
    return True


def main() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from kiwipiepy import Kiwi

        kiwi = Kiwi(num_workers=1, load_default_dict=False, load_typo_dict=False, load_multi_dict=False)
    tags = _morphemes(kiwi)
    common = frequent_words()
    kept = []
    for form in sorted(tags):
        if tags[form] != {"NNP"} or not SHAPE.fullmatch(form):
            continue
        if len(form) > 2 and form[-1] in PARTICLES and tags.get(form[:-1]) == {"NNP"}:
            continue
        if any(rok in common for rok in rok_forms(form)[1:]):
            continue
        if _reads_as_name(kiwi, form):
            kept.append(form)
    head = [
        "# Korean words the analyser's lexicon holds only as proper nouns (한밭, 독도, 신문로, 오죽헌): a bare word so",
        "# spelled, on a line of its own, is capitalised as a proper noun (mlkit.romanize.parts).",
        f"# Built by tools/build_proper_nouns.py from kiwipiepy_model {version('kiwipiepy_model')} (Apache-2.0),",
        "# read by kiwipiepy " + version("kiwipiepy") + ": forms of 2-4 syllables tagged NNP only, read alone as that",
        "# proper noun by 4 log points over any other reading (5 over a derived common noun), less proper nouns with",
        "# a particle and DPRK spellings of wordfreq's common words.",
    ]
    OUT.write_text("\n".join(head + kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} words -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
