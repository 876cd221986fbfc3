"""Romanise one Korean word in one system: rules, letters and one piece per syllable with the rules that fired.

A word's result is cached (keyed by spelling, system and context), so running text costs a dict lookup per word.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from mlkit.korean import names
from mlkit.korean.jamo import BB, FINALS, NG, V_I, V_WI, V_YEO, B, M, N, P, R, S, compose, decompose, precomposed, units
from mlkit.korean.jamo import F as FI
from mlkit.romanize import spoken, tables
from mlkit.romanize.parts import ENDINGS_AFTER_L, EVIDENCE_SCORES, Part, analyse, sino_syllable
from mlkit.romanize.pronounce import REP, Boundary, Phone, pronounce, tense_of
from mlkit.romanize.translit import needs_hyphen

# Codas whose liaison is the same with or without neutralisation first (Art 15 changes nothing after them).
_PLAIN_CODAS = frozenset((0, FI["ㄱ"], FI["ㄴ"], FI["ㄹ"], FI["ㅁ"], FI["ㅂ"], FI["ㅇ"]))
_VOICED = frozenset((0, FI["ㄴ"], FI["ㄹ"], FI["ㅁ"], FI["ㅇ"]))
_OBSTRUENT = frozenset((FI["ㄱ"], FI["ㄷ"], FI["ㅂ"]))
_LABIAL = frozenset((M, B, BB, P))
_RR_DIGRAPHS = frozenset(("ae", "eo", "eu", "oe", "ui"))
# DPRK media style drops the breves of McCune–Reischauer (ŏ → o, ŭ → u).
BREVES = str.maketrans("ŏŭŎŬ", "ouOU")
_MACRON = str.maketrans("aeiou", "āēīōū")
# Final of a letter's name before a vowel (Art 16): ㄷ ㅈ ㅊ ㅌ ㅎ are read [ㅅ], ㅋ [ㄱ], ㅍ [ㅂ].
_LETTER_NAME_CODAS = {FI[c]: FI["ㅅ"] for c in "ㄷㅈㅊㅌㅎ"} | {FI["ㅋ"]: FI["ㄱ"], FI["ㅍ"]: FI["ㅂ"]}
# Vowel-initial particles and endings: after a prefix they are not a content morpheme (겉이 [거치], 겉은 [거튼]).
PARTICLE_VOWELS = frozenset("이을은에의으와아어")
# Art 11 다만: a verb or adjective stem in ㄺ reads ㄹ before ㄱ (맑게 [말께], 묽고, 얽거나; 멁금하다 mŏlgŭmhada in
# McCune and Reischauer 1939). The nouns in ㄺ are these (까닭, 진흙 end in them): they keep ㄱ (닭고기 [닥꼬기]).
RG_NOUNS = frozenset("닭흙칡삵")
# MR writes ㅔ as ë right after these letters, so that 아에 aë is not read ㅐ ae (오에 oë not ㅚ oe).
MR_E_AFTER = ("a", "o")
# Endings after 하- that make it the verb 하다 (하다, 하고, 하게, 하여, 하면, 하는, 하기, 하세요, 하였다, ...);
# before anything else 하 is part of a noun (낙하산 nakhasan).
HA_ENDINGS = frozenset("다고게지여며면니는기세시자던든도였겠오러려라")
PRONOUNCED = ("rr", "mr", "dprk", "dprk-media")


class Piece(NamedTuple):
    """Syllables `start`..`end` (unit indices of the word) became `text` by `rules`."""

    start: int
    end: int
    text: str
    rules: tuple[str, ...]


class WordResult(NamedTuple):
    """A romanised word: its text and pieces with source offsets (code points within the word)."""

    text: str
    pieces: tuple[tuple[int, int, int, tuple[str, ...]], ...]  # (src_start, src_end, out_len, rules)


_CACHE: dict[tuple[str, str, bool, bool, str], WordResult] = {}
_CACHED_LENGTH = 64


def romanize_word(
    word: str, system: str, alone: bool = False, before_title: bool = False, names: str = "auto"
) -> WordResult:
    """Romanise a word of Hangul syllables (precomposed or conjoining jamo); cached.

    `names`: "auto" reads a name where there is evidence for one, "off" never, "only" in every surname-first word.
    """
    key = (word, system, alone, before_title, names)
    hit = _CACHE.get(key)
    if hit is None:
        hit = _romanize_word(word, system, alone, before_title, names)
        if len(word) <= _CACHED_LENGTH:  # a long word (a run-on line) would hold its whole result
            if len(_CACHE) > 200_000:
                _CACHE.clear()
            _CACHE[key] = hit
    return hit


def _romanize_word(word: str, system: str, alone: bool, before_title: bool, names: str = "auto") -> WordResult:
    us = units(word)
    spelled = precomposed(word)
    jamo = [u[2] for u in us]
    older: set[int] = set()
    if system == "mr":  # MR writes what is said: older spellings read as today's pronunciation (spoken.py)
        jamo, spelled, older = _mr_as_said(spelled, jamo, alone, before_title, names)
    lexical = _lexical(spelled, jamo) if system in PRONOUNCED else (jamo, set(), set())
    pieces: list[Piece] = []
    prev_coda: int | None = None
    parts = analyse(spelled, system, alone, before_title, names)
    if system == "mr" and spelled != precomposed(word) and _gazetteer_kind(precomposed(word)) in _LISTED_KINDS:
        # an entry read as said (로동신문 → 노동신문) is still the listed name: Nodong Sinmun
        parts = [p._replace(capital=True) if p.kind == "word" else p for p in parts]
    if system == "mr" and len(parts) == 2 and parts[1].kind == "admin":
        # ALA-LC: sound changes show on both sides of a jurisdiction's hyphen (원신리 Wŏnsil-li)
        return _mr_admin(spelled, jamo, parts, lexical, us)
    for part in parts:
        if part.sep == " ":
            prev_coda = None  # a separate word starts afresh
        elif part.kind == "admin" and system in ("rr", "dprk", "dprk-media"):
            prev_coda = 0  # the suffix in its one form, no change across the hyphen: 내월리 Naewol-ri, -do, -gun
        made, prev_coda = _render_part(part, spelled, jamo, system, prev_coda, lexical, alone)
        if part.sep and made:
            first = made[0]
            made[0] = Piece(first.start, first.end, part.sep + first.text, first.rules)
        if part.capital:
            made = _capitalise(made, f"capital:{part.evidence}" if part.kind == "word" and part.evidence else "")
        if system == "dprk-media" and made:
            made = _media(made, spelled)
        pieces.extend(made)
    if older:  # say which syllables were read as said (older or North Korean spelling)
        pieces = [
            p._replace(rules=(*p.rules, "mr:as-said")) if older.intersection(range(p.start, p.end)) else p
            for p in pieces
        ]
    text = "".join(p.text for p in pieces)
    out = tuple(
        (us[p.start][0], us[p.end - 1][0] + us[p.end - 1][1], len(p.text), p.rules) for p in pieces
    )
    return WordResult(text, out)


def _mr_as_said(
    spelled: str, jamo: list[tuple[int, int, int]], alone: bool, before_title: bool, names: str
) -> tuple[list[tuple[int, int, int]], str, set[int]]:
    """Jamo and spelling of an MR word with older spellings read as said (iotised syllables, a first ㄹ or ㄴ,
    spellings the word list tells), and the syllables so read."""
    said, changed = spoken.as_said(jamo)
    said, listed = spoken.as_today(said)
    changed |= listed
    if changed:
        spelled = compose_all(said)
    if said and (said[0][0] == R or (said[0][0] == N and said[0][1] in spoken.Y_OR_I)):
        first = analyse(spelled, "mr", alone, before_title, names)[0]
        org = _gazetteer_kind(spelled) == "org"  # ALA-LC: 로동신문 Nodong sinmun; names and places keep theirs
        if first.kind == "word" and (org or not first.capital) and first.start == 0:
            head = spoken.initial_said(spelled, said, first.end)
            if head is not None:
                said = [head, *said[1:]]
                spelled = compose(*head) + spelled[1:]
                changed.add(0)
    return said, spelled, changed


_LISTED_KINDS = ("person", "place", "org")


def _gazetteer_kind(word: str) -> str:
    entry = names.gazetteer().get(word)
    return entry[0] if entry else ""


def _mr_admin(
    spelled: str, jamo: list[tuple[int, int, int]], parts: list[Part], lexical: Lexical, us: list
) -> WordResult:
    """An MR place with a jurisdiction: pronounced as one word, hyphen before the generic (평택읍 P'yŏngt'aeg-ŭp)."""
    stem = parts[1].start
    made, _ = _render_word(spelled, lexical, "mr", 0, None, (), False)
    made = [Piece(p.start, p.end, p.text, ("suffix:admin", *p.rules) if p.start >= stem else p.rules) for p in made]
    first = made[stem].text
    if decompose(spelled[stem])[0] == NG:  # a consonant carried over stays before the hyphen
        k = 0
        while k < len(first) and first[k] not in "aeiouŏŭwy":
            k += 1
        made[stem - 1] = Piece(made[stem - 1].start, made[stem - 1].end, made[stem - 1].text + first[:k],
                               made[stem - 1].rules)
        first = first[k:]
    made[stem] = Piece(made[stem].start, made[stem].end, "-" + first.lstrip("'-"), made[stem].rules)
    made = _capitalise(made)
    text = "".join(p.text for p in made)
    out = tuple((us[p.start][0], us[p.end - 1][0] + us[p.end - 1][1], len(p.text), p.rules) for p in made)
    return WordResult(text, out)


def _capitalise(pieces: list[Piece], rule: str = "") -> list[Piece]:
    """The pieces with their first letter raised; `rule` (capital:lexicon), when given, joins that piece's rules."""
    for k, p in enumerate(pieces):
        for j, ch in enumerate(p.text):
            if ch.isalpha():
                rules = (*p.rules, rule) if rule else p.rules
                pieces[k] = Piece(p.start, p.end, p.text[:j] + ch.upper() + p.text[j + 1 :], rules)
                return pieces
    return pieces


