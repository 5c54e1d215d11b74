"""A ``tok2vec`` whose memory is bounded by a token budget, whatever the batch and the documents.

spaCy's ``Tok2Vec.predict`` runs its model on a whole batch at once, and thinc keeps every layer's
output until the model returns: for our NER model ~20 KB per token. A batch of 16 long articles
took ~200 MB for a moment, and one 200,000-character document (43,700 tokens) +860 MB. Documents
up to a 1,000,000-character limit would have needed ~4 GB.

:class:`WindowedTok2Vec` returns exactly what ``Tok2Vec`` does, computed in groups of at most
``token_budget`` tokens. A document longer than the budget is cut into windows, each run with
``margin`` tokens of context on both sides, which are then dropped. The CNN encoder sees
``window_size`` tokens each side per layer. The default margin (:func:`receptive_field`) is the sum
of these over the layers, so each token's vector comes out as in one pass, up to float rounding.
A model whose context is not made of window layers (an LSTM, a transformer) gets no windows:
:func:`receptive_field` is then ``None``, and a long document is run whole.

The pipeline swaps it in for the packaged model's ``tok2vec`` (see
:func:`mideast_nlp.pipeline.build_spacy`); the weights and the config's model are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.pipeline import Tok2Vec
from spacy.tokens import Doc
from spacy.util import load_config
from spacy.vocab import Vocab
from thinc.api import Model

#: Tokens run through the model at once: ~40 MB for a moment with our NER model's tok2vec.
TOKEN_BUDGET = 2_000
#: Words in the names of layers that see further than a window (no exact windows with these).
_LONG_REACH = ("lstm", "transformer", "attention", "pytt", "trf")


def windowed_overrides(path: str | Path) -> dict[str, str]:
    """``spacy.load`` config overrides that load each plain ``tok2vec`` of the pipeline at ``path``
    as ``mideast_tok2vec`` (same weights and model, same outputs)."""
    config = load_config(Path(path) / "config.cfg")
    return {
        f"components.{name}.factory": "mideast_tok2vec"
        for name, block in config.get("components", {}).items()
        if block.get("factory") == "tok2vec"
    }


def receptive_field(model: Model) -> int | None:
    """How many tokens each side can change a token's vector: the sum of the ``expand_window`` sizes.

    ``None`` when the model has a layer with a longer reach (an LSTM, a transformer).
    """
    names = [layer.name.lower() for layer in model.walk()]
    if any(word in name for name in names for word in _LONG_REACH):
        return None
    return sum(int(layer.attrs.get("window_size", 0)) for layer in model.walk() if layer.name == "expand_window")


def windows(n_tokens: int, size: int, margin: int) -> Iterator[tuple[int, int, int, int]]:
    """Cut ``n_tokens`` into windows of ``size`` kept tokens run with ``margin`` tokens of context.

    Yields ``(run_start, run_end, keep_start, keep_end)``: the tokens to run, and those of them to
    keep (absolute offsets). The kept ranges tile ``0 … n_tokens`` in order.
    """
    for keep_start in range(0, n_tokens, size):
        keep_end = min(keep_start + size, n_tokens)
        yield max(0, keep_start - margin), min(n_tokens, keep_end + margin), keep_start, keep_end


class WindowedTok2Vec(Tok2Vec):
    """``spacy.pipeline.Tok2Vec`` that runs its model on at most ``token_budget`` tokens at once."""

    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "tok2vec",
        *,
        token_budget: int = TOKEN_BUDGET,
        margin: int | None = None,
    ) -> None:
        super().__init__(vocab, model, name=name)
        if token_budget < 1:
            raise ValueError(f"token_budget must be at least 1, not {token_budget}.")
        self.token_budget = token_budget
        self._margin = margin

    @property
    def margin(self) -> int | None:
        """Context tokens each side of a window (``None``: long documents are not windowed)."""
        if self._margin is None:
            self._margin = receptive_field(self.model)
        return self._margin

    def predict(self, docs: Iterable[Doc]) -> list[Any]:
        docs = list(docs)
        if not any(len(doc) for doc in docs):
            return super().predict(docs)
        out: list[Any] = [None] * len(docs)
        group: list[int] = []
        tokens = 0
        for i, doc in enumerate(docs):
            margin = self.margin
            if len(doc) > self.token_budget and margin is not None and self.token_budget > 2 * margin:
                out[i] = self._windowed(doc, margin)
                continue
            if group and tokens + len(doc) > self.token_budget:
                self._run(docs, group, out)
                group, tokens = [], 0
            group.append(i)
            tokens += len(doc)
        if group:
            self._run(docs, group, out)
        return out

    def _run(self, docs: Sequence[Doc], group: list[int], out: list[Any]) -> None:
        # (a group may hold only empty docs, the long ones of the batch being windowed: the model
        # cannot run on those alone)
        filled = [i for i in group if len(docs[i])]
        for i in group:
            if not len(docs[i]):
                out[i] = self.model.ops.alloc2f(0, self.model.get_dim("nO"))
        if filled:
            vectors = self.model.predict([docs[i] for i in filled])
            for i, vec in zip(filled, vectors, strict=True):
                out[i] = vec

    def _windowed(self, doc: Doc, margin: int) -> Any:
        size = self.token_budget - 2 * margin
        parts = []
        for run_start, run_end, keep_start, keep_end in windows(len(doc), size, margin):
            (vec,) = self.model.predict([doc[run_start:run_end].as_doc()])
            parts.append(vec[keep_start - run_start : keep_end - run_start])
        return self.model.ops.xp.concatenate(parts, axis=0)
