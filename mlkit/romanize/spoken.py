"""MR writes what is said: spellings that today's pronunciation does not follow are read as said first.

McCune and Reischauer (1939) romanise the standard spoken form, so a spelling that the 1933 Unified Orthography
replaced, or that North Korean spelling keeps, is written as it is said in the standard language:

- ㅈ ㅉ ㅊ never carry a y-glide in speech (표준 발음법 Art 5 다만 1: 져 쪄 쳐 are [저 쩌 처]), so an older
  spelling with one is read with the plain vowel (졋통 chŏtt'ong). The contractions 져 쪄 쳐 (졌, 쪘, 쳤) of
  today's spelling keep their letters, as the systems' tables write them.
- ㄷ ㅌ before an iotised vowel (뎐, 됴, 텬) are the older spelling of ㅈ ㅊ (전, 조, 천); ㅠ is left alone
  (듀엣, 튜브 are loanwords of today's spelling).
- ㅅ + ㅑ ㅛ ㅠ ㅒ in a word whose every syllable is then a Sino-Korean reading is the older spelling of the plain
  vowel (랭슈 → 랭수 naengsu); loanwords keep theirs (슈퍼, 쇼핑).
- A Sino-Korean word written with its first ㄹ, or ㄴ before i or y (older and North Korean spelling: 로동,
  력사, 녀성, 료리) is said by the initial-sound rule (한글 맞춤법 Arts 10-12): ㄹ is [ㄴ] before a, o, u, ŭ, ae,
  oe, and ㄹ, ㄴ are not said before i and y. ALA-LC (Korean Romanization and Word Division, 2009, rule on
  initial ㄴ and ㄹ) writes so: 로동 nodong, 력사 yŏksa, 녀성 yŏsŏng, 료리 yori. Its exceptions hold: a word of
  one syllable (몇 리 이냐 Myŏt ri inya) and a particle keep r; personal names (리설주 Ri Sŏl-chu) and places
  (랑림산맥 Rangnim sanmaek, as the gazetteers write them) keep the letter as written. A word is taken for
  Sino-Korean when its syllables read Han characters (sino_readings.txt) or, after the second, belong to a
  particle or ending (녀성들이, 리용됐다), so loanwords keep theirs (라디오 radio, 로봇 robot, 라운드). The few
  loanwords and native words that pass are listed (initial_as_written.txt: 라면, 로마, 녀석), and so are the
  dependent noun 년 after a numeral (Art 10 다만) and particles and endings in ㄹ standing alone (라고, 로서).
- Where today's spelling writes the same syllables too, only a dictionary tells an older spelling: ㄷ ㅌ before ㅣ
  (디구 for 지구: 디 and 티 are today's in loanwords, 라디오, 파티), ㅅ ㅆ before ㅕ ㅖ outside the contractions 셔
  and 셨 (셩경 for 성경; 셔츠, 패션), a first ㄴ before ㅣ or y (녯날 for 옛날; 녀석 is today's). Such a word is
  read as today's word it spells when it is no word of wordfreq's Korean list as written and is one as re-spelled
  (a particle or copula form after it set aside), and, for ㄷ ㅌ ㅅ, when the re-spelled word reads Han characters
  (sino_readings.txt): 디구 chigu, 셩경 sŏnggyŏng, 녯날 yennal, while 라디오, 셔츠, 녀석 and words the list lacks
  either way keep their letters.
"""

from __future__ import annotations

from functools import cache

from mlkit.korean.jamo import NG, N, R
from mlkit.korean.readings import sino_readings
from mlkit.resources import read_words
from mlkit.romanize.common import listed_words

_IOTISED_TO_PLAIN = {2: 0, 3: 1, 6: 4, 7: 5, 12: 8, 17: 13}  # ㅑㅒㅕㅖㅛㅠ → ㅏㅐㅓㅔㅗㅜ
_AFFRICATES = frozenset((12, 13, 14))  # ㅈ ㅉ ㅊ
_TODAY_CONTRACTIONS = frozenset((0, 20))  # 져 쪄 쳐 and 졌 쪘 쳤: ㅕ with no final or ㅆ
_DENTALS = {3: 12, 16: 14}  # ㄷ → ㅈ, ㅌ → ㅊ
_SIBILANTS = frozenset((9, 10))  # ㅅ ㅆ
_TENSE = frozenset((1, 4, 8, 10, 13))  # ㄲ ㄸ ㅃ ㅆ ㅉ
# Syllables of particles and endings that read no Han character (력사적인것을, 녀성들이, 리용됐다, 리해하고있음을)
_GRAMMAR = frozenset("겠까께는던돼됐되된될됩든들럼를셨었였으있했것")
Y_OR_I = frozenset((2, 3, 6, 7, 12, 17, 20))  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ: ㄹ is not said before them


def _compose(lead: int, vowel: int, final: int) -> str:
    return chr(0xAC00 + (lead * 21 + vowel) * 28 + final)


def as_said(jamo: list[tuple[int, int, int]]) -> tuple[list[tuple[int, int, int]], set[int]]:
    """MR: jamo with older spellings of iotised syllables read as said, and the syllables that changed."""
    out = list(jamo)
    changed: set[int] = set()
    for i, (lead, vowel, final) in enumerate(jamo):
        plain = _IOTISED_TO_PLAIN.get(vowel)
        if plain is None:
            continue
        if lead in _AFFRICATES and not (vowel == 6 and final in _TODAY_CONTRACTIONS):
            out[i] = (lead, plain, final)
            changed.add(i)
        elif lead in _DENTALS and vowel != 17:
            out[i] = (_DENTALS[lead], plain, final)
            changed.add(i)
    sib = [i for i, (lead, vowel, _) in enumerate(out) if lead in _SIBILANTS and vowel in (2, 3, 12, 17)]
    if sib and len(out) >= 2:
        said = [(lead, _IOTISED_TO_PLAIN[vowel], final) if i in sib else (lead, vowel, final)
                for i, (lead, vowel, final) in enumerate(out)]
        if all(_compose(*j) in sino_readings() for j in said):
            out = said
            changed.update(sib)
    return out, changed


