"""mideast_nlp: who met whom and who agreed to what, from Arabic news text."""

from __future__ import annotations

from .errors import InputError, MideastNLPError, ModelError
from .normalizer import NormalizedText, NormalizerConfig, fold, normalize

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "MideastNLPError",
    "ModelError",
    "NormalizedText",
    "NormalizerConfig",
    "__version__",
    "fold",
    "normalize",
]
