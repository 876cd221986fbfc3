"""Korean knowledge shared by the stages: jamo, DPRK/ROK spelling, names, the gazetteer and the Kiwi analyser.

Everything here reads its tables from `data/korean/` and imports nothing above `mlkit.resources`,
`mlkit.document` and `mlkit.errors`, so segment, romanize, noise and align can all build on it.

- `jamo`: syllables as (initial, vowel, final) indices, composition and decomposition.
- `spelling`: DPRK ↔ ROK initial-sound spelling (력사 = 역사) and the DPRK stems accepted as correct.
- `names`: surnames with their spellings, given-name syllables, titles, the gazetteer, places and provinces.
- `readings`: which Hangul syllables read a Han character (tells Sino-Korean words from loanwords).
- `kiwi`: the kiwipiepy analyser, loaded once, with cached analyses.
- `reference`: character alignment of a text with a reference version, spacing and DPRK/ROK spelling ignored.
"""
