"""Specific exceptions whose messages say what went wrong and what to do about it."""


class MlkitError(Exception):
    """Base class of every error mlkit raises on purpose."""

    exit_code = 1


class InvalidInputError(MlkitError):
    """Input that cannot be read as text (e.g. bytes that are not UTF-8)."""

    exit_code = 2


class SchemaError(MlkitError):
    """JSONL that does not follow the `mlkit/1` document schema."""

    exit_code = 2


class UnknownOptionError(MlkitError):
    """A system, language or option name that mlkit does not know."""

    exit_code = 2


class MissingExtraError(MlkitError, ImportError):
    """A stage whose optional dependencies (a pip extra) are not installed."""

    exit_code = 2


class InvalidOptionError(MlkitError):
    """An option value out of its range (a score that is not within [0, 1], say)."""

    exit_code = 2
