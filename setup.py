"""Build of the optional compiled segmentation core; everything else is declared in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        # optional: without a C compiler the package installs and runs its Python reference instead
        Extension("mlkit.segment._scan", ["mlkit/segment/_scan.c"], optional=True, extra_compile_args=["-O2"]),
    ]
)
