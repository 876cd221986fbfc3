"""Packages and the optional compiled segmentation core; everything else is declared in pyproject.toml."""

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
        # optional: without a C compiler the package installs and runs its Python reference instead
        Extension("mlkit.segment._scan", ["mlkit/segment/_scan.c"], optional=True, extra_compile_args=["-O2"]),
    ],
)
