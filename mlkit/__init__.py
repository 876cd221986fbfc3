"""mlkit: find, romanise, align and review foreign-language passages embedded in mostly-English text."""

from mlkit.align import align_texts, annotate_mentions, annotate_parallel, find_mentions
from mlkit.document import AlignmentLink, Document, Edge, Flag, Mention, Romanization, Span
from mlkit.errors import InvalidInputError, MlkitError, SchemaError
from mlkit.noise import find_noise
from mlkit.romanize import RomanizationResult, romanize, romanize_document
from mlkit.segment import segment

__all__ = [
    "AlignmentLink",
    "Document",
    "Edge",
    "Flag",
    "InvalidInputError",
    "Mention",
    "MlkitError",
    "Romanization",
    "RomanizationResult",
    "SchemaError",
    "Span",
    "align_texts",
    "annotate_mentions",
    "annotate_parallel",
    "find_mentions",
    "find_noise",
    "romanize",
    "romanize_document",
    "segment",
]
__version__ = "0.1.0"
