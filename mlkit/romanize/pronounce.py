"""Standard Pronunciation rules (NIKL Arts 8–30) applied at each syllable boundary inside a word.

A word is a list of (initial, vowel, final) jamo indices. `pronounce` returns, per syllable, the pronounced onset,
the pronounced coda (one of the seven representative finals), whether the onset became tense, and the rules that
fired on each syllable, so every letter a system writes can say why it is there.
"""

from __future__ import annotations

from typing import NamedTuple

from mlkit.korean.jamo import BB, CH, DD, GG, JJ, NG, SS, V_I, V_YEO, B, D, G, H, J, K, M, N, P, R, S, T
from mlkit.korean.jamo import F as FI

# Coda index → representative coda after neutralisation and cluster simplification before a consonant (Arts 9-11).
REP = {
    0: 0, FI["ㄱ"]: FI["ㄱ"], FI["ㄲ"]: FI["ㄱ"], FI["ㄳ"]: FI["ㄱ"], FI["ㄴ"]: FI["ㄴ"], FI["ㄵ"]: FI["ㄴ"],
    FI["ㄶ"]: FI["ㄴ"], FI["ㄷ"]: FI["ㄷ"], FI["ㄹ"]: FI["ㄹ"], FI["ㄺ"]: FI["ㄱ"], FI["ㄻ"]: FI["ㅁ"],
    FI["ㄼ"]: FI["ㄹ"], FI["ㄽ"]: FI["ㄹ"], FI["ㄾ"]: FI["ㄹ"], FI["ㄿ"]: FI["ㅂ"], FI["ㅀ"]: FI["ㄹ"],
    FI["ㅁ"]: FI["ㅁ"], FI["ㅂ"]: FI["ㅂ"], FI["ㅄ"]: FI["ㅂ"], FI["ㅅ"]: FI["ㄷ"], FI["ㅆ"]: FI["ㄷ"],
    FI["ㅇ"]: FI["ㅇ"], FI["ㅈ"]: FI["ㄷ"], FI["ㅊ"]: FI["ㄷ"], FI["ㅋ"]: FI["ㄱ"], FI["ㅌ"]: FI["ㄷ"],
    FI["ㅍ"]: FI["ㅂ"], FI["ㅎ"]: FI["ㄷ"],
}
_CLUSTERS = frozenset(FI[c] for c in "ㄳㄵㄶㄺㄻㄼㄽㄾㄿㅀㅄ")
_PLAIN = frozenset(FI[c] for c in "ㄱㄴㄷㄹㅁㅂㅇ")
# Liaison (Arts 13-14): coda → (coda left behind, consonant moved to the next onset, moved consonant is tense).
_LIAISON = {
    FI["ㄱ"]: (0, G, False), FI["ㄲ"]: (0, GG, False), FI["ㄳ"]: (FI["ㄱ"], S, True), FI["ㄴ"]: (0, N, False),
    FI["ㄵ"]: (FI["ㄴ"], J, False), FI["ㄷ"]: (0, D, False), FI["ㄹ"]: (0, R, False),
    FI["ㄺ"]: (FI["ㄹ"], G, False), FI["ㄻ"]: (FI["ㄹ"], M, False), FI["ㄼ"]: (FI["ㄹ"], B, False),
    FI["ㄽ"]: (FI["ㄹ"], S, True), FI["ㄾ"]: (FI["ㄹ"], T, False), FI["ㄿ"]: (FI["ㄹ"], P, False),
    FI["ㅁ"]: (0, M, False), FI["ㅂ"]: (0, B, False), FI["ㅄ"]: (FI["ㅂ"], S, True), FI["ㅅ"]: (0, S, False),
    FI["ㅆ"]: (0, SS, False), FI["ㅈ"]: (0, J, False), FI["ㅊ"]: (0, CH, False), FI["ㅋ"]: (0, K, False),
    FI["ㅌ"]: (0, T, False), FI["ㅍ"]: (0, P, False),
}
_H_CODAS = {FI["ㅎ"]: 0, FI["ㄶ"]: FI["ㄴ"], FI["ㅀ"]: FI["ㄹ"]}  # what stays when the ㅎ goes
_ONSET_OF_REP = {FI["ㄱ"]: G, FI["ㄴ"]: N, FI["ㄷ"]: D, FI["ㄹ"]: R, FI["ㅁ"]: M, FI["ㅂ"]: B}
_NASAL = {FI["ㄱ"]: FI["ㅇ"], FI["ㄷ"]: FI["ㄴ"], FI["ㅂ"]: FI["ㅁ"]}
_ASPIRATE = {G: K, D: T, B: P, J: CH}
_CODA_ASPIRATE = {FI["ㄱ"]: K, FI["ㄷ"]: T, FI["ㅂ"]: P}
_LAX = frozenset((G, D, B, S, J))
_TENSE = {G: GG, D: DD, B: BB, S: SS, J: JJ}
Y_VOWELS = frozenset((V_I, 2, 6, 12, 17))  # ㅣ ㅑ ㅕ ㅛ ㅠ: the vowels before which ㄴ is inserted (Art 29)
BALP = "밟"  # 밟- keeps ㅂ of ㄼ before a consonant (Art 10)


