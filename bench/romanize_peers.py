"""Accuracy on the test cases other romanisers ship in their own repositories, tune and unseen halves apart.

Each peer's test file is obtained at run time, never copied into this repository: PyPI sources with
`pip download --no-deps --no-binary :all:` into a cache folder (default ~/.cache/mlkit-bench/peers, `--cache`),
and suites that are only on GitHub from local clones (`--clones DIR` holding `owner+name` or `name` clones, bare
or not; absent clones are skipped with a note). Rows are (hangul, system, expected) with their source:

    koroman 1.0.16 (PyPI)          tests/test_koroman.py            RR
    hangulpy 1.5.2 (PyPI)          tests/test_romanize.py           RR, MR, Yale
    korean-romanizer 0.28.0 (PyPI) tests/test_romanizer.py          RR
    kord123/ko_pron (GitHub)       test/test_params.py, test_pronunciation.py   RR, MR, Yale (Wiktionary), translit
    toss/es-hangul (GitHub)        src/pronunciation/romanize/romanize.spec.ts  RR
    youknowone/hangul-romanize     tests/academic_test.py           RR transliteration
    interscript/maps (GitHub)      maps/*.imp `tests` blocks: kp-kor-Hang-Latn-2002 (DPRK official),
                                   var-kor-Hang-Latn-mr-1939, alalc-kor-Hang-Latn-1997, bgnpcgn-kor-Hang-Latn-kn-1945
                                   (MR), moct-kor-Hang-Latn-2000, bgnpcgn-kor-Hang-Latn-rok-2011 (RR)

    python bench/romanize_peers.py --clones /path/to/clones          # the table
    python bench/romanize_peers.py --clones DIR --misses tune        # also the misses of the tune half

Rows are split in two by a seeded hash of (source, hangul): the *tune* half may be looked at while rules change, the
*unseen* half never is (its misses are never printed). "Real words" drops rows whose input is not a Korean word or
phrase of today's spelling: standalone jamo, Latin letters or digits in the input, no Hangul syllable at all, or a
syllable only the spelling before 1933 writes (뎐, 됴, 텬, 쟝, 죵: see `_old_spelling`). Both forms are NFC with ’ read
as '; loose also ignores case, spaces and hyphens (for Yale also the dictionary marks of Wiktionary's Yale: the
period between syllables, q, ⁿ and vowel-length macrons); exact compares as written. The last table splits real-word
rows by whether the input appears in the repository's code, tables or tests (mlkit/, data/, tests/). Rows whose
expected value contradicts a standard's own example or rule, or whose input is a spelling before 1933 the old-spelling
test cannot see, are listed with the reason in `bench/romanize_peer_disputes.tsv`; a last table gives accuracy on
real words without them, and every miss is counted by class (disputed or not) in both halves.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import re
import subprocess
import sys
import tarfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.romanize import romanize  # noqa: E402
from mlkit.romanize.scoring import loose as _loose  # noqa: E402

SYSTEMS = {"rr": "RR", "mr": "MR", "dprk": "DPRK official", "yale": "Yale", "rr-translit": "translit"}


class Row(NamedTuple):
    """One test case of a peer's suite."""

    hangul: str
    system: str
    expected: str
    source: str
    names: str = "auto"  # "only" where the peer's test says the input is a personal name (hangulpy mode="name")


# ---- obtaining the files ---------------------------------------------------------------------------------


PYPI = {  # name==version → files inside its sdist
    "koroman==1.0.16": ["tests/test_koroman.py"],
    "hangulpy==1.5.2": ["tests/test_romanize.py"],
    "korean-romanizer==0.28.0": ["tests/test_romanizer.py"],
}
GITHUB = {  # owner/name → files
    "kord123/ko_pron": ["test/test_params.py", "test/test_pronunciation.py"],
    "toss/es-hangul": ["src/pronunciation/romanize/romanize.spec.ts"],
    "youknowone/hangul-romanize": ["tests/academic_test.py"],
    "interscript/maps": [
        "maps/kp-kor-Hang-Latn-2002.imp",
        "maps/var-kor-Hang-Latn-mr-1939.imp",
        "maps/alalc-kor-Hang-Latn-1997.imp",
        "maps/bgnpcgn-kor-Hang-Latn-kn-1945.imp",
        "maps/moct-kor-Hang-Latn-2000.imp",
        "maps/bgnpcgn-kor-Hang-Latn-rok-2011.imp",
    ],
}


