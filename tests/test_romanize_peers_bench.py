"""The extraction, filtering and splitting of bench/romanize_peers.py (the instrument the peers' suites are
scored with), on small snippets in each suite's format written here, not on the peers' files."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import ROOT


def _load():  # type: ignore[no-untyped-def]
    # bench/ is a folder of scripts, not a package: load the module from its file
    spec = importlib.util.spec_from_file_location("romanize_peers", ROOT / "bench" / "romanize_peers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["romanize_peers"] = module
    spec.loader.exec_module(module)
    return module


peers = _load()


def test_python_asserts_loops_and_options_become_rows_with_their_system() -> None:
    text = '''
def test_a():
    assert romanize("가방", "revised") == "gabang"
    assert romanize("강물", "mr") == "kangmul"
    assert romanize("김하나", "revised", mode="name") == "Gim Hana"
    assert romanize("서울시", "revised", mode="admin", admin_omit_suffix=True) == "seoul"

def test_b():
    examples = [("나무", "namu"), ("바다", "bada")]
    for word, expected in examples:
        assert romanize(word, "revised") == expected
'''
    rows = peers.python_rows(text, "romanize", peers.hangulpy_system, "src")
    assert {(r.hangul, r.system, r.expected, r.names) for r in rows} == {
        ("가방", "rr", "gabang", "auto"),
        ("강물", "mr", "kangmul", "auto"),
        ("김하나", "rr", "Gim Hana", "only"),
        ("나무", "rr", "namu", "auto"),
        ("바다", "rr", "bada", "auto"),
    }  # the suffix-dropping admin mode is no system of ours


def test_interscript_tests_skip_comments_and_read_u_umlaut_as_breve_for_dprk() -> None:
    text = 'tests {\n  test "금강", "Kümgang"\n  # test "나", "na"\n}\n'
    assert peers.imp_rows(text, "dprk", "m") == [peers.Row("금강", "dprk", "Kŭmgang", "m")]
    assert peers.imp_rows(text, "mr", "m")[0].expected == "Kümgang"


def test_ko_pron_dicts_give_one_row_per_system_and_drop_pronunciation_and_ipa() -> None:
    text = '''
def test_x():
    for system, expected in {"ph": "가치", "rr": "gachi", "mr": "kach'i", "yr": "kath.i", "ipa": "x"}.items():
        self.assertEqual(romanise("같이", system), expected)
'''
    assert {(r.system, r.expected) for r in peers.ko_pron_rows(text, "k")} == {
        ("rr", "gachi"), ("mr", "kach'i"), ("yale", "kath.i")
    }


def test_es_hangul_spec_lines() -> None:
    text = "expect(romanize('구미')).toBe('gumi');\n  expect(romanize('ㄱ')).toBe('g');"
    assert [r.hangul for r in peers.es_hangul_rows(text, "e")] == ["구미", "ㄱ"]


def test_real_words_leave_out_jamo_latin_and_the_spelling_before_1933() -> None:
    assert peers.why_not_word("고양이") is None
    assert peers.why_not_word("가져오다") is None  # 져 is today's contraction
    assert peers.why_not_word("ㅠ동") == "standalone jamo"
    assert peers.why_not_word("한국은korea") == "Latin letters or digits"
    assert peers.why_not_word("뎐기") == "spelling before 1933"
    assert peers.why_not_word("도쟝") == "spelling before 1933"
    assert peers.why_not_word("!?") == "no Hangul syllable"


def test_halves_are_seeded_and_both_non_empty() -> None:
    rows = [peers.Row(f"가{chr(0xAC00 + i)}", "rr", "x", "s") for i in range(200)]
    first = [peers.half(r, 15) for r in rows]
    assert first == [peers.half(r, 15) for r in rows]
    assert 60 < first.count("tune") < 140
    assert first != [peers.half(r, 16) for r in rows]


def test_loose_reads_nfd_breves_and_curly_apostrophes_and_yale_marks() -> None:
    assert peers.loose("Ch\u2019o\u0306n-gi") == peers.loose("ch'ŏngi")
    assert peers.loose("hānkwuk.e", "yale") == peers.loose("hankwuke", "yale")
    assert peers.loose("hankwuk.e") != peers.loose("hankwuke")