def _media(pieces: list[Piece], spelled: str) -> list[Piece]:
    """DPRK media style: no breves, and a word-initial double consonant written single (Kkonmaŭl → Konmaul).

    The media write 평양 Pyongyang wherever it stands (평양시 Pyongyang-si, 평양역 Pyongyang Station).
    """
    out = [Piece(p.start, p.end, p.text.translate(BREVES), p.rules) for p in pieces]
    for k, p in enumerate(out):
        if p.start == 0 and spelled.startswith("평양") and p.end == 1 and "hyong" in p.text.lower():
            j = p.text.lower().index("hyong")
            out[k] = Piece(p.start, p.end, p.text[: j - 1] + p.text[j - 1] + p.text[j + 1 :], (*p.rules, "media-style"))
    first = out[0]
    stripped = first.text.lstrip(" -")
    lead = first.text[: len(first.text) - len(stripped)]
    if len(stripped) > 1 and stripped[0].lower() == stripped[1] and stripped[0].lower() in "ktpsj":
        out[0] = Piece(first.start, first.end, lead + stripped[0] + stripped[2:], (*first.rules, "media-style"))
    return out


Lexical = tuple[list[tuple[int, int, int]], set[int], set[int]]


def _render_part(
    part: Part, spelled: str, jamo: list[tuple[int, int, int]], system: str, prev_coda: int | None,
    lexical: Lexical, alone: bool,
) -> tuple[list[Piece], int | None]:
    a, b = part.start, part.end
    if part.kind == "conventional":
        return [Piece(a, b, tables.conventional()[(spelled, system)], ("conventional",))], None
    if part.kind == "name":
        known = tables.conventional().get((spelled[a:b], system))
        if known:
            return [Piece(a, b, known, ("conventional", "name"))], None
        made = _render_name(spelled[a:b], jamo[a:b], system, a)
        if part.evidence:  # what made it a name, and how sure that reading is
            ev = f"name:evidence={part.evidence}:{EVIDENCE_SCORES[part.evidence]:.1f}"
            made[0] = Piece(made[0].start, made[0].end, made[0].text, (*made[0].rules, ev))
        return made, None
    if system == "rr-translit":
        return _render_translit(spelled[a:b], jamo[a:b], a), None
    if system == "yale":
        return _render_yale(spelled[a:b], jamo[a:b], a), None
    rule = ("suffix:admin",) if part.kind == "admin" else ()
    said, tense, changed = lexical
    window = (said[a:b], {i - a for i in tense if a <= i < b}, {i - a for i in changed if a <= i < b})
    return _render_word(spelled[a:b], window, system, a, prev_coda, rule, alone)