def sdist_files(spec: str, files: list[str], cache: Path) -> dict[str, str]:
    """Text of `files` inside the sdist of `spec`, downloaded into `cache` once."""
    name, version = spec.split("==")
    folder = cache / "sdist"
    folder.mkdir(parents=True, exist_ok=True)
    words = "[-_.]".join(re.escape(w) for w in re.split(r"[-_.]", name))
    stem = re.compile(rf"^{words}-{re.escape(version)}\.tar\.gz$", re.I)
    found = [p for p in folder.iterdir() if stem.match(p.name)]
    if not found:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q"]
        subprocess.run([*pip, "-d", str(folder), spec], check=True)
        found = [p for p in folder.iterdir() if stem.match(p.name)]
    out = {}
    with tarfile.open(found[0]) as tar:
        for member in tar.getmembers():
            inner = member.name.split("/", 1)[-1]
            if inner in files:
                out[inner] = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    return out


def _git_dir(clones: Path, repo: str) -> Path | None:
    owner, name = repo.split("/")
    for base in (clones / f"{owner}+{name}", clones / name):
        for cand in (base / "repo", base / "repo" / ".git", base / ".git", base):
            if cand.is_dir() and (cand / "HEAD").is_file():
                return cand
    return None


def github_files(repo: str, files: list[str], clones: Path | None) -> tuple[dict[str, str], str]:
    """Text of `files` at HEAD of a local clone of `repo`, and the commit; empty when no clone is found."""
    git_dir = _git_dir(clones, repo) if clones else None
    if git_dir is None:
        return {}, ""
    git = ["git", f"--git-dir={git_dir}"]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    out = {}
    for path in files:
        shown = subprocess.run([*git, "show", f"HEAD:{path}"], capture_output=True)
        if shown.returncode == 0:
            out[path] = shown.stdout.decode("utf-8")
    return out, commit


# ---- extracting rows ---------------------------------------------------------------------------------------


def _const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _kw(call: ast.Call) -> dict[str, object]:
    return {k.arg: (k.value.value if isinstance(k.value, ast.Constant) else "?") for k in call.keywords if k.arg}


def _pairs(node: ast.AST) -> Iterator[tuple[str, str]]:
    """(str, str) tuple literals anywhere under `node`."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Tuple) and len(sub.elts) == 2:
            a, b = _const(sub.elts[0]), _const(sub.elts[1])
            if a is not None and b is not None:
                yield a, b


SystemOf = Callable[[ast.Call, str], "str | None"]


def python_rows(text: str, func: str, system_of: SystemOf, source: str) -> list[Row]:
    """Rows of a Python test file: `f(const) == const` asserts and loops over tuple literals calling `f`."""
    rows: list[Row] = []
    tree = ast.parse(text)
    for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        for node in ast.walk(fn):
            sides: list[ast.AST] = []
            if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq):
                sides = [node.left, node.comparators[0]]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "assertEqual":
                sides = list(node.args[:2])
            for call, other in ((sides[0], sides[1]), (sides[1], sides[0])) if len(sides) == 2 else ():
                if not (isinstance(call, ast.Call) and _callee(call) == func and call.args):
                    continue
                system = system_of(call, fn.name)
                hangul, expected = _const(call.args[0]), _const(other)
                mode = "only" if _kw(call).get("mode") == "name" else "auto"
                if system and expected is not None:
                    if hangul is not None:
                        rows.append(Row(hangul, system, expected, source, mode))
                    elif isinstance(call.args[0], ast.Name):  # a loop over (input, expected) literals
                        rows.extend(Row(h, system, e, source) for h, e in _pairs(fn))
                elif system and isinstance(other, ast.Name) and isinstance(call.args[0], ast.Name):
                    rows.extend(Row(h, system, e, source) for h, e in _pairs(fn))
    return rows


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def koroman_system(call: ast.Call, fn: str) -> str | None:
    """koroman's default is RR; its literal mode and user dictionaries of names are not a system of ours."""
    kw = _kw(call)
    if kw.get("use_pronunciation_rules") is False or "custom_dictionary" in kw or "persistent" in fn:
        return None
    if fn == "test_custom_dictionary":
        return None
    return "rr"


def hangulpy_system(call: ast.Call, fn: str) -> str | None:
    """hangulpy's "revised", "mr" and "yale"; its admin mode that drops the suffix is not a system of ours."""
    kw = _kw(call)
    if kw.get("admin_omit_suffix"):
        return None
    system = _const(call.args[1]) if len(call.args) > 1 else "revised"
    return {"revised": "rr", "mr": "mr", "yale": "yale"}.get(system or "")


def korean_romanizer_system(call: ast.Call, fn: str) -> str | None:
    return "rr"


def hangul_romanize_system(call: ast.Call, fn: str) -> str | None:
    return "rr-translit"