class Boundary(NamedTuple):
    """Lexical facts about one syllable boundary that the rules cannot see in the jamo."""

    n_insertion: bool = False  # the next syllable starts a compound element that takes ㄴ (Art 29)
    ln_as_nn: bool = False  # ㄴ+ㄹ reads [ㄴㄴ] (Art 20 exceptions: 생산량, 공권력)
    merge_h: bool = True  # ㄱ/ㄷ/ㅂ + ㅎ merge into an aspirate (RR and MR keep them apart in nouns: 묵호 Mukho)
    keep_r: bool = False  # DPRK spelling keeps ㄹ after a consonant (압록강 Amrokgang)
    content: bool = False  # the next syllable starts a vowel-initial content morpheme (Art 15: 값어치 [가버치])
    hyphen_content: bool = False  # DPRK: write such a compound with a hyphen and no liaison (앞언덕 Ap-ŏndŏk)
    verb_ending: bool = False  # a stem in ㄺ that is no noun (닭, 흙) before ㄱ (Art 11 다만): 맑게 [말께], 멁금
    keep_nr: bool = False  # DPRK 렬/률 after ㄴ (ROK 열/율) stay n+r: 은률 Ŭnryul
    sino_tense: bool = False  # Sino-Korean ㄹ + ㄷ/ㅅ/ㅈ is read tense (Art 26: 열도 [열또], 발전 [발쩐])
    cluster_h: bool = False  # MR: ㄺ/ㄼ + ㅎ keep both letters and the h (붉히다 pulkhida, McCune-Reischauer 1939)


class Phone:
    """A pronounced syllable: onset (initial index), vowel, coda (representative final index) and the rules.

    Mutable: the pronunciation rules rewrite a syllable's phones in place as they fire.
    """

    __slots__ = ("coda", "onset", "rules", "split_h", "tense", "vowel")

    def __init__(
        self, onset: int, vowel: int, coda: int, tense: bool = False, split_h: bool = False,
        rules: list[str] | None = None,
    ) -> None:
        self.onset = onset
        self.vowel = vowel
        self.coda = coda
        self.tense = tense  # onset tensified by a rule (RR writes it lax)
        self.split_h = split_h  # coda + ㅎ written apart (noun exception to aspiration)
        self.rules: list[str] = [] if rules is None else rules

    def _key(self) -> tuple[int, int, int, bool, bool, list[str]]:
        return (self.onset, self.vowel, self.coda, self.tense, self.split_h, self.rules)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Phone) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return "Phone({}, {}, {}, tense={}, split_h={}, rules={})".format(*self._key())


def _add(rules: list[str], *names: str) -> None:
    for name in names:
        if name not in rules:
            rules.append(name)


def _simplify(coda: int, next_onset: int, balp: bool, verb_ending: bool = False) -> tuple[int, list[str]]:
    """The representative coda before a consonant, with the rules that made it (Arts 9-11)."""
    rules: list[str] = []
    if coda == FI["ㄺ"] and next_onset == G and verb_ending:
        return FI["ㄹ"], ["cluster-simplification"]  # 맑게 [말께], but 흙과 [흑꽈]
    if coda == FI["ㄼ"] and balp:
        return FI["ㅂ"], ["cluster-simplification"]  # 밟다 [밥따]
    rep = REP[coda]
    if coda in _CLUSTERS:
        rules.append("cluster-simplification")
    elif coda not in _PLAIN:
        rules.append("coda-neutralization")
    return rep, rules


def join(prev: Phone, coda: int, nxt: Phone, lead: int, vowel: int, bound: Boundary, balp: bool) -> None:
    """Apply the rules at the boundary between a syllable with spelled `coda` and one with spelled `lead`.

    Sets `prev.coda` and `nxt.onset` (and flags/rules) in place.
    """
    if coda == 0:
        prev.coda, nxt.onset = 0, lead
    elif lead == NG:  # next syllable starts with a vowel
        _before_vowel(prev, coda, nxt, vowel, bound, balp)
    elif lead == H:
        _before_h(prev, coda, nxt, vowel, bound)
    elif coda in _H_CODAS:  # ㅎ before a consonant (Art 12)
        _h_before_consonant(prev, coda, nxt, lead)
    else:
        _before_consonant(prev, coda, nxt, lead, bound, balp)


