"""Divide a Korean word into the parts each system writes differently: names, titles, admin suffixes, words.

The decisions here are lexical and contextual (surname lists, the gazetteer, titles, a line of its own), so each
part carries the rule name that explains it (`name:surname`, `suffix:admin`, ...).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from mlkit.korean import names
from mlkit.korean.proper import proper_noun
from mlkit.korean.readings import sino_readings
from mlkit.romanize import tables
from mlkit.romanize.common import COMMON_ZIPF, common_word, frequent_words

# Generics of nature that make even a two-syllable word a place (남산 Namsan, 금강 Geumgang, 인천); the others
# (사 temple, 대 terrace, 문 gate, 관 hall) end many common two-syllable nouns (역사, 시대, 소문, 기관).
_NATURE_GENERICS = frozenset("산강봉섬곶포령천호")

# Sino-Korean syllables start with a plain or aspirated consonant (never ㄲ ㄸ ㅃ ㅆ ㅉ; 氏 씨 and 喫 끽 aside) and
# end in nothing or ㄱ ㄴ ㄹ ㅁ ㅂ ㅇ: a syllable outside this shape is native (싫, 칡, 뿌, 갯).
_SINO_FINALS = frozenset((0, 1, 4, 8, 16, 17, 21))
_TENSE_INITIALS = frozenset((1, 4, 8, 10, 13))
# Endings and particles that can follow a ㄹ-final stem with ㄷ/ㅅ/ㅈ (살다, 알지, 놀자, 길도): no Art 26 there.
ENDINGS_AFTER_L = frozenset("다더던든도지자죠진잖")


def sino_syllable(ch: str) -> bool:
    """Whether a precomposed syllable has a shape Sino-Korean syllables can have."""
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return False
    return code % 28 in _SINO_FINALS and code // 588 not in _TENSE_INITIALS


def sino_word(word: str) -> bool:
    """Whether every syllable of `word` has a Sino-Korean shape (place names, given names)."""
    return all(sino_syllable(ch) for ch in word)


# Given-name syllables that also end ordinary place names: a bare word ending in one is not read as a name.
# (평 plain, 벌 field, 단 platform, 각 pavilion, 문 gate end places far more often than names: 남대문, 서대문;
# 정, 호, 천, 대 end both and are left to the other evidence.)
_PLACE_ENDINGS = frozenset("산강봉령섬사궁루역족항탑곶포교평벌단각문")


class Part(NamedTuple):
    """Syllables `start`..`end` of a word, written as `kind` (word, name, admin, conventional), after `sep`."""

    kind: str
    start: int
    end: int
    sep: str = ""
    capital: bool = False
    evidence: str = ""  # for a name: what made it one (gazetteer, title, title-next, alone, listed); for a word
    # capitalised alone: place, town or lexicon (alone_evidence)


# Directions that make a listed place a place of its own (북조선 'the North', 남조선, 서독 'West Germany').
DIRECTIONS = "남북동서"


def directed_place(word: str) -> bool:
    """Whether `word` is a direction and a gazetteer place (북조선, 남조선): a proper noun, never a name."""
    return len(word) >= 3 and word[0] in DIRECTIONS and names.gazetteer().get(word[1:], ("",))[0] == "place"


@cache
def title_at_max() -> int:
    """The last syllable a title written onto a name can start at, as name_evidence looks for one: a surname of
    two syllables and two given syllables (남궁석진동지)."""
    return 2 + max(map(len, names.compound_surnames()), default=1)


def title_at(word: str, i: int) -> bool:
    """Whether a title (동지, 위원장, 대통령, ...) starts at syllable `i` of `word`."""
    return any(word.startswith(t, i) for t in tables.titles_by_initial().get(word[i : i + 1], ()))


def name_length(word: str, alone: bool = False, before_title: bool = False) -> int:
    """How many leading syllables of `word` form a personal name (0 when none is detected)."""
    return name_evidence(word, alone, before_title)[0]


# Evidence for a name, strongest first; the score is how sure a reading as a name is.
EVIDENCE_SCORES = {"gazetteer": 1.0, "listed": 1.0, "title": 0.9, "title-next": 0.8, "alone": 0.6}


def name_evidence(word: str, alone: bool = False, before_title: bool = False, mode: str = "auto") -> tuple[int, str]:
    """(leading syllables of `word` that form a personal name, the evidence), or (0, "") when there is none.

    A name needs evidence: a gazetteer person; a surname + given-name syllables with a title attached (김정일동지)
    or as the next or previous word; or, on a line of its own, a common surname + two typical Sino-Korean
    given-name syllables. A common word is not a name (고양이: -이 ends nouns; 하나님: 님 after two syllables is
    the honorific of a noun; 송별연: 별 is no Sino-Korean given-name syllable). `mode` "off" reads no name,
    "only" reads every surname-first word of two to four syllables as a name (a list of names).
    """
    if mode == "off" or (mode == "auto" and directed_place(word)):
        return 0, ""
    gaz = names.gazetteer()
    entry = gaz.get(word)
    if entry is not None:
        return (len(word), "gazetteer") if entry[0] == "person" else (0, "")
    for n in (3, 4, 2):
        if len(word) > n and gaz.get(word[:n], ("",))[0] == "person":
            return n, "gazetteer"
    s = names.surname_length(word)  # 남궁 before a given name counts as one surname (남궁석 Namgung Seok)
    if not s:
        return 0, ""
    given = names.given_syllables()
    for n in (s + 2, s + 1):
        if len(word) > n and title_at(word, n) and all(g in given for g in word[s:n]):
            if n == 2 and word[n:] in _NOUN_HONORIFICS:
                continue  # 하나님, 부모님: the honorific of a common noun
            if word[:n] in _title_words():
                continue  # 위원장동지: a title before a title, not a name
            return n, "title"
    if mode == "only" and s + 1 <= len(word) <= s + 3:
        return len(word), "listed"
    if (
        before_title
        and s + 1 <= len(word) <= s + 3
        and (s == 2 or names.common_surname(word[0]))
        and all(g in given for g in word[s:])
    ):
        return len(word), "title-next"  # 김정일 국방위원장, 대장 리영호 (but not 위대한 수령, 우리 수령)
    sino = names.sino_given_syllables()
    if (
        alone
        and len(word) == 3
        and names.common_surname(word[0])
        and word[1] in sino
        and word[2] in sino
        and word[2] not in _PLACE_ENDINGS
        and word[2] not in _NOUN_ENDINGS
        and word[2] not in _PARTICLE_ENDINGS
        and word[1:] not in _NOUN_SUFFIXES
        and word[1:] != "하지"
        and admin_stem(word) == 0
        and word not in names.titles()
        and not _not_place(word)  # 유원지, 저수지: a generic alone is the common noun, not 유 + 원지
        and not common_word(word, weak=True)  # 지하철, 옥수수: a frequent word is the word, not a bare name
        and frequent_words().get(word[1:], 0.0) < COMMON_ZIPF  # 한의원, 조직원: a frequent word after a syllable
    ):
        return 3, "alone"
    return 0, ""


# 님 after a two-syllable word is the honorific of a noun (하나님, 부모님, 형님), not of a name.
_NOUN_HONORIFICS = frozenset(("님",))
# Final syllables that make nouns and are rare at the end of a given name: native -이 (고양이, 원숭이) and
# Sino-Korean noun suffixes (이사회, 세계관, 선거권, 전문가, 연구실, 목록표, 백화점, and -기 機/器 of devices:
# 전화기, 세탁기, 발전기; -자 者 and -인 人 of persons, 인 also the copula: 유권자, 우승자, 정치인, 명소인; -소 所 of
# offices, -장 場/長 of grounds and heads, -학 學 of fields, -대 臺/隊 of stations and units, -집 of shops, -초 初
# and -시 時 of times, -치 値 and the -치 of 하지 contracted: 연구소, 운동장, 이사장, 정치학, 천문대, 한식집, 이달초,
# 표준시, 우연치): a bare word ending so is not a name; with a title or in the gazetteer it still is (문재인).
_NOUN_ENDINGS = frozenset("이회계관권가실술표점기자인소장학대집초시치")
# The native suffix -아지 of the young of animals (표준국어대사전 '-아지': 강아지, 송아지, 망아지) ends no given name.
_NOUN_SUFFIXES = ("아지",)
# Particles and endings that follow a noun or a verb stem and rarely end a given name: a bare three-syllable word
# ending in one is a noun with its particle or a verb form (한국의, 성명을, 정부는, 하지만, 심각한, 방문해), not a
# name; so do the dependent nouns 중 'during' and 간 'between' (진행중, 량국간) and the topic particle 은 (한국은,
# 장관은: on kpc-nk's Korean every bare X-은 read as a name was a noun with its particle; 지은, 하은 with a
# title or in a list still are names). 이 and 지 end many given names (수지) and are not counted here, but 하지
# after a surname syllable is a verb form (원하지, 전하지).
_PARTICLE_ENDINGS = frozenset("의을를은는가에도와과로한해된할적만서께중간")


# Syllables before which 면 is the conditional ending (하면, 되면, 다면, 이면, 으면, 려면, 자면, 보면, 오면, 나면).
_BEFORE_MYEON = frozenset("하되다이으려자라보오나가차르")


def generic_place_shape(word: str) -> bool:
    """Whether a word ending in a generic (산, 사, 관) can be a place by its length and ending (RR and MR).

    A place with a one-syllable generic has a stem of one to three syllables (남산, 경복궁, 무량수전); longer words
    are compounds (국영석유회사, 개구쟁이지만). 만 'bay' is far more often the particle 'only' (사실만, 북한만), and a
    word ending in a title is a person (부시대통령, 내무장관, 미국대사). A frequent word is the common word (건강,
    개봉), and a word of four syllables ending in a frequent word of two is that word with a modifier (여론조사,
    경찰학교), not a stem and a generic (mlkit.romanize.common).
    """
    return (
        len(word) <= 4
        and word[-1] != "만"
        and word[-2:] not in title_tails()
        and not (len(word) >= 4 and word[-2:] in word_tails())
        and not common_word(word, weak=len(word) == 2)
    )


@cache
def word_tails() -> frozenset[str]:
    """Frequent common words of two syllables that end in a generic's syllable (조사, 회사, 학교): after a stem of
    two syllables or more they end a compound of words, not a place. (After one syllable they may be the place's
    stem and generic: 은행정 is 은행 + 정, not 은 + 행정.)"""
    generics = set(tables.generics())
    return frozenset(
        w for w, zipf in frequent_words().items() if len(w) == 2 and w[-1] in generics and zipf >= COMMON_ZIPF
    )  # the general threshold: 흥인지문 ends in 지문 (4.05), and is a gate


@cache
def title_tails() -> frozenset[str]:
    """Last two syllables of the titles that end in a generic's syllable (대통령 → 통령, 장관, 대사, 박사)."""
    generics = set(tables.generics())
    return frozenset(t[-2:] for t in names.titles() if len(t) >= 2 and t[-1] in generics)


