"""Worker memory that stays flat however long the corpus: the stages' per-word and per-line caches are bounded
one by one, and a worker whose resident memory passes a budget after a shard is replaced by a fresh process
where its engine can do that (`outgrown`: the processes engine) or else empties them all at once (`over_budget`).

Each bounded cache is worth keeping (a word seen once is usually seen again), but together they can hold
about a gigabyte when a corpus keeps bringing new words. The caches only remember results of pure functions,
so emptying them changes no output, only the time the next few documents take.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Iterator

# Resident memory (MiB) above which a worker empties the stages' caches after a shard: a worker holds about
# 300-370 MB with its tables loaded, and its caches fill the rest on ordinary text without reaching it.
WORKER_MEMORY_MB = 512
# ... provided the caches have grown by at least this much (MiB) since the shard after the last time: a worker
# whose tables alone pass the budget (more languages, a larger model) must not empty its caches after every
# shard, and the shard after emptying them rebuilds the scanners, which is not growth.
REGROWTH_MB = 64

_settled = False  # the objects alive after this process's first shard are out of the collector's way
_floor_kb = 0  # resident memory after the first shard that followed the last emptying (0: never emptied)
_rebuilding = False  # the caches were emptied after the previous shard

# Unlimited caches keyed by a language whose values remember words as they are met (the segmenter's scanners
# and scorers, and through them the compiled core's word tables): dropped too, and rebuilt from the table cache
# on next use.
WORD_HOLDERS = (("mlkit.segment.runs", "scanner"), ("mlkit.segment.unknown", "scanner"),
                ("mlkit.segment.lexicon", "scorer"))


def bounded_caches() -> Iterator[functools._lru_cache_wrapper]:
    """The `lru_cache`s with a size limit in loaded mlkit modules: caches keyed by words, lines or texts (the
    unlimited `cache`s hold tables keyed by a language or system, built once and never worth dropping)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("mlkit.") or module is None:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper) and getattr(value, "__module__", None) == name:
                if value.cache_parameters()["maxsize"] is not None:
                    yield value


def settle() -> bool:
    """After a worker's first shard, take what is alive (the loaded tables and models, module objects: they live
    as long as the worker) out of the cyclic garbage collector's full passes, which otherwise walk them again
    each time and took about a third of a pipeline's CPU time. Garbage is collected first, so nothing is kept
    that was already unreachable; frozen objects are still freed by reference counting. Once per process;
    returns whether it happened now. Only for processes the pipeline owns: it changes the whole interpreter."""
    global _settled
    if _settled:
        return False
    gc.collect()
    gc.freeze()
    _settled = True
    return True


def rss_kb() -> int:
    """This process's resident memory now, in KiB (0 where /proc does not say)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError, AttributeError):  # pragma: no cover - not Linux
        return 0


def over_budget(budget_mb: int) -> bool:
    """Called after each shard: empty the caches if this process holds more than `budget_mb` (0: no budget)
    and they have grown by REGROWTH_MB since the shard after the last time; returns whether it did."""
    global _floor_kb, _rebuilding
    if budget_mb <= 0:
        return False
    resident = rss_kb()
    if _rebuilding:
        _floor_kb, _rebuilding = resident, False
        return False
    if resident <= max(budget_mb << 10, _floor_kb + (REGROWTH_MB << 10)):
        return False
    trim_caches()
    _rebuilding = True
    return True


_first_kb = 0  # resident memory after this process's first shard


def outgrown(budget_mb: int) -> bool:
    """Called after each shard by a worker that its engine can replace: whether it holds more than `budget_mb`
    (0: no budget) and has grown by REGROWTH_MB since its first shard, so that a fresh process would hold less.
    A new process starts from its tables alone, which emptying the caches in place does not give back (the
    freed memory stays scattered over the heap, and the scanners are rebuilt beside it)."""
    global _first_kb
    resident = rss_kb()
    if not _first_kb:
        _first_kb = resident
        return False
    regrowth = int(os.environ.get("MLKIT_WORKER_REGROWTH_MB", REGROWTH_MB))  # a fresh worker must hold less
    return budget_mb > 0 and resident > max(budget_mb << 10, _first_kb + (regrowth << 10))


def trim_caches() -> int:
    """Empty every bounded cache of the stages (and romanize's own word and line caches); returns how many."""
    count = 0
    for wrapper in bounded_caches():
        wrapper.cache_clear()
        count += 1
    romanize = sys.modules.get("mlkit.romanize")
    if romanize is not None:
        romanize.clear_caches()
        count += 1
    for module_name, attribute in WORD_HOLDERS:
        module = sys.modules.get(module_name)
        if module is not None:
            getattr(module, attribute).cache_clear()
            count += 1
    gc.collect()
    _release()
    return count


def _release() -> None:
    """Hand the freed heap back to the system where the C library can (glibc's malloc_trim), so resident
    memory shows the drop instead of keeping the freed pages."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library (musl): its pages simply stay mapped
        pass
