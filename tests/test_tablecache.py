"""The table cache builds a derived table once, reads it back after, and never serves a stale or broken file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlkit import tablecache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLKIT_CACHE_DIR", str(tmp_path))
    return tmp_path


def counting_builder(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_table_is_built_once_then_read(cache: Path) -> None:
    calls, build = counting_builder({"word": 0.5})
    assert tablecache.stored("words-en", "key-1", build) == {"word": 0.5}
    assert tablecache.stored("words-en", "key-1", build) == {"word": 0.5}
    assert len(calls) == 1
    assert len(list(cache.rglob("words-en-*.pickle"))) == 1


def test_a_new_key_rebuilds_and_drops_the_stale_table(cache: Path) -> None:
    tablecache.stored("words-en", "key-1", lambda: "old")
    calls, build = counting_builder("new")
    assert tablecache.stored("words-en", "key-2", build) == "new"
    assert calls == [1]
    files = list(cache.rglob("words-en-*.pickle"))
    assert len(files) == 1
    assert tablecache.stored("words-en", "key-2", lambda: "never") == "new"


def test_tables_of_other_names_are_kept(cache: Path) -> None:
    tablecache.stored("words-en", "k", lambda: 1)
    tablecache.stored("words-en-plain", "k", lambda: 2)
    tablecache.stored("words-en", "other", lambda: 3)
    assert tablecache.stored("words-en-plain", "k", lambda: 0) == 2


def test_a_broken_file_is_rebuilt(cache: Path) -> None:
    tablecache.stored("words-en", "k", lambda: [1, 2])
    (path,) = cache.rglob("words-en-*.pickle")
    path.write_bytes(b"\x80\x05truncated")
    assert tablecache.stored("words-en", "k", lambda: [3]) == [3]
    assert tablecache.stored("words-en", "k", lambda: [4]) == [3]


def test_an_unwritable_folder_only_means_building_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MLKIT_CACHE_DIR", str(blocker / "cache"))
    calls, build = counting_builder("v")
    assert tablecache.stored("t", "k", build) == "v"
    assert tablecache.stored("t", "k", build) == "v"
    assert len(calls) == 2


def test_the_fingerprint_follows_the_bytes_of_its_sources(tmp_path: Path) -> None:
    source = tmp_path / "table.tsv"
    source.write_text("a\t1\n")
    first = tablecache.fingerprint.__wrapped__((source,), ())
    source.write_text("a\t2\n")
    assert tablecache.fingerprint.__wrapped__((source,), ()) != first


def test_package_versions_read_from_folder_names_match_the_installed_metadata() -> None:
    from importlib import metadata

    for name in ("wordfreq", "langdetect", "regex", "numpy", "pytest", "no-such-package-here"):
        try:
            expected = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = "absent"
        assert tablecache._package_version.__wrapped__(name) == expected


def test_a_table_of_buffers_is_read_back_mapped_with_its_parts_aligned(cache: Path) -> None:
    from mlkit.segment import lexicon, native

    parts = lexicon.sorted_parts([("the", 0.05), ("übersetzung", 1e-6), ("of", 0.03)])
    calls, build = counting_builder(parts)
    assert tablecache.stored_buffers("words-de", "key-1", build) == parts
    read = tablecache.stored_buffers("words-de", "key-1", build)
    assert calls == [1] and [bytes(p) for p in read] == list(parts)
    assert all(isinstance(p, memoryview) and p.readonly for p in read)
    assert read[2].cast("d").tolist() == [0.03, 0.05, 1e-6]
    words = native.core.SortedList(*read)
    assert words.get("übersetzung") == 1e-6 and "the" in words and "und" not in words
    assert tablecache.stored_buffers("no-index", "key-1", lambda: (b"ab", None, b"")) == (b"ab", None, b"")
    assert [None if p is None else bytes(p) for p in tablecache.stored_buffers("no-index", "key-1", list)] == [
        b"ab", None, b""]


def test_a_broken_table_of_buffers_is_built_again(cache: Path) -> None:
    tablecache.stored_buffers("words-fr", "key-1", lambda: (b"abc", b"defgh"))
    (path,) = cache.rglob("words-fr-*.buffers")
    path.write_bytes(path.read_bytes()[:-3])
    calls, build = counting_builder((b"abc", b"defgh"))
    assert tablecache.stored_buffers("words-fr", "key-1", build) == (b"abc", b"defgh")
    assert calls == [1]
    path.write_bytes(b"")
    assert tablecache.stored_buffers("words-fr", "key-1", build) == (b"abc", b"defgh") and calls == [1, 1]


def test_a_table_of_parts_is_read_a_slice_at_a_time_from_the_file_it_shares_with_buffers(cache: Path) -> None:
    calls, build = counting_builder((b"abc", b"", b"defghijk" * 3))
    built = tablecache.stored_parts("words-parts", "key-1", build)
    read = tablecache.stored_parts("words-parts", "key-1", build)
    assert calls == [1] and built.fd is None and read.fd is not None
    for parts in (built, read):
        assert [parts.read(0, 0, 3), parts.read(0, 1, 99), parts.read(1, 0, 5), parts.read(2, 8, 11)] == [
            b"abc", b"bc", b"", b"def"]
        assert parts.read(2, 5, 5) == b"" and parts.read(2, 21, 30) == b"ijk"
    assert [bytes(p) for p in tablecache.stored_buffers("words-parts", "key-1", build)] == [
        b"abc", b"", b"defghijk" * 3] and calls == [1]
    (path,) = cache.rglob("words-parts-*.buffers")
    path.write_bytes(path.read_bytes()[:-3])
    assert tablecache.stored_parts("words-parts", "key-1", build).read(2, 0, 3) == b"def" and calls == [1, 1]


def test_a_marshalled_table_is_read_only_with_its_signature(cache: Path) -> None:
    assert tablecache.cached_marshal("walker_rr", ("v1", (("a.py", 10, 1),))) is None
    value = {"packed": b"\x00\x01", "exact": frozenset({"평양"}), "n": (1, 2)}
    tablecache.store_marshal("walker_rr", ("v1", (("a.py", 10, 1),)), value)
    tablecache.store_marshal("walker_dprk_media", ("v1",), "other system")
    assert tablecache.cached_marshal("walker_rr", ("v1", (("a.py", 10, 1),))) == value
    assert tablecache.cached_marshal("walker_rr", ("v1", (("a.py", 11, 1),))) is None  # a source changed
    assert tablecache.cached_marshal("walker_dprk_media", ("v1",)) == "other system"  # kept beside it
    (path,) = cache.rglob("walker_rr.marshal")
    path.write_bytes(b"\xfftruncated")
    assert tablecache.cached_marshal("walker_rr", ("v1", (("a.py", 10, 1),))) is None