def _sino_reading_word(word: str) -> bool:
    """Whether every syllable of `word` has a Sino-Korean shape and reads some Han character (place names do)."""
    return sino_word(word) and all(ch in sino_readings() for ch in word)


def admin_stem(word: str) -> int:
    """Length of the stem before an administrative suffix (제주도 → 2), or 0 when the word has none."""
    if len(word) < 3:
        return 0
    suffix, stem = word[-1], word[:-1]
    need = tables.admin_suffixes().get(suffix)
    if need is None or len(stem) < need:
        return 0
    if suffix == "리" and stem[-1] in tables.numerals():
        return 0  # 왕십리, 천리: the distance unit li
    name = stem.removesuffix("특별자치").removesuffix("특별").removesuffix("광역")  # 라선특별시, 부산광역시
    listed = name in names.districts() or names.gazetteer().get(name, ("",))[0] == "place"
    if suffix in "구시" and not listed:
        return 0  # gu and si are closed lists (places.txt): 박동구 is a name (Pak Tong Gu), 비상구 an exit, 비상시
    if suffix == "도" and name not in names.provinces() and name[:-1] not in names.provinces():
        return 0  # provinces (충청북도 too) are a closed list: 가격도, 로인도 end in the particle; 울릉도 is an island
    if suffix == "가":
        return 0  # a street section is numbered (종로 2가, digits apart): 관계자가, 국방부가 end in the particle 가
    if suffix == "면" and (stem[-1] in _BEFORE_MYEON or not all(ch in sino_readings() for ch in stem)):
        return 0  # -면 'if' after a verb (리용하면, 된다면, 가득차면); townships have Sino-Korean names
    if any(word.endswith(w) for w in tables.not_admin()):
        return 0  # 물난리, 인민군: ordinary words
    return len(stem)


