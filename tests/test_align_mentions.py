"""Korean names ↔ English mentions, on the seeds and on small texts, in any romanisation system."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.align.mentions import annotate_mentions, english_candidates, find_mentions, fold, korean_names
from mlkit.align.names import find_names, spellings
from mlkit.document import Document
from mlkit.textio import read_path
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed_docs() -> list[Document]:
    return [read_path(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def seed_names(seed_docs: list[Document]) -> list[str]:
    return korean_names(seed_docs)


def top(name: str, docs: list[Document]) -> str | None:
    found = find_mentions([name], docs)[name]
    return found[0].text if found else None


def test_seed_korean_passages_name_the_leaders_and_places(seed_names: list[str]) -> None:
    expected = ("김정일", "김대중", "김일성", "평양", "서울", "리영호", "리봉수", "조선민주주의인민공화국", "대한민국")
    for name in expected:
        assert name in seed_names


def test_verb_stem_is_not_taken_for_a_name(seed_names: list[str]) -> None:
    assert "명심하" not in seed_names


@pytest.mark.parametrize(
    ("name", "mention"),
    [
        ("김정일", "Kim Jong Il"),
        ("김일성", "Kim Il Sung"),
        ("평양", "Pyongyang"),
        ("조선민주주의인민공화국", "DPRK"),
        ("대한민국", "South Korea"),  # not "Republic of Korea" inside "Democratic People's Republic of Korea"
    ],
)
def test_seed_names_link_to_their_english_mention_first(name: str, mention: str, seed_docs: list[Document]) -> None:
    assert top(name, seed_docs) == mention


def test_names_the_english_text_never_mentions_get_no_wrong_mention(seed_docs: list[Document]) -> None:
    found = find_mentions(["김대중", "서울", "오영복", "리봉수"], seed_docs)
    assert list(found.items()) == [("김대중", ()), ("서울", ()), ("오영복", ()), ("리봉수", ())]


def test_mention_offsets_point_at_the_mention_in_its_file(seed_docs: list[Document]) -> None:
    by_id = {d.id: d for d in seed_docs}
    for m in find_mentions(["김일성"], seed_docs)["김일성"][:20]:
        assert by_id[m.doc_id].text[m.start : m.end] == m.text


def test_mentions_are_found_across_the_files_of_a_corpus(seed_docs: list[Document]) -> None:
    files = {m.doc_id for m in find_mentions(["김일성"], seed_docs)["김일성"]}
    assert len(files) >= 3


@pytest.mark.parametrize(
    "spelling", ["Kim Jong Il", "Kim Jong-il", "Kim Chŏng-il", "Gim Jeong-il", "Kim Jongil", "KIM Jong Il"]
)
def test_any_system_spelling_is_found(spelling: str) -> None:
    doc = Document(f"Yesterday {spelling} visited a farm with Kim Jong Un.", id="a")
    mentions = find_mentions(["김정일"], [doc])["김정일"]
    assert mentions[0].text == spelling
    assert all(m.text != "Kim Jong Un" for m in mentions)


def test_short_name_prefers_the_real_name_to_a_common_word() -> None:
    doc = Document("Based on the report, the soldiers climbed Paektu at dawn.", id="a")
    mentions = find_mentions(["백두"], [doc])["백두"]
    assert [m.text for m in mentions] == ["Paektu"]
    assert mentions[0].system == "dprk-media"


def test_common_word_alone_is_not_a_mention() -> None:
    doc = Document("Based on the report, the soldiers left.", id="a")
    assert find_mentions(["백두"], [doc])["백두"] == ()


def test_journal_title_is_found_through_the_gazetteer() -> None:
    doc = Document("An article in Kulloja, the party journal, said so.", id="a")
    m = find_mentions(["근로자"], [doc])["근로자"][0]
    assert (m.text, m.system, m.score) == ("Kulloja", "gazetteer", 1.0)


def test_name_inside_a_longer_name_ranks_below_a_standalone_mention() -> None:
    doc = Document("The Democratic People's Republic of Korea and the Republic of Korea met.", id="a")
    mentions = find_mentions(["대한민국"], [doc])["대한민국"]
    assert mentions[0].start == doc.text.index("the Republic") + 4


def test_signature_with_spaced_syllables_is_one_name() -> None:
    text = "대한민국 대통령\n김 대 중\n"
    names = find_names(text)
    assert [(n.hangul, n.rule) for n in names] == [("대한민국", "name:gazetteer"), ("김대중", "name:signature")]
    assert text[names[1].start : names[1].end] == "김 대 중"


def test_spellings_come_from_the_gazetteer_and_every_system() -> None:
    systems = {system for _, system in spellings("김정일")}
    assert {"gazetteer", "mr", "dprk"} <= systems


def test_fold_ignores_case_spacing_hyphens_and_diacritics() -> None:
    assert fold("P'yŏngyang") == "pyongyang"
    assert fold("Kim Jong-il") == fold("KIM JONG IL") == "kimjongil"


@given(st.one_of(st.text(alphabet=string.printable), st.text(alphabet=st.characters(max_codepoint=0x17F))))
def test_fold_of_ascii_text_is_what_nfkd_folding_gives(text: str) -> None:
    """ASCII takes a shortcut; it must agree with the full folding, and so must Latin text with accents."""
    full = "".join(c for c in unicodedata.normalize("NFKD", text) if c.isalpha() and not unicodedata.combining(c))
    assert fold(text) == full.lower()


def test_candidates_are_capitalised_word_runs() -> None:
    text = "the Workers' Party of Korea met"
    spans = {text[s:e] for s, e, _, _ in english_candidates(text)}
    assert "Workers' Party of Korea" in spans
    assert "of Korea" not in spans


def test_document_mentions_round_trip_through_jsonl() -> None:
    doc = Document("김정일국방위원장께서 평양에서 말씀하셨다.\n\nKim Jong Il spoke in Pyongyang.\n", id="x")
    annotated = annotate_mentions(doc)
    found = {(m.hangul, annotated.text[m.start : m.end]) for m in annotated.mentions}
    assert found == {("김정일", "Kim Jong Il"), ("평양", "Pyongyang")}
    m = next(m for m in annotated.mentions if m.hangul == "김정일")
    assert annotated.text[m.source_start : m.source_end] == "김정일"
    assert Document.from_json(annotated.to_json()) == annotated


def test_equal_mentions_rank_the_one_nearest_the_korean_first(seed_docs: list[Document]) -> None:
    near = korean_names(seed_docs)
    best = find_mentions(["김일성"], seed_docs, near=near)["김일성"][0]
    origin = dict(near["김일성"])[best.doc_id]
    assert best.doc_id.endswith(seed_path_name("004"))
    found = find_mentions(["김일성"], seed_docs)["김일성"]
    others = [m for m in found if m.doc_id == best.doc_id and m.score == best.score]
    assert abs(best.start - origin) == min(abs(m.start - origin) for m in others)


def seed_path_name(prefix: str) -> str:
    return next(p.name for p in SEEDS.glob(f"{prefix}_*.txt"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["Kim", "Jong", "Il", "Pyongyang", "of", "the", "Based", "P'yŏngyang", ",", "\n", "a"]),
                max_size=30).map(" ".join))
def test_mention_offsets_always_point_at_the_mention_text(text: str) -> None:
    doc = Document(text, id="h")
    for mentions in find_mentions(["김정일", "평양", "백두"], [doc]).values():
        for m in mentions:
            assert doc.text[m.start : m.end] == m.text
            assert 0 < m.score <= 1


def test_word_derived_from_a_name_is_not_a_mention() -> None:
    doc = Document("Kimilsungism guided them. Kim Il Sung's works were read.", id="a")
    assert [m.text for m in find_mentions(["김일성"], [doc])["김일성"]] == ["Kim Il Sung's"]