# -- pronunciation-based systems ---------------------------------------------------------------------------


def _bounds(spelled: str, jamo: list[tuple[int, int, int]], system: str, alone: bool = False) -> list[Boundary]:
    out = []
    ln = tables.ln_suffixes()
    keep_r = system in ("dprk", "dprk-media")
    noun_h = system in ("rr", "mr")
    for i in range(len(jamo) - 1):
        coda = jamo[i][2]
        lead, vowel, final = jamo[i + 1]
        ninsert = False
        if coda and lead == NG:
            stem = i + 1
            for e in tables.n_insertion_by_initial().get(spelled[stem], ()):
                if (
                    spelled.startswith(e.element, stem)
                    and e.min_stem <= stem <= e.max_stem
                    and (e.codas == "*" or FINALS[coda] in e.codas)
                ):
                    ninsert = not inside_word(spelled, stem)
                    break
        merge = True
        if system == "mr" and lead == 18:  # ㅎ
            # MR writes ㄱ, ㄷ, ㅂ + ㅎ as kh, th, ph wherever they meet (McCune and Reischauer 1939: 속히 sokhi,
            # 학회 hakhoe, 잇해 ithae); only ㄷ before 히 is read [치] (굳히다 kuch'ida)
            merge = vowel == V_I and REP[coda] == FI["ㄷ"]
        elif noun_h and lead == 18:  # ㅎ
            merge = vowel == V_I or (vowel == V_YEO and final in (0, FI["ㅆ"])) or verb_ha(spelled, i + 1)
        ln_nn = coda == FI["ㄴ"] and lead == R and i + 1 >= 2 and spelled[i + 1] in ln
        content = (
            coda not in _PLAIN_CODAS
            and lead == NG
            and (
                any(
                    spelled.startswith(e, i + 1) and FINALS[coda] not in tables.content_exclusions().get(e, "")
                    for e in tables.content_elements()
                )
                or (i == 0 and spelled[0] in tables.content_prefixes() and spelled[1] not in PARTICLE_VOWELS)
            )
        )
        verb = spelled[i] not in RG_NOUNS  # before ㄱ, any stem in ㄺ but the nouns (Art 11 다만)
        keep_nr = keep_r and coda == FI["ㄴ"] and spelled[i + 1] in "렬률"
        sino = system == "mr" and coda == FI["ㄹ"] and sino_tense(spelled, i + 1, alone)
        cluster_h = system == "mr" and lead == 18
        out.append(Boundary(ninsert, ln_nn, merge, keep_r, content, content and keep_r, verb, keep_nr, sino, cluster_h))
    return out