KO_PRON = {"rr": "rr", "mr": "mr", "rrr": "rr-translit", "yr": "yale"}


def ko_pron_rows(text: str, source: str) -> list[Row]:
    """ko-pron's tests: a {system: expected} dict and one romanise(word, system, options) call per test."""
    rows: list[Row] = []
    tree = ast.parse(text)
    for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call) and _callee(n) in ("romanise", "mr_romanize")]
        words = [_const(c.args[0]) for c in calls if c.args and _const(c.args[0])]
        for node in ast.walk(fn):
            if isinstance(node, ast.Dict) and words:
                for k, v in zip(node.keys, node.values, strict=True):
                    key, val = _const(k) if k else None, _const(v)
                    if key in KO_PRON and val is not None:
                        rows.append(Row(words[0], KO_PRON[key], val, source))
        for c in calls:  # assertEqual("expected", mr_romanize("word"))
            if _callee(c) == "mr_romanize" and c.args and _const(c.args[0]):
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "assertEqual":
                        exp = _const(node.args[0])
                        if exp is not None and node.args[1] is c:
                            rows.append(Row(_const(c.args[0]) or "", "mr", exp, source))
    return rows


def es_hangul_rows(text: str, source: str) -> list[Row]:
    """es-hangul's spec: expect(romanize('…')).toBe('…')."""
    pat = re.compile(r"expect\(romanize\('([^']*)'\)\)\.toBe\('([^']*)'\)")
    return [Row(h, "rr", e, source) for h, e in pat.findall(text)]


IMP_SYSTEM = {
    "kp-kor-Hang-Latn-2002": "dprk",
    "var-kor-Hang-Latn-mr-1939": "mr",
    "alalc-kor-Hang-Latn-1997": "mr",
    "bgnpcgn-kor-Hang-Latn-kn-1945": "mr",
    "moct-kor-Hang-Latn-2000": "rr",
    "bgnpcgn-kor-Hang-Latn-rok-2011": "rr",
}


def imp_rows(text: str, system: str, source: str) -> list[Row]:
    """`test "hangul", "latin"` lines of an interscript map (commented-out lines are not tests).

    The DPRK map's tests write ü where the 2002 notice writes ŭ (the map's own convention); it is read as ŭ.
    """
    rows = []
    for line in text.splitlines():
        m = re.match(r'\s*test\s+"([^"]*)",\s*"([^"]*)"', line)
        if m:
            expected = m.group(2).replace("ü", "ŭ").replace("Ü", "Ŭ") if system == "dprk" else m.group(2)
            rows.append(Row(m.group(1), system, expected, source))
    return rows


def collect(cache: Path, clones: Path | None) -> tuple[list[Row], list[str]]:
    """All rows (deduplicated within a source) and notes on where each suite came from."""
    rows: list[Row] = []
    notes: list[str] = []
    py = {
        "koroman==1.0.16": ("romanize", koroman_system),
        "hangulpy==1.5.2": ("romanize", hangulpy_system),
        "korean-romanizer==0.28.0": ("romanize", korean_romanizer_system),
    }
    for spec, files in PYPI.items():
        func, system_of = py[spec]
        for path, text in sdist_files(spec, files, cache).items():
            rows += python_rows(text, func, system_of, f"{spec.split('==')[0]}:{path}")
        notes.append(f"{spec} (PyPI sdist)")
    for repo, files in GITHUB.items():
        texts, commit = github_files(repo, files, clones)
        if not texts:
            notes.append(f"{repo}: no clone found under --clones, skipped")
            continue
        notes.append(f"{repo} @ {commit} (GitHub clone)")
        name = repo.split("/")[1]
        for path, text in texts.items():
            source = f"{name}:{path.rsplit('/', 1)[-1]}"
            if repo == "kord123/ko_pron":
                rows += ko_pron_rows(text, source)
            elif repo == "toss/es-hangul":
                rows += es_hangul_rows(text, source)
            elif repo == "youknowone/hangul-romanize":
                rows += python_rows(text, "translit", hangul_romanize_system, source)
                rows += [Row(h, "rr-translit", e, source) for h, e in _pairs(ast.parse(text))]
            else:
                stem = path.rsplit("/", 1)[-1].removesuffix(".imp")
                rows += imp_rows(text, IMP_SYSTEM[stem], f"interscript:{stem}")
    seen: set[Row] = set()
    unique = [r for r in rows if not (r in seen or seen.add(r))]  # type: ignore[func-returns-value]
    return unique, notes


# ---- filtering, splitting, scoring -------------------------------------------------------------------------

_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_NOT_WORD = re.compile(r"[\u1100-\u11ff\u3130-\u318fA-Za-z0-9]")


