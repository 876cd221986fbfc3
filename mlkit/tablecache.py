"""Tables derived from other packages' data, built once and kept on disk for every later process.

A table is stored under the user's cache folder (`$MLKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/mlkit`, else
`~/.cache/mlkit`) in a file whose name holds a digest of everything it was built from: mlkit's version, the
versions of the packages whose data it reads, and the bytes of the modules and data files that build it. A change
to any of them selects a new file, so a stale table is never read. Files are written to a temporary name and
renamed into place, so processes that start together each see either no file or a whole one; a folder that
cannot be written only means the table is built in memory each time.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")

FORMAT = 1  # bump when the way tables are stored changes


def cache_root() -> str:
    """The folder for built tables, as a string (it may not exist yet)."""
    explicit = os.environ.get("MLKIT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mlkit")


def cache_dir() -> Path:
    """The folder for built tables (it may not exist yet)."""
    from pathlib import Path

    return Path(cache_root())


@cache
def _package_version(name: str) -> str:
    """The installed version of package `name`, or "absent"."""
    found = _dist_info_version(name)
    if found is not None:
        return found
    from importlib import metadata  # a twentieth of a second to import: only when the folder names do not say

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _dist_info_version(name: str) -> str | None:
    """The version in the name of the first `<name>-<version>.dist-info` folder on `sys.path` (the one
    `importlib.metadata` reads), or None when there is none or an `.egg-info` comes first."""
    import sys

    wanted = _normal(name)
    for entry in sys.path:
        for found in listing(entry or "."):
            stem, _, ext = found.rpartition(".")
            if ext not in ("dist-info", "egg-info"):
                continue
            dist, _sep, version = stem.partition("-")
            if _normal(dist) == wanted:
                return version if ext == "dist-info" and version else None
    return None


def _normal(name: str) -> str:
    """A distribution name as packaging compares them."""
    return name.lower().replace("-", "_").replace(".", "_")


@lru_cache(maxsize=64)
def listing(folder: str) -> tuple[str, ...]:
    """The names in `folder`, sorted (empty when it is not a readable folder)."""
    try:
        return tuple(sorted(os.listdir(folder)))
    except OSError:
        return ()


@cache
def fingerprint(files: tuple[Path, ...], packages: tuple[str, ...]) -> str:
    """Digest of mlkit's version, the named packages' versions and the bytes of `files`."""
    import hashlib

    from mlkit import __version__

    h = hashlib.sha256(f"{FORMAT}|{__version__}".encode())
    for name in packages:
        h.update(f"|{name}={_package_version(name)}".encode())
    for path in files:
        h.update(f"|{path.name}|".encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"missing")
    return h.hexdigest()[:20]


def stored(name: str, key: str, build: Callable[[], T]) -> T:
    """The table `name` for `key` (a fingerprint): read from the cache, else built and written there for next
    time (replacing the tables of that name built from other sources)."""
    import hashlib
    import pickle

    from mlkit import __version__

    path = cache_dir() / __version__ / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:20]}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        pass
    value = build()
    _write(path, value)
    return value


_MAGIC = b"MLKB"  # a table of byte buffers: magic, count (u32), count lengths (i64, -1 for None), 8-aligned parts


def stored_buffers(name: str, key: str, build: Callable[[], tuple[bytes | None, ...]]) -> tuple[object, ...]:
    """Like `stored` for a table that is a tuple of byte strings (or None): read back as read-only memoryviews of
    the file mapped into memory, so a process reads only the pages it looks at (the word lists' 50 MB took 40 ms
    to unpickle at every start)."""
    import hashlib
    import mmap
    import struct

    from mlkit import __version__

    path = cache_dir() / __version__ / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:20]}.buffers"
    try:
        with path.open("rb") as fh:
            view = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
        if view[:4] != _MAGIC:
            raise ValueError("not a table of buffers")
        (count,) = struct.unpack_from("<I", view, 4)
        lengths = struct.unpack_from(f"<{count}q", view, 8)
        pos = _aligned(8 + 8 * count)
        parts: list[object] = []
        for n in lengths:
            if n < 0:
                parts.append(None)
                continue
            if pos + n > len(view):
                raise ValueError("a table of buffers cut short")
            parts.append(view[pos : pos + n])
            pos = _aligned(pos + n)
        return tuple(parts)
    except (OSError, ValueError, struct.error):
        pass
    value = build()
    _write(path, value, _dump_buffers)
    return value


class Parts:
    """The parts of a table of buffers read with `os.pread` on demand, not mapped: a mapped page counts in the
    process's resident memory once touched, with the pages the kernel maps around it (64 kB and up), so a few
    hundred lookups scattered over a 25 MB table made all of it resident; reads copy only the bytes asked for."""

    __slots__ = ("fd", "lengths", "memory", "starts")

    def __init__(self, fd: int | None, starts: tuple[int, ...], lengths: tuple[int, ...], memory: tuple = ()):
        self.fd, self.starts, self.lengths, self.memory = fd, starts, lengths, memory

    def read(self, part: int, start: int, stop: int) -> bytes:
        """Bytes `start` to `stop` of part `part` (clipped to the part, as a slice is)."""
        stop = min(stop, self.lengths[part])
        if stop <= start:
            return b""
        if self.fd is None:
            return self.memory[part][start:stop]
        return os.pread(self.fd, stop - start, self.starts[part] + start)


def stored_parts(name: str, key: str, build: Callable[[], tuple[bytes, ...]]) -> Parts:
    """Like `stored_buffers` (the same file), for a table read a few bytes at a time (see `Parts`)."""
    import hashlib
    import struct

    from mlkit import __version__

    path = cache_dir() / __version__ / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:20]}.buffers"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            size = os.fstat(fd).st_size
            head = os.pread(fd, 8, 0)
            if len(head) < 8 or head[:4] != _MAGIC:
                raise ValueError("not a table of buffers")
            (count,) = struct.unpack_from("<I", head, 4)
            lengths = struct.unpack(f"<{count}q", os.pread(fd, 8 * count, 8))
            starts, pos = [], _aligned(8 + 8 * count)
            for n in lengths:
                if n < 0 or pos + n > size:
                    raise ValueError("a table of buffers cut short")
                starts.append(pos)
                pos = _aligned(pos + n)
        except BaseException:
            os.close(fd)
            raise
        return Parts(fd, tuple(starts), lengths)
    except (OSError, ValueError, struct.error):
        pass
    value = build()
    _write(path, value, _dump_buffers)
    return Parts(None, (0,) * len(value), tuple(len(b) for b in value), value)


def _aligned(n: int) -> int:
    """`n` rounded up to a multiple of 8 (each part starts 8-aligned, as arrays of int64 and float64 need)."""
    return (n + 7) & ~7


def _dump_buffers(parts: tuple[bytes | None, ...], fh: BinaryIO) -> None:
    """Write a tuple of byte strings (or None) in the layout `stored_buffers` reads."""
    import struct

    fh.write(_MAGIC + struct.pack(f"<I{len(parts)}q", len(parts), *(-1 if b is None else len(b) for b in parts)))
    pos = 8 + 8 * len(parts)
    for b in (b"", *parts):
        fh.write(b"\0" * (_aligned(pos) - pos))
        pos = _aligned(pos)
        if b:
            fh.write(b)
            pos += len(b)


def cached_marshal(name: str, signature: object) -> Any:
    """The value `store_marshal` kept as `name` with this `signature`, or None (absent, unreadable or built from
    other sources). Marshal and a signature the caller reads cheaply (sizes and times of files), not pickle and a
    digest of bytes: this is read on the one-line romanize path, where those imports would show."""
    from mlkit import __version__

    try:
        with open(os.path.join(cache_root(), __version__, f"{name}.marshal"), "rb") as fh:
            kept, value = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return value if kept == signature else None


def store_marshal(name: str, signature: object, value: object) -> None:
    """Keep `value` (of the types marshal writes) as `name` with its `signature`, replacing what was kept before;
    `name` holds no hyphen (`_write` clears older files of a name up to its last hyphen)."""
    from mlkit import __version__

    _write(cache_dir() / __version__ / f"{name}.marshal", (signature, value), _dump_marshal)


def _dump_marshal(value: object, fh: BinaryIO) -> None:
    marshal.dump(value, fh)


def _dump_pickle(value: object, fh: BinaryIO) -> None:
    import pickle

    pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _write(path: Path, value: Any, dump: Callable[[Any, BinaryIO], None] = _dump_pickle) -> None:
    """Write `value` to `path` atomically; give up quietly when the folder cannot be written."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            dump(value, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        name = path.stem.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{name}-*{path.suffix}"):
            if old != path and old.stem.rsplit("-", 1)[0] == name:  # not "name-other-<digest>"
                old.unlink(missing_ok=True)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def source_files(package_dir: Path, data_dir: Path, patterns: Iterable[str] = ("*",)) -> tuple[Path, ...]:
    """The Python files of a package folder and the data files under `data_dir` matching `patterns`, sorted."""
    files = sorted(package_dir.glob("*.py"))
    for pattern in patterns:
        files.extend(sorted(p for p in data_dir.glob(pattern) if p.is_file()))
    return tuple(files)