_PALATAL = {3: 12, 16: 14}  # ㄷ → ㅈ, ㅌ → ㅊ before ㅣ
_I = 20
_YEO_YE = frozenset((6, 7))  # ㅕ ㅖ


def _today(jamo: list[tuple[int, int, int]], spelled: str) -> tuple[list[tuple[int, int, int]], bool]:
    """`jamo` with every syllable that may be an older spelling as today's spelling writes it, and whether a
    syllable other than the first ㄴ changed (the word must then be Sino-Korean)."""
    out = list(jamo)
    sino = False
    for i, (lead, vowel, final) in enumerate(jamo):
        if vowel == _I and lead in _PALATAL:
            out[i], sino = (_PALATAL[lead], vowel, final), True
        elif lead in _SIBILANTS and vowel in _YEO_YE and not (vowel == 6 and final in _TODAY_CONTRACTIONS):
            out[i], sino = (lead, _IOTISED_TO_PLAIN[vowel], final), True
    lead, vowel, final = jamo[0]
    if len(jamo) > 1 and lead == N and vowel in Y_OR_I and not any(spelled.startswith(w) for w in as_written()):
        out[0] = (NG, vowel, final)
    return out, sino


@cache
def case_particles() -> tuple[str, ...]:
    """Particles and copula forms that end a noun, longest first (data/korean/case_particles.txt)."""
    return tuple(sorted(read_words("korean/case_particles.txt"), key=len, reverse=True))


def _stem_ends(word: str) -> list[int]:
    """Where `word`'s stem may end: the whole word, then before each particle or copula form that ends it."""
    return [len(word)] + [len(word) - len(p) for p in case_particles() if len(word) > len(p) and word.endswith(p)]


def as_today(jamo: list[tuple[int, int, int]]) -> tuple[list[tuple[int, int, int]], set[int]]:
    """MR: jamo of a word in an older spelling that only a dictionary tells (디방, 셥리, 녯적) read as today's word
    it spells, and the syllables that changed; the jamo unchanged when the word list gives no such evidence."""
    written = "".join(_compose(*j) for j in jamo)
    today, sino = _today(jamo, written)
    changed = {i for i, (a, b) in enumerate(zip(jamo, today, strict=True)) if a != b}
    if not changed:
        return jamo, changed
    listed = listed_words()
    respelled = "".join(_compose(*j) for j in today)
    readings = sino_readings()
    for end in _stem_ends(written):
        if written[:end] in listed:
            break  # a word of today as written (라디오, 셔츠, 녀석)
        if respelled[:end] in listed and not (sino and any(ch not in readings for ch in respelled[:end])):
            return today[:end] + jamo[end:], {i for i in changed if i < end}
    return jamo, set()


@cache
def as_written() -> frozenset[str]:
    """Words whose first ㄹ or ㄴ is said as written though they look Sino-Korean (initial_as_written.txt)."""
    return frozenset(read_words("korean/initial_as_written.txt"))


def initial_said(spelled: str, jamo: list[tuple[int, int, int]], end: int) -> tuple[int, int, int] | None:
    """The first syllable as said when a Sino-Korean word (syllables 0..end) is spelled with its first ㄹ, or ㄴ
    before i or y; None when it is said as written."""
    lead, vowel, final = jamo[0]
    if end < 2 or not (lead == R or (lead == N and vowel in Y_OR_I)):
        return None
    readings = sino_readings()
    if not all(_compose(*j) in readings and j[0] not in _TENSE for j in jamo[:2]):
        return None  # a tense initial is no Sino-Korean reading but 氏 씨 and 喫 끽: 로씨야 is Russia
    if not all(_compose(*j) in readings or _compose(*j) in _GRAMMAR for j in jamo[2:]):
        return None  # a syllable of a loanword further on (라운드, 로도스섬, 련쇄폭발테러): said as written
    if any(spelled.startswith(w) for w in as_written()):
        return None
    return (NG if vowel in Y_OR_I else N, vowel, final)


@cache
def older_spelling_syllables() -> tuple[frozenset[str], frozenset[str]]:
    """(syllables `as_said` or `as_today` may change anywhere, first syllables `initial_said` or `as_today` may
    change): the fast path sends words holding them to the engine."""
    anywhere, first = set(), set()
    for code in range(11172):
        lead, vowel, final = code // 588, code // 28 % 21, code % 28
        ch = chr(0xAC00 + code)
        if (vowel in _IOTISED_TO_PLAIN and (
            (lead in _AFFRICATES and not (vowel == 6 and final in _TODAY_CONTRACTIONS))
            or (lead in _DENTALS and vowel != 17)
            or (lead in _SIBILANTS and not (vowel == 6 and final in _TODAY_CONTRACTIONS))
        )) or (vowel == _I and lead in _PALATAL):
            anywhere.add(ch)
        if lead == R or (lead == N and vowel in Y_OR_I):
            first.add(ch)
    return frozenset(anywhere), frozenset(first)