def inside_word(spelled: str, i: int) -> bool:
    """Whether syllable `i` is the second syllable of a frequent two-syllable word, so no compound element starts
    there (Art 29 inserts ㄴ only where the second word or suffix begins).

    At the start of a word the frequent word is the word: 출입 [추립], 활약 [화략], 참여자 [차며자], 신입생 (入, not
    입 'mouth'); the compounds that take ㄴ (꽃잎, 알약, 솜이불, 맨입) are rarer. After two syllables or more it is a
    word of the compound: 부산광역시 is 부산 + 광역 + 시, 영어번역 영어 + 번역, not 부산광 + 역 'station'. After one
    syllable the element may begin the second word of a compound whose first is that syllable and the next (대전 +
    역 [대전녁]), so the frequent word (전역) is no evidence there.
    """
    return i != 2 and spelled[i - 1 : i + 1] in tables.inner_element_words()


def verb_ha(spelled: str, i: int) -> bool:
    """Whether syllable `i` starts the verb 하다 in a form (숱하다, 급했다, 입학합니다): RR and MR merge ㅎ there.

    The noun exception of RR (묵호 Mukho, 학회 hakhoe, 낙하산 nakhasan) is for ㅎ inside a noun; 하- followed by an
    ending is a verb, and so is 한 after a stem in ㅅ (따뜻한 ttatteutan, 깨끗한; 북한 Bukhan stays a noun).
    """
    syl = spelled[i]
    if syl in "했합":
        return True
    if syl == "한":
        return decompose(spelled[i - 1])[2] == FI["ㅅ"]
    return syl == "하" and i + 1 < len(spelled) and spelled[i + 1] in HA_ENDINGS


