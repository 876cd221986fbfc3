"""Fuzzing every stage with random Unicode (all planes, jamo, NFD, emoji sequences, controls, lone surrogates):
no exception, spans inside the text and ordered, edges covering input and output, the document round trip
equal, the same output on a second run and in another process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlkit import Document, find_noise, romanize, romanize_document, segment
from mlkit.document import SURROGATE
from mlkit.romanize import SYSTEMS
from tests.fuzzing import CHARS, SAMPLES, TEXT, budget

WITH_SURROGATES = st.lists(st.one_of(CHARS, SAMPLES, st.integers(0xD800, 0xDFFF).map(chr)), max_size=40).map("".join)
LONG = st.tuples(
    st.sampled_from(["가", "é", "ж", " ", "a"]), st.sampled_from(["a", "가", "1", "ㄱ"]), st.integers(0, 3000)
)


def check_document(doc: Document, text: str) -> None:
    """Spans inside the text and ordered per kind; every annotation inside; the JSONL round trip equal."""
    assert doc.text == text
    n = len(text)
    for kind in ("run", "passage"):
        spans = [s for s in doc.spans if s.kind == kind]
        for a, b in zip(spans, spans[1:], strict=False):
            assert a.end <= b.start
    for name in ("spans", "romanizations", "mentions", "flags"):
        for item in getattr(doc, name):
            assert 0 <= item.start <= item.end <= n, (name, item)
    for rom in doc.romanizations:
        for e in rom.edges:
            assert rom.start <= e.src_start <= e.src_end <= rom.end and e.out_end <= len(rom.text)
    line = doc.to_json()
    line.encode("utf-8")
    back = Document.from_json(line)
    if SURROGATE.search(text):  # written as U+FFFD and flagged
        assert back.text == SURROGATE.sub("\ufffd", text) and back.spans == doc.spans
        assert any(f.kind == "invalid-utf8" for f in back.flags)
    else:
        assert back == doc


def check_edges_cover(text: str, system: str) -> None:
    result = romanize(text, system)
    src = out = 0
    for edge in result.edges:
        assert (edge.src_start, edge.out_start) == (src, out)
        src, out = edge.src_end, edge.out_end
    assert (src, out) == (len(text), len(result.text))


@budget(40)
@given(TEXT)
def test_segment_any_text(text: str) -> None:
    first = segment(text)
    check_document(first, text)
    assert segment(text) == first


@budget(15)
@given(TEXT, st.sampled_from(SYSTEMS))
def test_romanize_any_text_in_any_system(text: str, system: str) -> None:
    check_edges_cover(text, system)
    doc = romanize_document(text, system)
    check_document(doc, text)
    assert romanize_document(text, system) == doc


@budget(15)
@given(TEXT)
def test_noise_and_mentions_any_text(text: str) -> None:
    from mlkit import annotate_mentions

    doc = find_noise(text)
    check_document(doc, text)
    assert find_noise(text) == doc
    check_document(annotate_mentions(doc), text)


@pytest.mark.filterwarnings("ignore:Surrogate character")  # unidecode's note that it drops a surrogate
@budget(10)
@given(WITH_SURROGATES)
def test_lone_surrogates_pass_every_stage_and_every_writer(text: str) -> None:
    from mlkit import align_texts, annotate_mentions

    for doc in (segment(text), romanize_document(text, "rr"), find_noise(text), annotate_mentions(Document(text))):
        check_document(doc, text)
    for system in SYSTEMS:
        check_edges_cover(text, system)
    if text.strip():
        align_texts(text, "x", fast=True)


@budget(6)
@given(LONG)
def test_long_words_after_another_letter(shape: tuple[str, str, int]) -> None:
    first, fill, n = shape
    text = first + fill * n
    check_document(segment(text), text)
    check_edges_cover(text, "rr")
    assert romanize(text, "mr").text == romanize(text, "mr").text
    check_document(find_noise(text), text)


def test_same_output_in_another_process() -> None:
    texts = [
        "Kim Jong Un met 김정일 in 평양.\n북 남 공동 선언\n",
        "東京 ひらがな русский tiếng Việt 😀\x00",
        "ㄱㅏ\u1100\u1161",
    ]
    here = [[segment(t).to_json(), romanize_document(t, "mr").to_json(), find_noise(t).to_json()] for t in texts]
    code = (
        "import json, sys\nfrom mlkit import segment, romanize_document, find_noise\n"
        "texts = json.loads(sys.stdin.read())\n"
        "print(json.dumps([[segment(t).to_json(), romanize_document(t, 'mr').to_json(), find_noise(t).to_json()]"
        " for t in texts]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True, timeout=300, check=True,
        env={"PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"},
    )
    assert json.loads(proc.stdout) == here