def divide(word: str, tails: bool = True) -> list[tuple[int, int]]:
    """Library-style word division of a long compound (조선민주주의인민공화국 → 4 words); one piece otherwise."""
    words = tables.division_words()
    n = len(word)
    if n < 4:
        return [(0, n)]
    longest = _longest_division_word()
    # Cover the word with listed words, fewest pieces first (the first cover found among equals); a piece is at
    # most `longest` syllables, so a long word costs linear time.
    count = [-1] * (n + 1)
    back = [0] * (n + 1)
    count[0] = 0
    for i in range(n):
        if count[i] < 0:
            continue
        for j in range(i + 2, min(n, i + longest) + 1):
            if (count[j] < 0 or count[i] + 1 < count[j]) and word[i:j] in words:
                count[j] = count[i] + 1
                back[j] = i
    if count[n] > 1:
        pieces, j = [], n
        while j:
            pieces.append((back[j], j))
            j = back[j]
        return pieces[::-1]
    if tails:
        for j in range(max(2, n - longest), n - 1):
            if word[j:] in words:
                return [(0, j), (j, n)]
    return [(0, n)]


@cache
def _longest_division_word() -> int:
    return max(map(len, tables.division_words()), default=0)


def analyse(
    word: str, system: str, alone: bool = False, before_title: bool = False, mode: str = "auto"
) -> list[Part]:
    """The parts of a (precomposed) word for `system`."""
    n = len(word)
    if system == "rr-translit":
        return [Part("word", 0, n)]
    if system == "yale":
        # a name is a word of its own before its title (김정일동지께서 kimcengil tongci kkeyse)
        named = name_evidence(word, alone, before_title, mode)[0]
        head = [Part("word", 0, named)] if 0 < named < n else []
        start = named if head else 0
        whole = word[start:] in tables.particle_words()  # 회의 is a word, 우리의 a noun and its particle
        for particle in () if whole else tables.particles():
            if n - start > len(particle) and word.endswith(particle):
                rest = [Part("word", start, n - len(particle), sep=" " if head else ""),
                        Part("word", n - len(particle), n, sep=" ")]
                return head + rest
        return [*head, Part("word", start, n, sep=" " if head else "")]
    if (word, system) in tables.conventional():
        return [Part("conventional", 0, n)]
    entry = names.gazetteer().get(word)
    named, evidence = name_evidence(word, alone, before_title, mode)
    if named:
        parts = [Part("name", 0, named, capital=True, evidence=evidence)]
        if named < n:
            parts.append(Part("word", named, n, sep=" "))
        return parts
    # Admin suffixes only on a bare place name (a line of its own) or a gazetteer place: in running text,
    # 민족끼리 or 인민군은 are not places. A bare word is a place only if its stem has the shape of Sino-Korean
    # syllables, as place names do (싫어도, 칡뿌리 are ordinary words).
    province = word.endswith(PROVINCE_ENDINGS)
    stem = admin_stem(word)
    listed_stem = stem and names.gazetteer().get(word[:stem], ("",))[0] == "place"  # 평성시: 평성 is listed
    stem = stem if alone or entry is not None or province or listed_stem else 0
    if stem and entry is None and not province and not listed_stem and (
        not _sino_reading_word(word[:stem]) or (common_word(word) and word[-1] not in _LISTED_ADMIN)
    ):
        stem = 0  # 싫어도 (a native stem), a frequent word: no place by its suffix alone
    if stem:
        if system == "mr" and province and stem >= 3:
            stem -= 1  # ALA-LC: the generic is 북도/남도 (경상북도 Kyŏngsang-bukto)
        return [Part("word", 0, stem, capital=True), Part("admin", stem, n, sep="-")]
    # a generic needs a name before it: 폭포, 유원지 alone are the common nouns, and 동원령 (令 'decree'), 등용문 end
    # in another morpheme of the same sound (tables.not_places)
    generic = (alone or n >= 3) and n >= 2 and word[-1] in tables.generics() and not _not_place(word)
    if generic and system in ("rr", "mr") and (
        not _sino_reading_word(word[:-1])
        or (n == 2 and word[-1] not in _NATURE_GENERICS)
        or not generic_place_shape(word)
    ):
        # 흙만, 툇마루: a native stem is no place name; 역사, 회사, 시대: two syllables ending in 사/대 are nouns;
        # 건강, 개봉: a frequent word is the common word (mlkit.romanize.common)
        generic = False
    long_generic = ""
    if word[-1:] in _long_generic_finals():
        long_generic = next((g for g in tables.long_generics() if n > len(g) and word.endswith(g)), "")
    if long_generic and system in ("rr", "mr") and sino_word(word[: n - len(long_generic)]) and not _not_place(word):
        generic = True  # 태백산맥 Taebaeksanmaek
    known = entry is not None and entry[0] != "term"  # 선군, 주체: terms are common words
    known = known or place_before_particle(word)  # 평양에서 Pyongyang-eso: a place with its case particle
    known = known or directed_place(word)  # 북조선 Pukchosŏn, 남조선
    evidence = alone_evidence(word) if alone and not known else ""
    # DPRK capitalises any word standing alone, a title too (대통령 Taethongryŏng); elsewhere a title keeps lower case
    capital = (alone and system in ("dprk", "dprk-media")) or (
        word not in _title_words() and (known or generic or bool(evidence))
    )
    evidence = evidence if capital and not generic else ""
    if system in ("mr", "dprk", "dprk-media"):
        pieces = divide(word, tails=system == "mr")  # DPRK writes generics attached: Paengmasan
        if len(pieces) > 1:
            # the generic of a place stays lower case (T'aebaek sanmaek)
            return [
                Part(
                    "word", a, b, sep=" " if a else "", capital=capital and not (a and _is_generic(word[a:b])),
                    evidence="" if a else evidence,
                )
                for a, b in pieces
            ]  # fmt: skip
    return [Part("word", 0, n, capital=capital, evidence=evidence)]