def sino_tense(spelled: str, i: int, alone: bool = False) -> bool:
    """Whether ㄹ + ㄷ/ㅅ/ㅈ at syllable `i` is read tense (Art 26: Sino-Korean words, 열도 [열또], 발전 [발쩐]).

    Both syllables must have a Sino-Korean shape, and syllable `i` must not be an ending or particle after a
    ㄹ stem (살다, 알지, 길도), a noun followed by the native suffix -이 (길잡이) or a one-syllable suffix after a
    longer stem (말갈족). A bare two-syllable word ending
    in 도 is read as the noun (열도 'archipelago').
    """
    syl = spelled[i]
    if not (sino_syllable(spelled[i - 1]) and sino_syllable(syl)) or decompose(syl)[0] not in (3, 9, 12):
        return False
    if i + 1 < len(spelled) and spelled[i + 1] == "이":
        return False
    if i >= 2 and i == len(spelled) - 1:
        return False  # a suffix after a name or a longer stem (말갈족 Malgaljok in ALA-LC)
    if syl in ENDINGS_AFTER_L:
        return alone and syl == "도" and len(spelled) == 2
    return True


@cache
def _longest_exception() -> int:
    """Length of the longest word with a pronunciation exception."""
    return max(map(len, tables.pronunciation_exceptions()), default=0)


def _lexical(spelled: str, jamo: list[tuple[int, int, int]]) -> tuple[list[tuple[int, int, int]], set[int], set[int]]:
    """Apply a pronunciation exception at the start of the word: (jamo, tensified syllables, changed syllables)."""
    if len(spelled) > 2 and spelled[:2] in tables.letter_names() and jamo[2][0] == NG:
        lead, vowel, final = jamo[1]
        if final in _LETTER_NAME_CODAS:  # Art 16: 디귿이 [디그시], 키읔을 [키으글], 피읖에 [피으베]
            new = list(jamo)
            new[1] = (lead, vowel, _LETTER_NAME_CODAS[final])
            return new, set(), {1}
    exceptions = tables.pronunciation_exceptions()
    for n in range(min(len(spelled), _longest_exception()), 1, -1):  # no longer prefix can be an exception
        said = exceptions.get(spelled[:n])
        if said is None:
            continue
        new = list(jamo)
        tense, changed = set(), set()
        for i, ch in enumerate(said):
            lead, vowel, final = decompose(ch)
            old = jamo[i]
            if (lead, vowel, final) == old:
                continue
            changed.add(i)
            if lead != old[0] and lead == tense_of(old[0]):
                tense.add(i)
                lead = old[0]
            new[i] = (lead, vowel, final)
        return new, tense, changed
    return jamo, set(), set()