def _before_vowel(prev: Phone, coda: int, nxt: Phone, vowel: int, bound: Boundary, balp: bool) -> None:
    """A coda before a vowel-initial syllable: ㄴ-insertion, ㅎ dropped, liaison, palatalisation (Arts 12-17)."""
    pr, nr = prev.rules, nxt.rules
    if bound.n_insertion and vowel in Y_VOWELS:
        _n_insertion(prev, coda, nxt, balp)
        return
    if coda in _H_CODAS:
        rest = _H_CODAS[coda]
        _add(pr, "h-deletion")
        if rest:
            prev.coda, nxt.onset = 0, (N if rest == FI["ㄴ"] else R)
            _add(pr, "liaison")
            _add(nr, "liaison")
        else:
            prev.coda, nxt.onset = 0, NG
        return
    if coda == FI["ㅇ"]:
        prev.coda, nxt.onset = coda, NG
        return
    if bound.content and coda not in _H_CODAS:
        rep, rules = _simplify(coda, NG, balp)
        _add(pr, *rules)
        if bound.hyphen_content:
            prev.coda, nxt.onset = rep, NG
            return
        prev.coda, nxt.onset = 0, _ONSET_OF_REP[rep]
        _add(pr, "liaison")
        _add(nr, "liaison")
        return
    if vowel == V_I and coda in (FI["ㄷ"], FI["ㅌ"], FI["ㄾ"]):
        prev.coda = FI["ㄹ"] if coda == FI["ㄾ"] else 0
        nxt.onset = J if coda == FI["ㄷ"] else CH
        _add(pr, "palatalization")
        _add(nr, "palatalization", "liaison")
        return
    rest, moved, tense = _LIAISON[coda]
    prev.coda, nxt.onset, nxt.tense = REP[rest] if rest else 0, moved, tense
    _add(pr, "liaison")
    _add(nr, "liaison")


def _n_insertion(prev: Phone, coda: int, nxt: Phone, balp: bool) -> None:
    """ㄴ inserted before a compound element starting with i/y (Art 29): 솜이불 [솜니불], 물약 [물략]."""
    pr, nr = prev.rules, nxt.rules
    rep, rules = _simplify(coda, N, balp)
    _add(pr, *rules)
    _add(nr, "n-insertion")
    if rep == FI["ㄹ"]:
        prev.coda, nxt.onset = rep, R
        _add(nr, "lateralization")
    else:
        prev.coda, nxt.onset = _nasalized(rep, pr), N


# ㅈ ㅊ + ㅎ read [ㅊ] only before the suffix 히 (-혀, -혔: 맞히다 [마치다], 꽂혀, 젖히다); before a word in ㅎ the
# final is first read [ㄷ], then aspirated (Art 12 붙임 2: 꽃 한 송이 [꼬탄송이], 낮 한때 [나탄때]; 맞흥정 [마틍정]).
_SUFFIX_H_VOWELS = frozenset((V_I, V_YEO))


def _before_h(prev: Phone, coda: int, nxt: Phone, vowel: int, bound: Boundary) -> None:
    """A coda before ㅎ: one ㅎ of two, aspiration, or ㅎ kept apart in nouns (Art 12)."""
    pr, nr = prev.rules, nxt.rules
    if coda in _H_CODAS:  # ㅎ + ㅎ: one ㅎ
        prev.coda, nxt.onset = _H_CODAS[coda], H
        _add(pr, "h-deletion")
        return
    if coda == FI["ㄵ"] or (coda in (FI["ㅈ"], FI["ㅊ"]) and vowel in _SUFFIX_H_VOWELS):
        prev.coda = FI["ㄴ"] if coda == FI["ㄵ"] else 0
        nxt.onset = CH
        _add(pr, "aspiration")
        _add(nr, "aspiration")
        return
    if coda in (FI["ㄺ"], FI["ㄼ"]) and bound.cluster_h:  # MR writes both letters, then h: 붉히다 pulkhida
        prev.coda, nxt.onset = coda, H
        return
    if coda in (FI["ㄺ"], FI["ㄼ"]):  # 밝히다 [발키다], 넓히다 [널피다]
        prev.coda, nxt.onset = FI["ㄹ"], (K if coda == FI["ㄺ"] else P)
        _add(pr, "aspiration")
        _add(nr, "aspiration")
        return
    rep = REP[coda]
    if rep in _CODA_ASPIRATE:
        if rep == FI["ㄷ"] and vowel == V_I and bound.merge_h:
            prev.coda, nxt.onset = 0, CH  # 굳히다 [구치다]
            _add(pr, "palatalization", "aspiration")
            _add(nr, "palatalization", "aspiration")
            return
        if not bound.merge_h:
            prev.coda, nxt.onset, nxt.split_h = rep, H, True  # 묵호 Mukho, 집현전 Jiphyeonjeon
            if coda not in _PLAIN:
                _add(pr, "coda-neutralization")
            return
        prev.coda, nxt.onset = 0, _CODA_ASPIRATE[rep]
        _add(pr, "aspiration")
        _add(nr, "aspiration")
        return
    prev.coda, nxt.onset = rep, H
    if coda in _CLUSTERS:
        _add(pr, "cluster-simplification")


