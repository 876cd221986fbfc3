"""Noise over windows: the same flags and spans as one pass over the whole text, windows that cover the text
exactly, files read in blocks as they are read whole, and the `mlkit noise` listing of a long input."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlkit.cli import main
from mlkit.document import Document, Flag
from mlkit.errors import InvalidInputError
from mlkit.noise import find_noise
from mlkit.noise.queue import review_items
from mlkit.noise.window import text_blocks, windows
from mlkit.textio import TextFile, decode
from tests.conftest import SEEDS


def seeds_text() -> str:
    """All seeds, one after the other: a real mixed English and Korean document of about 87k characters."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


@pytest.fixture(scope="module")
def whole() -> Document:
    """The seeds' noise found in one pass."""
    return find_noise(seeds_text(), window=None)


@pytest.mark.parametrize("size", [9000, 30000])
def test_windowed_noise_equals_one_pass_on_the_seeds(whole: Document, size: int) -> None:
    windowed = find_noise(seeds_text(), window=size)
    assert len(whole.flags) > 100  # the seeds hold real noise: markup, repeats, Korean OCR confusions
    assert windowed.flags == whole.flags
    assert windowed.spans == whole.spans
    assert windowed.meta == whole.meta


def test_a_segmented_document_is_read_in_windows_with_its_own_spans(whole: Document) -> None:
    """A Document that comes with spans (from `--from jsonl`) keeps them: each window sees its part of them."""
    from mlkit.segment import segment

    windowed = find_noise(segment(seeds_text()), window=9000)
    assert windowed.flags == whole.flags
    assert windowed.spans == whole.spans


def test_each_seed_read_in_small_windows_gives_its_one_pass_flags(seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        if len(text) > 6000:
            assert find_noise(text, window=3000).flags == find_noise(text, window=None).flags, name


def test_counts_over_the_whole_document_reach_every_window() -> None:
    """A line repeated far apart is a repeat, and names its first line, across windows."""
    line = "Pyongyang, June 15 (KCNA) -- The delegation left for home on Thursday."
    filler = "".join(f"The delegation visited factory number {k} in the morning.\n" for k in range(400))
    text = f"{line}\n{filler}{line}\n"
    for window in (None, 2000):
        repeats = [f for f in find_noise(text, window=window).flags if f.kind == "repeated-line"]
        assert [(text[f.start : f.end], f.reason) for f in repeats] == [(line, "repeats line 1 word for word")]


lines = st.lists(st.sampled_from(seeds_text().splitlines()), min_size=1, max_size=40).map("\n".join)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines, st.integers(min_value=200, max_value=3000))
def test_windowed_flags_lie_inside_the_text_and_are_ordered(text: str, size: int) -> None:
    doc = find_noise(text, window=size)
    assert doc.text == text
    for f in doc.flags:
        assert 0 <= f.start < f.end <= len(text)
        assert 0.0 <= f.score <= 1.0
    assert list(doc.flags) == sorted(doc.flags, key=lambda f: (f.start, f.end, f.kind, -f.score, f.reason))
    assert len(set(doc.flags)) == len(doc.flags)
    for s in doc.spans:
        assert 0 <= s.start <= s.end <= len(text)


pieces = st.text(alphabet=st.sampled_from(list("ab 가\n.")), max_size=3000)


