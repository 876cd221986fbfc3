"""Packages and the compiled cores (segmenter, romanisation walker); everything else is declared in pyproject.toml."""

from setuptools import Extension, find_namespace_packages, find_packages, setup

setup(
    # every package under mlkit/, the review app's static files, and data/ as mlkit.data: folders without
    # __init__.py that the package finder would skip, leaving an installed wheel without them
    packages=[
        *find_packages(include=["mlkit", "mlkit.*"]),
        "mlkit.review.static",
        "mlkit.data",
        *(f"mlkit.data.{name}" for name in find_namespace_packages(where="data")),
    ],
    ext_modules=[
        # the one implementation of the segmenter's hot path (docs/segment.md): a wheel carries it built, and
        # installing from source builds it, which needs a C compiler
        Extension("mlkit.segment._scan", ["mlkit/segment/_scan.c"], extra_compile_args=["-O2"]),
        # the romaniser's one fast path beside its rule engine, a walker of lines (docs/romanize.md); built like
        # the segmenter's core (where it is missing, the engine writes the same text, more slowly)
        Extension("mlkit.romanize._line", ["mlkit/romanize/_line.c"], extra_compile_args=["-O2"]),
    ],
)