def _render_word(
    spelled: str, lexical: Lexical, system: str, offset: int, prev_coda: int | None,
    extra: tuple[str, ...], alone: bool = False,
) -> tuple[list[Piece], int | None]:
    letters = tables.letters(system)
    said, tense, changed = lexical
    bounds = _bounds(spelled, said, system, alone)
    phones = pronounce(said, bounds, compose_all(said))
    for i in tense:
        phones[i].tense = True
        phones[i].rules.append("tensification")
    for i in changed:
        phones[i].rules.insert(0, "lexical")
    n = len(phones)
    generic_last = n >= 3 and spelled[-1] in tables.generics()
    pieces = []
    prev_text = ""
    for i, ph in enumerate(phones):
        prev = phones[i - 1].coda if i else prev_coda
        spelled_ll = bool(i) and system in ("dprk", "dprk-media") and _spelled_ll(spelled, i)
        onset = written_onset(system, letters, ph, prev, i == n - 1 and generic_last, spelled_ll)
        vowel = letters.vowel[ph.vowel]
        if i and system == "mr" and not onset and vowel == "e" and prev_text[-1:] in MR_E_AFTER:
            vowel = "ë"  # MR: ㅔ after a or o is ë, so 아에 aë is not ㅐ ae (and 오에 oë not ㅚ oe)
        if i and system == "rr" and alone and prev_text and (
            (n == 2 and prev_text.endswith("ng") and not onset and vowel[0] in "aeou")
            or (not onset and prev_text[-1] + vowel[0] in _RR_DIGRAPHS)
        ):
            sep = "-"  # RR Ch3 Art2: only where the letters read otherwise and nothing else tells: a
            # two-syllable word with ng before a full vowel (중앙 Jung-ang, not 준강), a vowel pair (해운대 Hae-undae)
        elif i:
            sep = written_sep(system, prev, onset, ph, vowel, bounds[i - 1].hyphen_content)
        else:
            sep = ""
        coda = written_coda(system, letters, ph.coda, phones[i + 1].onset if i + 1 < n else None)
        text = sep + onset + vowel + coda
        pieces.append(Piece(offset + i, offset + i + 1, text, (*extra, *ph.rules) or ("letters",)))
        prev_text = text
    return pieces, phones[-1].coda if phones else prev_coda


def written_onset(
    system: str, letters: tables.Letters, ph: Phone, prev: int | None, generic: bool, spelled_ll: bool
) -> str:
    """The letters `system` writes for a pronounced onset (the syllable's own part of a boundary)."""
    onset = _onset(system, letters, ph, prev, generic)
    if onset == "l" and spelled_ll:
        onset = "r"  # DPRK writes a spelled ㄹㄹ as lr (찔레골 Jjilregol); ㄴㄹ read [ㄹㄹ] stays ll
    if system == "mr" and ph.onset == S and ph.vowel == V_WI:
        onset = "sh"
    return onset


def written_sep(system: str, prev: int | None, onset: str, ph: Phone, vowel: str, hyphen_content: bool) -> str:
    """The apostrophe or hyphen `system` writes before a non-initial syllable (RR's own hyphen aside)."""
    if system == "mr" and prev == FI["ㄴ"] and onset.startswith("g"):
        return "'"
    if system in ("dprk", "dprk-media") and prev == FI["ㅇ"] and ph.onset == NG and vowel[0] not in "wy":
        return "-"
    if system == "dprk" and prev == FI["ㄴ"] and onset.startswith("g"):
        return "-"  # DPRK marks n|g like MR's n'g: 판교 Phan-gyo
    if hyphen_content:
        return "-"
    return ""


