"""Segmentation in the languages added beyond the original twenty, and technical English staying English."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlkit import segment
from mlkit.segment import identifiers

DATA = Path(__file__).parent / "data" / "segment"
HOST = ("The kernel keeps a table of open files for every process, and each entry points to the file description "
        "that holds the offset and the status flags.")


def _translated() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "translated_lines.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, sentence, _ = line.split("\t")
            rows.append((lang, sentence))
    return rows


def _passages(text: str) -> list[tuple[str, str]]:
    doc = segment(text)
    assert doc.meta["main_lang"] == "en"
    return [(p.lang, text[p.start : p.end]) for p in doc.passages()]


@pytest.mark.parametrize(("lang", "sentence"), _translated(), ids=[lang for lang, _ in _translated()])
def test_a_real_translated_line_in_english_prose_is_one_passage_in_its_language(lang: str, sentence: str) -> None:
    text = f"{HOST}\n{sentence}\n{HOST}\n"
    ((found, passage),) = _passages(text)
    assert found == lang
    assert len(passage) >= 0.7 * len(sentence)


def test_technical_english_from_manual_pages_has_no_foreign_passage() -> None:
    text = (DATA / "technical_english.txt").read_text(encoding="utf-8")
    assert _passages(text) == []


@pytest.mark.parametrize("identifier", [
    "libjpeg", "statoverride", "dpkg-statoverride(8)", "4bb7932a29e6f73c97bb9272f2bdc393122f86e0", "deadbeef",
    "foo_bar_baz", "camelCaseName", "--no-clobber", "-cftuvSUX", "https://www.gnu.org/licenses/gpl-3.0.html",
    "debian-dpkg@lists.debian.org", "/etc/shells.tmp", "libjpeg.so.8", "x86_64", "v2.4.1-rc3", "i18n", "maxsize",
    ".gitignore", "mon:tue:wed:thu:fri", "std::vector",
])
def test_an_identifier_never_opens_a_foreign_passage(identifier: str) -> None:
    for text in (f"Use {identifier} here.", f"{HOST} See {identifier} and {identifier} for details.\n",
                 f"{HOST}\n{identifier}\n{HOST}\n"):
        assert _passages(text) == [], text


@pytest.mark.parametrize("line", [
    "setjmp, sigsetjmp, longjmp, siglongjmp - performing a nonlocal goto",
    "getspnam, getspnam_r, getspent, getspent_r, setspent, endspent - get shadow password file entry",
    "strtok, strtok_r - extract tokens from strings",
])
def test_a_manual_page_name_line_of_functions_no_list_knows_stays_english(line: str) -> None:
    """The NAME lines of setjmp(3), getspnam(3) and strtok(3): "setjmp, sigsetjmp, longjmp" read as Catalan by
    their letters alone."""
    assert _passages(f"{HOST}\n\n{line}\n\n{HOST}\n") == []


def test_identifiers_are_blanked_with_their_offsets_kept() -> None:
    text = "See dpkg-statoverride(8), set CFLAGS=-O2 --no-clobber in ~/.config/foo_bar.conf, mail a@b.org."
    masked = identifiers.mask(text)
    assert len(masked) == len(text)
    assert [w for w in masked.split() if w.strip(identifiers.MASK + ",.") ] == ["See", "set", "in", "mail"]


def test_a_cyrillic_phrase_beside_a_vietnamese_one_keeps_its_language() -> None:
    text = "routes в невозможности via an interface program. me kiếm của” errors."
    found = [(p.lang, text[p.start : p.end]) for p in segment(text).passages()]
    assert found == [("ru", "в невозможности"), ("vi", "kiếm của")]


def test_without_the_vietnamese_phrase_the_cyrillic_one_is_the_same() -> None:
    text = "routes в невозможности via an interface program. errors."
    assert [(p.lang, text[p.start : p.end]) for p in segment(text).passages()] == [("ru", "в невозможности")]


def test_an_english_word_with_an_ending_the_list_lacks_stays_english() -> None:
    """perf(1): "immediates" is missing from the English list and is a Catalan word."""
    text = ("Specify the registers to sample, on the value of assigned registers and immediates. Setting a value "
            "of zero disables it.")
    assert _passages(text) == []
    assert [p[0] for p in _passages(f"{HOST} Les dades immediates es desen al registre. {HOST}")] == ["ca"]


def test_a_run_together_word_is_tried_only_at_cuts_where_both_pieces_can_be_words(monkeypatch) -> None:
    from mlkit.segment import lexicon

    en = lexicon.lookup("en")
    asked: list[str] = []

    class Counting:
        def get(self, word: str, default: float = 0.0) -> float:
            asked.append(word)
            return en.get(word, default)

    monkeypatch.setattr(lexicon, "lookup", lambda lang: Counting())
    identifiers._run_together.cache_clear()
    assert identifiers._run_together("statoverride")  # stat + override, as before
    asked.clear()
    assert not identifiers._run_together("abcdefghij" * 10_000)  # one Latin word of 100,000 letters
    assert len(asked) <= 2 * identifiers.LONGEST_PIECE  # not one slice per letter: no quadratic time
    identifiers._run_together.cache_clear()
