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


def test_a_sentence_ending_an_english_paragraph_is_apart_from_the_foreign_paragraph_after_it() -> None:
    """Korean manual pages (xz(1), man(1)) set inside English: a passage crosses an empty line only between
    paragraphs wholly in its language, as the paragraphs of the June 15 declaration in the seeds are."""
    line = "총 갯수와 크기를 나타냅니다."
    paragraph = ("비인자 옵션은 명령행이든 $MANOPT 환경 변수든 어디에든 반복해서 사용해도 지장이 없습니다. "
                 "인자가 필요한 옵션이라면, 반복해서 사용할 때마다 앞서 사용한 인자 값을 무시합니다.")
    assert _foreign(f"{ENGLISH} {line}\n\n{paragraph}\n\n{ENGLISH}") == [("ko", line), ("ko", paragraph)]
    assert _foreign(f"{ENGLISH}\n{line}\n\n{paragraph}\n\n{ENGLISH}") == [("ko", line), ("ko", paragraph)]
    # a foreign paragraph, then one that opens with a Korean phrase and goes on in English
    phrase = "수정할 수"
    assert _foreign(f"{ENGLISH}\n\n{paragraph}\n\n/proc/sys/kernel/domainname {phrase} and "
                    f"/proc/sys/kernel/hostname\n") == [("ko", paragraph), ("ko", phrase)]
    # paragraphs wholly Korean stay one passage
    assert _foreign(f"{ENGLISH}\n\n{paragraph}\n\n{line}\n\n{ENGLISH}") == [("ko", f"{paragraph}\n\n{line}")]


def test_english_words_of_two_sentences_between_korean_phrases_are_not_taken_into_them() -> None:
    text = ('If a program is not registered with the "수도 있고" RPC package. Service 콜론으로 구분한 설명서 '
            "implementors usually do not need this routine.")
    assert _foreign(text) == [("ko", "수도 있고"), ("ko", "콜론으로 구분한 설명서")]
    assert _foreign(f"{ENGLISH} 조선로동당 WPK 중앙위원회 {ENGLISH}") == [("ko", "조선로동당 WPK 중앙위원회")]


def test_troff_requests_and_colon_lists_inside_a_korean_sentence_belong_to_it() -> None:
    requests = '예를 들면 ".na", ".nf", ".fi", ".ad" 요청으로 임시로 정렬과 채움을 막을 수 있습니다.'
    assert _foreign(f"{ENGLISH}\n{requests}\n{ENGLISH}") == [("ko", requests)]
    days = "예를 들어, [mon:tue:wed:thu:fri:8-17]tty3 문자열은 월요일부터 금요일까지 tty3 터미널 로그인을 허용한다."
    assert _foreign(f"{ENGLISH}\n\n{days}\n\n{ENGLISH}") == [("ko", days)]