def written_coda(system: str, letters: tables.Letters, coda: int, next_onset: int | None) -> str:
    """The letters for a pronounced coda, given the next syllable's pronounced onset (None at the word end)."""
    if system == "mr" and coda == FI["ㄹ"] and next_onset == 18:
        return "r"  # MR writes ㄹ before ㅎ as r: 발해 Parhae
    if system == "mr" and coda in (FI["ㄺ"], FI["ㄼ"]):
        return "lk" if coda == FI["ㄺ"] else "lp"  # before ㅎ only (pronounce._before_h): 붉히다 pulkhida
    if system == "mr" and next_onset is not None and (coda, next_onset) in _MR_ABSORBED:
        return _MR_ABSORBED[(coda, next_onset)]
    return letters.coda[coda]


# MR's table of consonant sequences (McCune and Reischauer 1939): a coda before the doubled letter of its own
# sound is not written again (박꼿 pakkot, 엿때 yŏttae, 밋짝 mitchak), and t before s is ss (갓사기 kassagi).
_MR_ABSORBED = {
    (FI["ㄱ"], 1): "",  # k + kk
    (FI["ㄷ"], 4): "",  # t + tt
    (FI["ㄷ"], 10): "",  # t + ss
    (FI["ㄷ"], 13): "",  # t + tch
    (FI["ㄷ"], 9): "s",  # t + s
    (FI["ㅂ"], 8): "",  # p + pp
}


def _spelled_ll(spelled: str, i: int) -> bool:
    return decompose(spelled[i - 1])[2] == FI["ㄹ"] and decompose(spelled[i])[0] == R


def compose_all(jamo: list[tuple[int, int, int]]) -> str:
    """Precomposed spelling of jamo triples."""
    return "".join(compose(*j) for j in jamo)


def _onset(system: str, letters: tables.Letters, ph: Phone, prev: int | None, generic: bool) -> str:
    if ph.onset == NG:
        return ""
    if ph.onset == R:
        return "l" if prev == FI["ㄹ"] else "r"
    if system == "rr":
        return letters.onset[ph.onset]
    if prev is None:
        return letters.onset[ph.onset]
    if generic and system != "mr" and prev in _OBSTRUENT:
        return letters.onset_voiced[ph.onset]  # DPRK: 압록강 Amrokgang, 삿갓봉 Satkatbong
    if ph.tense:
        # MR writes ㅎ + ㅅ as ss after a consonant too (많소 mansso, as after a vowel: 닿소 tasso; Art 12.2)
        doubled = prev == 0 or (system == "mr" and "h-tensification" in ph.rules)
        return letters.onset[tense_of(ph.onset)] if doubled else letters.onset[ph.onset]
    if prev in _VOICED:
        return letters.onset_voiced[ph.onset]
    return letters.onset[ph.onset]


# -- names -------------------------------------------------------------------------------------------------


def _render_name(spelled: str, jamo: list[tuple[int, int, int]], system: str, offset: int) -> list[Piece]:
    """Surname by convention, then the given name with no sound change across its syllables."""
    letters = tables.letters(system if system in PRONOUNCED else "rr")
    column = names.SURNAME_COLUMNS.get(system, 1)
    s = max(names.surname_length(spelled), 1)
    row = names.surname_row(spelled[:s])
    surname = row[column] if row else _plain_syllable(letters, jamo[0], None, system).capitalize()
    pieces = [Piece(offset, offset + s, surname, ("name:surname",))]
    prev: int | None = None
    for i in range(s, len(jamo)):
        syl = _plain_syllable(letters, jamo[i], prev, system)
        if system == "mr" and i > s:
            syl = _mr_given_change(pieces, jamo[i - 1], jamo[i], syl, letters)
        if system in ("dprk", "dprk-media"):
            syl = " " + syl[:1].upper() + syl[1:]
        elif system == "mr":
            syl = (" " + syl[:1].upper() + syl[1:]) if i == s else "-" + syl
        else:
            syl = (" " + syl[:1].upper() + syl[1:]) if i == s else syl
        pieces.append(Piece(offset + i, offset + i + 1, syl, ("name:given",)))
        prev = _rep(jamo[i][2])
    return pieces