@settings(max_examples=60, deadline=None)
@given(pieces, st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=200))
def test_windows_cover_the_text_once_and_know_their_line_and_column(text: str, size: int, margin: int) -> None:
    flag = Flag(len(text) // 2, len(text) // 2 + 1, "control-char", 0.9, "x")
    got = list(windows(text_blocks(text, [flag] if text else [], size=7), size, margin))
    assert "".join(w.text[w.lo : w.hi] for w in got) == text
    for w in got:
        assert text[w.start : w.start + len(w.text)] == w.text
        assert w.line == text.count("\n", 0, w.start)
        assert w.column == w.start - (text.rfind("\n", 0, w.start) + 1)
        assert len(w.text) <= size + 2 * margin + 8
        assert all((f.start + w.start, f.end + w.start) == (flag.start, flag.end) for f in w.flags)
        if w.start <= flag.start < w.start + len(w.text):
            assert len(w.flags) == 1


data = st.lists(
    st.sampled_from([b"abc ", b"\n", "가나".encode(), b"\xff", b"\xe1\x84", "\U0001f600".encode(), b" "]),
    max_size=200,
).map(b"".join)


@settings(max_examples=80, deadline=None)
@given(data, st.integers(min_value=1, max_value=64), st.booleans())
def test_a_file_read_in_blocks_reads_as_it_does_whole(tmp_path_factory, data: bytes, block: int, bom: bool) -> None:
    path = tmp_path_factory.mktemp("blocks") / "input.txt"
    data = b"\xef\xbb\xbf" + data if bom else data
    path.write_bytes(data)
    whole = decode(data, str(path), "replace")
    source = TextFile(str(path), "replace", block=block)
    blocks = list(source.blocks())
    assert "".join(t for t, _ in blocks) == whole.text
    assert [f for _, fs in blocks for f in fs] == list(whole.flags)
    assert source.meta.get("bom", False) == whole.meta.get("bom", False)
    try:
        decode(data, str(path), "strict")
    except InvalidInputError as exc:
        with pytest.raises(InvalidInputError) as got:
            list(TextFile(str(path), "strict", block=block).blocks())
        assert str(got.value) == str(exc)


def test_cli_listing_of_a_long_input_lists_the_one_pass_flags(tmp_path, capsys, monkeypatch) -> None:
    """A file longer than one window is read in blocks: the same review items (ranked window by window)."""
    text = seeds_text()
    path = tmp_path / "seeds.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr("mlkit.noise.WINDOW", 20000)
    monkeypatch.setattr("mlkit.textio.BLOCK_BYTES", 5000)
    assert main(["noise", str(path), "--format", "jsonl"]) == 0
    streamed = [json.loads(line) for line in capsys.readouterr().out.split("\n") if line]
    one_pass = [asdict(item) for item in review_items(find_noise(Document(text, id=str(path)), window=None))]
    key = lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False)  # noqa: E731
    assert sorted(map(key, streamed)) == sorted(map(key, one_pass))
    assert main(["noise", str(path)]) == 0
    listing = capsys.readouterr().out.split("\n")
    assert listing[0] == f"{path}: {len(one_pass)} flags"


def test_a_long_letter_spaced_stretch_is_spaced_in_bounded_pieces() -> None:
    """Kiwi is never handed more than MAX_RESPACE syllables at once (its spacing grows faster than the length)."""
    from mlkit.korean import kiwi
    from mlkit.noise.tokens import MAX_RESPACE

    if not kiwi.available():
        pytest.skip("kiwipiepy is not installed")
    text = "조 선 로 동 당 " * 60
    seen: list[int] = []
    real = kiwi.respace
    try:
        kiwi.respace = lambda s: seen.append(len(s)) or real(s)  # type: ignore[assignment]
        flags = [f for f in find_noise(text, detectors=["letter-spacing"]).flags if f.kind == "letter-spacing"]
    finally:
        kiwi.respace = real  # type: ignore[assignment]
    assert flags and seen and max(seen) <= MAX_RESPACE
    assert flags[0].suggestion is not None and flags[0].suggestion.replace(" ", "") == text.replace(" ", "")


def test_romanize_streams_a_large_file_with_the_output_of_one_read(tmp_path, capsys, monkeypatch) -> None:
    """A file larger than a block is romanised block by block: the same lines as the whole text read at once."""
    import io
    import sys

    text = seeds_text()
    path = tmp_path / "seeds.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr("mlkit.textio.BLOCK_BYTES", 3000)
    assert main(["romanize", str(path), "--system", "rr"]) == 0
    streamed = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert main(["romanize", "--system", "rr"]) == 0
    assert streamed == capsys.readouterr().out
    assert streamed.count("\n") == text.count("\n") + (not text.endswith("\n"))


def test_blocks_share_the_bound_on_flagged_bad_bytes(tmp_path, monkeypatch) -> None:
    """Binary input read in blocks: past MAX_FLAGS bad stretches, one summary flag per block, not per stretch."""
    from mlkit import textio

    monkeypatch.setattr(textio, "MAX_FLAGS", 3)
    path = tmp_path / "binary.bin"
    path.write_bytes(b"a\xffb\xffc\xffd\xffe\xff\n" * 40)
    blocks = list(TextFile(str(path), "replace", block=24).blocks())
    flags = [f for _, fs in blocks for f in fs]
    assert len(blocks) > 10
    assert len(flags) <= 3 + 2 * len(blocks)
    assert any("more stretches" in f.reason for f in flags)
    text = "".join(t for t, _ in blocks)
    assert text == decode(path.read_bytes(), str(path), "replace").text
    assert all(text[f.start : f.end].strip("\ufffd\n") == "" or "more stretches" in f.reason for f in flags)