def _old_spelling(ch: str) -> bool:
    """A syllable only the spelling before the 1933 Unified Orthography writes in native or Sino-Korean words.

    ㄷ, ㄸ, ㅌ before an iotised vowel (뎐, 됴, 텬) and ㅈ, ㅉ, ㅊ before ㅑ ㅛ ㅠ ㅒ ㅖ (쟝, 죵, 쵸): the 1933
    rules write the palatalised sound (전, 조, 천, 장, 종, 초). 져, 쳐, 쪄 are left alone (today's contractions).
    """
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return False
    lead, vowel = code // 588, code // 28 % 21
    iotised = vowel in (2, 3, 6, 7, 12, 17)  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ
    return (lead in (3, 4, 16) and iotised) or (lead in (12, 13, 14) and vowel in (2, 3, 7, 12, 17))


def why_not_word(hangul: str) -> str | None:
    """Why a row's input is not a Korean word or phrase of today's spelling, or None when it is one."""
    if not _SYLLABLE.search(hangul):
        return "no Hangul syllable"
    if re.search(r"[\u1100-\u11ff\u3130-\u318f]", hangul):
        return "standalone jamo"
    if _NOT_WORD.search(hangul):
        return "Latin letters or digits"
    if any(map(_old_spelling, hangul)):
        return "spelling before 1933"
    return None