def _mr_given_change(
    pieces: list[Piece], before: tuple[int, int, int], jamo: tuple[int, int, int], syl: str, letters: tables.Letters
) -> str:
    """ALA-LC: sound changes inside a given name show on both sides of its hyphen (Yag-yong, Ŭng-nyŏl, Kil-tong).

    A plain coda before a vowel is voiced and stays before the hyphen; ㄹ after ㅇ or ㅁ is read [ㄴ]; ㄷ ㅅ ㅈ
    after ㄹ are tense in Sino-Korean names (Art 26) and written voiceless.
    """
    coda, lead = _rep(before[2]), jamo[0]
    last = pieces[-1]
    if lead == NG and coda in (FI["ㄱ"], FI["ㄷ"], FI["ㅂ"]):
        voiced = {FI["ㄱ"]: "g", FI["ㄷ"]: "d", FI["ㅂ"]: "b"}[coda]
        pieces[-1] = Piece(last.start, last.end, last.text[: -len(letters.coda[coda])] + voiced, last.rules)
    elif lead == R and coda in (FI["ㅇ"], FI["ㅁ"]):
        return "n" + syl[1:] if syl.startswith("r") else syl
    elif lead in (3, 9, 12) and coda == FI["ㄹ"]:
        return letters.onset[lead] + syl[len(letters.onset_voiced[lead]):]
    return syl


def _rep(final: int) -> int:
    return REP[final]


def _plain_syllable(letters: tables.Letters, jamo: tuple[int, int, int], prev: int | None, system: str) -> str:
    lead, vowel, final = jamo
    ph = Phone(lead, vowel, _rep(final))
    onset = _onset(system, letters, ph, prev, False)
    if system == "mr" and lead == S and vowel == V_WI:
        onset = "sh"
    return onset + letters.vowel[vowel] + letters.coda[ph.coda]


# -- spelling-based systems --------------------------------------------------------------------------------


def _render_translit(spelled: str, jamo: list[tuple[int, int, int]], offset: int) -> list[Piece]:
    letters = tables.letters("rr-translit")
    pieces: list[Piece] = []
    prev = ""
    for i, (lead, vowel, final) in enumerate(jamo):
        text = letters.onset[lead] + letters.vowel[vowel] + letters.coda[final]
        if i and needs_hyphen(prev, text, spelled[i - 1], spelled[i]):
            out = "-" + text
        else:
            out = text
        pieces.append(Piece(offset + i, offset + i + 1, out, ("transliteration",)))
        prev = text
    return pieces


def _render_yale(spelled: str, jamo: list[tuple[int, int, int]], offset: int) -> list[Piece]:
    letters = tables.letters("yale")
    long_first = any(spelled.startswith(stem) for stem in tables.yale_long())
    pieces = []
    for i, (lead, vowel, final) in enumerate(jamo):
        v = letters.vowel[vowel]
        if v == "wu" and lead in _LABIAL:
            v = "u"  # after a labial, Yale writes ㅜ as u (부엌 puekh)
        rules: tuple[str, ...] = ("transliteration",)
        if i == 0 and long_first:
            # the vowel nucleus is the last letter that is not a glide w/y at the start
            k = 1 if v[0] in "wy" and len(v) > 1 else 0
            v = v[:k] + v[k].translate(_MACRON) + v[k + 1 :]
            rules = (*rules, "vowel-length")
        pieces.append(Piece(offset + i, offset + i + 1, letters.onset[lead] + v + letters.coda[final], rules))
    return pieces
