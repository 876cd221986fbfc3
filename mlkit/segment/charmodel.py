"""Character n-gram evidence for words no word list knows ("winterspelen" reads Dutch, "amaçlayan" Turkish).

Uses the n-gram profiles that ship with langdetect (a dependency), read directly and scored deterministically:
langdetect's own detector samples at random and is slow, but its profiles are a fine small model.
"""

from __future__ import annotations

import json
import math
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from mlkit.resources import data_path, read_tsv


@cache
def _profile_names() -> dict[str, str]:
    """mlkit language code → langdetect profile name (data/segment/languages.tsv, column 5)."""
    return {row[0]: row[4] for row in read_tsv("segment/languages.tsv") if len(row) > 4 and row[4] != "-"}


@cache
def profile(lang: str) -> tuple[dict[str, float], tuple[float, float, float]] | None:
    """Log-probabilities of a language's 1-, 2- and 3-grams, and the log-probability of an unseen one; read from
    langdetect once and then from the table cache (parsing the JSON profiles cost a sixth of a second a process)."""
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import stored

    return stored(f"segment-profile-{lang}", table_key(), lambda: _read_profile(lang))


def _read_profile(lang: str) -> tuple[dict[str, float], tuple[float, float, float]] | None:
    """langdetect's profile of the language, or ours where the table says `data` (in langdetect's layout:
    data/segment/catalogue_profile_LANG.json, built by tools/build_catalogue_lists.py for languages it lacks)."""
    name = _profile_names().get(lang)
    if name is None:
        return None
    try:
        if name == "data":
            raw = json.loads(data_path(f"segment/catalogue_profile_{lang}.json").read_text(encoding="utf-8"))
        else:
            raw = json.loads((resources.files("langdetect") / "profiles" / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    totals = raw["n_words"]
    logp = {g: math.log(c / totals[len(g) - 1]) for g, c in raw["freq"].items() if 1 <= len(g) <= 3}
    unseen = tuple(math.log(0.5 / t) for t in totals)
    return logp, (unseen[0], unseen[1], unseen[2])


@cache
def grams(cands: tuple[str, ...]) -> Any:
    """The compiled core's trigram scorer over the profiles of the candidate languages `cands`, with the profiles
    joined (a gram's log-probability in every language in one row: three lookups per trigram of a new word
    instead of two per language), built once into the table cache."""
    from mlkit.segment import native
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import stored_buffers

    tables = [_built(lang) for lang in cands]
    if len(cands) < 2:
        return native.core.Grams(tables)
    joined = stored_buffers(f"segment-grams-joined-{'-'.join(cands)}", table_key(),
                            lambda: native.core.Grams(tables).joined())
    return native.core.Grams(tables, joined)


@cache
def _built(lang: str) -> tuple[object, float, float] | None:
    """A language's letter-gram table as the core builds it from the profile, kept in the table cache and
    mapped (unpickling the profiles' dicts and building the tables cost 25 ms at every start)."""
    import struct

    from mlkit.segment import native
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import stored_buffers

    def build() -> tuple[bytes | None, bytes | None]:
        prof = profile(lang)
        if prof is None:
            return None, None
        slots, unseen1, unseen2 = native.core.Grams([prof]).tables()[0]
        return slots, struct.pack("<dd", unseen1, unseen2)

    slots, unseen = stored_buffers(f"segment-grams-{lang}", table_key(), build)
    if slots is None or unseen is None:
        return None
    unseen1, unseen2 = struct.unpack("<dd", unseen)  # type: ignore[arg-type]
    return slots, unseen1, unseen2


@lru_cache(maxsize=1 << 15)
def char_log_likelihoods(lower: str, langs: tuple[str, ...]) -> tuple[float, ...]:
    """Log-likelihood of a lowercased word's letter trigrams under each language: over the trigrams of
    " word ", log P(c3 | c1 c2) where the profile has the trigram, else log P(c3); a language without a
    profile gets the worst fit of the others (no letter evidence speaks for it). Scored by the compiled core."""
    return grams(langs).score(lower)