def half(row: Row, seed: int) -> str:
    """'tune' or 'unseen', from a seeded hash of the row's source and input."""
    digest = hashlib.sha256(f"{seed}\t{row.source}\t{row.hangul}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "unseen"


def exact(text: str) -> str:
    """The exact form: NFC (some suites write breves as combining marks), the right single quote as '."""
    return unicodedata.normalize("NFC", text).replace("\u2019", "'")


_YALE_MARKS = dict.fromkeys(map(ord, ".q\u207f\u0304"))


def loose(text: str, system: str = "") -> str:
    """Case, spaces and hyphens ignored; for Yale also its dictionary marks (. q ⁿ and length macrons)."""
    if system == "yale":
        return _loose(unicodedata.normalize("NFD", text).translate(_YALE_MARKS))
    return _loose(exact(text))


_NOT_FITTED = frozenset({"data/korean/common_words.tsv"})


def repo_text() -> str:
    """Tracked files of the code, its tables and its tests, joined (to tell inputs they hold from those they do not).

    Documentation and benchmark notes are left out: a word named there cannot have shaped a rule or its test. So is
    the word-frequency table copied from wordfreq (data/korean/common_words.tsv): it holds the language's 6,000 most
    frequent words, chosen by their counts in running text, not by any suite's rows.
    """
    ls = ["git", "ls-files", "mlkit", "data", "tests"]
    names = subprocess.run(ls, cwd=ROOT, capture_output=True, text=True).stdout.split("\n")
    parts = []
    for name in names:
        path = ROOT / name
        if name and name not in _NOT_FITTED and path.is_file() and path.stat().st_size < 20_000_000:
            try:
                parts.append(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, OSError):
                continue
    return "\n".join(parts)


class Tally:
    """Exact and loose hits over a set of rows."""

    def __init__(self) -> None:
        self.n = self.exact = self.loose = 0

    def add(self, exact: bool, hit: bool) -> None:
        self.n += 1
        self.exact += exact
        self.loose += hit

    def cell(self) -> str:
        if not self.n:
            return f"{'-':>18}"
        return f"{self.exact / self.n:6.1%} {self.loose / self.n:6.1%} {self.n:4d}"


DISPUTES = Path(__file__).with_name("romanize_peer_disputes.tsv")


def disputes() -> list[tuple[str, str, str]]:
    """(system, hangul, peer's form read loosely) of each disputed row in `DISPUTES`."""
    out = []
    for line in DISPUTES.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("#") or not line.strip():
            continue
        system, hangul, peer = line.split("\t")[:3]
        out.append((system, hangul, loose(peer, system)))
    return out


def disputed(row: Row, table: list[tuple[str, str, str]]) -> bool:
    """Whether `row` is one the disputes table lists (same system, input holds the word, expected holds its form)."""
    expected = loose(row.expected, row.system)
    return any(s == row.system and h in row.hangul and p in expected for s, h, p in table)


def main() -> None:
    """Print exact/loose accuracy per system on the tune and unseen halves, all rows and real words."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path(os.path.expanduser("~/.cache/mlkit-bench/peers")))
    ap.add_argument("--clones", type=Path, help="folder with clones of the GitHub-only suites (owner+name or name)")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--misses", choices=("tune", "tune-exact"), help="list the misses of the tune half (real words)")
    ap.add_argument("--sources", action="store_true", help="also print rows and accuracy per source")
    args = ap.parse_args()

    rows, notes = collect(args.cache, args.clones)
    print("suites:", *notes, sep="\n  ")
    dropped = Counter(why for r in rows if (why := why_not_word(r.hangul)))
    reasons = ", ".join(f"{k} {v}" for k, v in dropped.items())
    print(f"rows: {len(rows)}; not real words: {sum(dropped.values())} ({reasons})")
    if args.sources:
        for source, n in sorted(Counter(r.source for r in rows).items()):
            print(f"  {source:52} {n:4d}")
    in_repo_text = repo_text()
    table = disputes()
    tallies: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    misses: list[Row | tuple] = []
    for row in rows:
        got = romanize(row.hangul, row.system, names=row.names).text
        exact_hit = exact(got) == exact(row.expected)
        hit = loose(got, row.system) == loose(row.expected, row.system)
        h = half(row, args.seed)
        word = why_not_word(row.hangul) is None
        for scope in ("all", "words") if word else ("all",):
            tallies[(row.system, h, scope)].add(exact_hit, hit)
            tallies[(row.system, "both", scope)].add(exact_hit, hit)
        if word:
            tallies[(row.source, h, "source")].add(exact_hit, hit)
            seen_in_repo = "in repo" if row.hangul in in_repo_text else "not in repo"
            tallies[("*", seen_in_repo, "words")].add(exact_hit, hit)
            tallies[(row.system, seen_in_repo, "words")].add(exact_hit, hit)
            tallies[("*", "both", "words")].add(exact_hit, hit)
            contested = disputed(row, table)
            if not contested:
                tallies[(row.system, h, "agreed")].add(exact_hit, hit)
                tallies[(row.system, seen_in_repo, "agreed")].add(exact_hit, hit)
                tallies[("*", seen_in_repo, "agreed")].add(exact_hit, hit)
            if not hit:
                tallies[(row.system, h, "disputed misses" if contested else "other misses")].add(False, False)
        if word and h == "tune" and not (exact_hit if args.misses == "tune-exact" else hit):
            misses.append((row.system, row.hangul, row.expected, got, row.source))

    head = f"{'system':14} {'scope':6} {'tune: exact loose n':>20} {'unseen: exact loose n':>22} {'both':>19}"
    print("\n" + head)
    for system, label in SYSTEMS.items():
        for scope in ("words", "all"):
            cells = [tallies[(system, h, scope)].cell() for h in ("tune", "unseen", "both")]
            print(f"{label:14} {scope:6} {cells[0]:>20} {cells[1]:>22} {cells[2]:>19}")
    print(f"\n{'real words':14} {'in repo: exact loose n':>24} {'not in repo':>20} {'all':>19}")
    for system, label in [*SYSTEMS.items(), ("*", "every system")]:
        cells = [tallies[(system, k, "words")].cell() for k in ("in repo", "not in repo", "both")]
        print(f"{label:14} {cells[0]:>24} {cells[1]:>20} {cells[2]:>19}")
    print(f"\n{'real words, disputed rows aside':32} {'tune: exact loose n':>20} {'unseen: exact loose n':>22}"
          f"  misses disputed / other (tune, unseen)")
    for system, label in SYSTEMS.items():
        cells = [tallies[(system, h, "agreed")].cell() for h in ("tune", "unseen")]
        counts = [f"{tallies[(system, h, 'disputed misses')].n} / {tallies[(system, h, 'other misses')].n}"
                  for h in ("tune", "unseen")]
        print(f"{label:32} {cells[0]:>20} {cells[1]:>22}  {counts[0]:>7}, {counts[1]}")
    print(f"\n{'disputed rows aside':14} {'in repo: exact loose n':>24} {'not in repo':>20}")
    for system, label in [*SYSTEMS.items(), ("*", "every system")]:
        cells = [tallies[(system, k, "agreed")].cell() for k in ("in repo", "not in repo")]
        print(f"{label:14} {cells[0]:>24} {cells[1]:>20}")
    if args.sources:
        print(f"\n{'source (real words)':44} {'tune: exact loose n':>20} {'unseen: exact loose n':>22}")
        for source in sorted({r.source for r in rows}):
            cells = [tallies[(source, h, "source")].cell() for h in ("tune", "unseen")]
            print(f"{source:44} {cells[0]:>20} {cells[1]:>22}")
    if args.misses:
        print("\nmisses of the tune half (real words): system, hangul, expected, mlkit, source")
        for m in sorted(misses):
            print("  ", *m, sep="\t")


if __name__ == "__main__":
    main()
