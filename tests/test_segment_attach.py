"""Main-language words that belong to a foreign sentence (mlkit/segment/attach.py), on real translated manual
pages (Debian's manpages-l10n: Greek and Korean)."""

from __future__ import annotations

from mlkit import segment

ENGLISH = "The file descriptor is still present in the set after the call returns, and the kernel keeps it open."


def _foreign(text: str) -> list[tuple[str, str]]:
    doc = segment(text)
    return [(p.lang, doc.text[p.start : p.end]) for p in doc.passages() if p.lang != "en"]


def test_an_english_licence_name_inside_a_greek_sentence_stays_in_it() -> None:
    greek = ("Αυτή η μετάφραση είναι δωρεάν τεκμηρίωση; διαβάστε την GNU General Public License Version 3 "
             "⟨https://www.gnu.org/licenses/gpl-3.0.html⟩ ή μεταγενέστερη για τους όρους")
    assert _foreign(f"{ENGLISH}\n{greek}.\n{ENGLISH}") == [("el", f"{greek}.")]


def test_a_latin_name_with_a_korean_particle_belongs_to_the_korean_passage() -> None:
    assert _foreign(f"{ENGLISH} CRC32와 {ENGLISH}") == [("ko", "CRC32와")]
    assert _foreign(f"{ENGLISH} 이 옵션은 man에서 설치한 {ENGLISH}") == [("ko", "이 옵션은 man에서 설치한")]


def test_an_english_sentence_between_two_foreign_sentences_stays_english() -> None:
    text = (f"{ENGLISH} Αυτή η μετάφραση είναι δωρεάν τεκμηρίωση. See the full license text. "
            f"Διαβάστε την άδεια για τους όρους. {ENGLISH}")
    assert all("license" not in t for _, t in _foreign(text))


def test_latin_words_opening_a_korean_sentence_belong_to_it() -> None:
    """Korean manual pages open sentences with units, commands and acronyms (xz(1), Korean translation)."""
    assert _foreign(f"{ENGLISH} KiB 1,024 (2^10) 배수 정수값. {ENGLISH}") == [("ko", "KiB 1,024 (2^10) 배수 정수값")]
    korean = "LZMA 유틸리티는 어떤 lc 값과 lp 값을 받아들이고도 압축을 해제할 수 있습니다."
    assert _foreign(f"{ENGLISH}\n{korean}\n{ENGLISH}") == [("ko", korean)]


def test_a_name_inside_an_english_sentence_stays_english_beside_a_korean_phrase() -> None:
    assert _foreign("The page shows the PID 페이지의 렌더링 of each task.") == [("ko", "페이지의 렌더링")]
    assert _foreign("The value is given in\nLZMA 기본값은 by the kernel.") == [("ko", "기본값은")]
    assert _foreign(f"{ENGLISH} Each 페이지의 렌더링 is kept.") == [("ko", "페이지의 렌더링")]


def test_a_number_set_apart_at_a_passage_edge_belongs_to_the_sentence_around() -> None:
    assert _foreign("thp_collapse_alloc_failed (since Linux 주지 않습니다 2.6.39)\n") == [("ko", "주지 않습니다")]
    assert _foreign(f"{ENGLISH}\n최대 값은 (기본값 3)\n{ENGLISH}") == [("ko", "최대 값은 (기본값 3)")]


def test_a_detached_korean_particle_takes_the_latin_word_it_belongs_to() -> None:
    """Korean manual pages write a particle apart from a command name ("grep(1) 에", "man 은"); the particle
    needs that word, while 이 ("this") opens a phrase of its own."""
    assert _foreign("All options are passed to grep(1) 에 전달합니다 in order.") == [("ko", "grep(1) 에 전달합니다")]
    assert _foreign("It is set with 이 옵션은 by default.") == [("ko", "이 옵션은")]


def test_names_inside_the_quotes_or_brackets_of_a_korean_phrase_belong_to_it() -> None:
    assert _foreign("It shows the “내용은 xdvi” of the page.") == [("ko", "내용은 xdvi")]
    assert _foreign("It shows the 내용은 xdvi of the page.") == [("ko", "내용은")]
    assert _foreign("Set by (lc=lc 리터럴) in the filter.") == [("ko", "lc=lc 리터럴")]
    assert _foreign("Units (2^10) 배수 정수값 are used.") == [("ko", "배수 정수값")]


def test_a_number_a_korean_particle_is_glued_to_belongs_to_the_korean_passage() -> None:
    """login.access(5), Korean translation: "130.225.17.255인 호스트에서만 접속이"."""
    text = "Only hosts at 130.225.17.255인 호스트에서만 접속이 may log in."
    assert _foreign(text) == [("ko", "130.225.17.255인 호스트에서만 접속이")]


def test_a_korean_noun_naming_a_kind_takes_the_name_before_it() -> None:
    """xz(1) and man(1), Korean translations: "xargs(1) 명령으로", "apropos 프로그램은"."""
    assert _foreign("Run the xargs(1) 명령으로 여러 files at once.") == [("ko", "xargs(1) 명령으로 여러")]
    assert _foreign("Then the apropos 프로그램은 reads it.") == [("ko", "apropos 프로그램은")]
    assert _foreign("Then the program 프로그램은 reads it.") == [("ko", "프로그램은")]


def test_a_name_after_a_bracket_that_closes_in_english_stays_english() -> None:
    """A Korean phrase inside an English bracket does not take the name the bracket opens with, when English
    words close it (proc(5): "(PowerPC only)"); names in a bracket the Korean phrase closes it with still do."""
    text = f"{ENGLISH}\n\n/proc/sys/kernel/zero-paged (PowerPC 그 형식은 only)\n\n{ENGLISH}"
    assert _foreign(text) == [("ko", "그 형식은")]
    assert _foreign(f"{ENGLISH} (KiB 1,024 배수 정수값) {ENGLISH}")[0][1].startswith("KiB")