def _h_before_consonant(prev: Phone, coda: int, nxt: Phone, lead: int) -> None:
    """A coda ㅎ (ㄶ, ㅀ) before a consonant: aspiration, tensing or ㅎ dropped (Art 12)."""
    pr, nr = prev.rules, nxt.rules
    rest = _H_CODAS[coda]
    if lead in _ASPIRATE:
        prev.coda, nxt.onset = rest, _ASPIRATE[lead]  # 좋고 [조코]
        _add(pr, "aspiration")
        _add(nr, "aspiration")
    elif lead == S:
        prev.coda, nxt.onset, nxt.tense = rest, S, True  # 놓소 [노쏘], 많소 [만쏘], 싫소 [실쏘] (Art 12.2)
        _add(pr, "h-deletion")
        _add(nr, "h-tensification")
    elif lead == N:
        if rest == FI["ㄹ"]:
            prev.coda, nxt.onset = rest, R  # 닳는 [달른]
            _add(pr, "h-deletion")
            _add(nr, "lateralization")
        elif rest:
            prev.coda, nxt.onset = rest, N  # 않네 [안네]
            _add(pr, "h-deletion")
        else:
            prev.coda, nxt.onset = FI["ㄴ"], N  # 놓는 [논는]
            _add(pr, "coda-neutralization", "nasalization")
    else:
        prev.coda, nxt.onset = rest or FI["ㄷ"], lead
        _add(pr, "h-deletion" if rest else "coda-neutralization")


def _before_consonant(prev: Phone, coda: int, nxt: Phone, lead: int, bound: Boundary, balp: bool) -> None:
    """A coda before another consonant: cluster simplification, nasalisation, lateralisation, tensing."""
    pr, nr = prev.rules, nxt.rules
    rep, rules = _simplify(coda, lead, balp, bound.verb_ending)
    _add(pr, *rules)
    onset = lead
    if lead == R:
        if rep == FI["ㄹ"]:
            pass
        elif rep == FI["ㄴ"]:
            if bound.keep_nr:
                pass
            elif bound.ln_as_nn:
                onset = N
                _add(nr, "nasalization")
            else:
                rep = FI["ㄹ"]
                _add(pr, "lateralization")
        elif bound.keep_r:
            rep = _nasalized(rep, pr)
        else:
            onset = N
            _add(nr, "nasalization")
            rep = _nasalized(rep, pr)
    elif lead == N:
        if rep == FI["ㄹ"]:
            onset = R
            _add(nr, "lateralization")
        else:
            rep = _nasalized(rep, pr)
    elif lead == M:
        rep = _nasalized(rep, pr)
    elif lead in _LAX and rep in _NASAL:
        nxt.tense = True
        _add(nr, "tensification")
    elif bound.sino_tense and rep == FI["ㄹ"] and lead in (D, S, J):
        nxt.tense = True
        _add(nr, "tensification")
    prev.coda, nxt.onset = rep, onset


def _nasalized(rep: int, rules: list[str]) -> int:
    """A stop coda before a nasal reads as the nasal of its place (ㄱ→ㅇ, ㄷ→ㄴ, ㅂ→ㅁ; Art 18)."""
    if rep in _NASAL:
        _add(rules, "nasalization")
        return _NASAL[rep]
    return rep


def pronounce(jamo: list[tuple[int, int, int]], bounds: list[Boundary], syllables: str) -> list[Phone]:
    """Pronounce a word: `bounds[i]` describes the boundary after syllable i; `syllables` is its spelling."""
    phones = [Phone(lead, vowel, 0) for lead, vowel, _ in jamo]
    for i in range(len(jamo) - 1):
        coda = jamo[i][2]
        join(phones[i], coda, phones[i + 1], jamo[i + 1][0], jamo[i + 1][1], bounds[i], syllables[i] == BALP)
    if jamo:
        last = jamo[-1][2]
        if last:
            rep, rules = _simplify(last, -1, syllables[-1] == BALP)
            phones[-1].coda = rep
            _add(phones[-1].rules, *rules)
    return phones


def tense_of(onset: int) -> int:
    """The tense counterpart of a lax onset (or the onset itself)."""
    return _TENSE.get(onset, onset)


__all__ = ["BALP", "V_YEO", "Boundary", "Phone", "join", "pronounce", "tense_of"]