def alone_evidence(word: str) -> str:
    """What makes a word on a line of its own a proper noun, for its capital and its edges: a listed place (구미
    Gumi, 종로 Jongno), a ROK town that is no common word (합덕 Hapdeok), a word the analyser's lexicon holds only
    as a proper noun (한밭 Hanbat, 독도 Dokdo); '' for none."""
    if word in names.places():
        return "place"
    if word in tables.towns() and word not in tables.not_places():
        return "town"
    return "lexicon" if proper_noun(word) else ""


# Suffixes admin_stem accepts only after a listed province or city (경기도 Gyeonggi-do stays a place, frequent or not).
_LISTED_ADMIN = "구시도"


# The generics of a divided province (충청북도, 경상남도): the word is a place whatever else it holds.
PROVINCE_ENDINGS = ("남도", "북도")


# Case particles that follow a place name inside its word (평양에서, 서울의, 개성으로). 이 is left out: it also
# ends common nouns that start like a place (고양이 is a cat, not 고양 + 이).
CASE_PARTICLES = frozenset(
    "에서 에서는 에서도 에서의 에 에는 에도 의 으로 으로는 로 로는 과 와 은 는 을 를 도 까지 부터 에게 만".split()
)
_LONGEST_PARTICLE = max(map(len, CASE_PARTICLES))


def place_before_particle(word: str) -> bool:
    """Whether `word` is a gazetteer place followed by a case particle (평양에서, 서울의)."""
    gaz = names.gazetteer()
    for k in range(max(2, len(word) - _LONGEST_PARTICLE), len(word)):  # (only a particle's length from the end)
        if word[k:] in CASE_PARTICLES and gaz.get(word[:k], ("",))[0] == "place":
            return True
    return False


@cache
def _long_generic_finals() -> frozenset[str]:
    return frozenset(g[-1] for g in tables.long_generics())


def _not_place(word: str) -> bool:
    """Whether `word` is a generic with no name before it (폭포, 유원지) or a listed common noun (동원령)."""
    return _is_generic(word) or word in tables.not_places()


def _is_generic(word: str) -> bool:
    return word in tables.long_generics() or word in tables.generics()


@cache
def _title_words() -> frozenset[str]:
    return frozenset(names.titles())
