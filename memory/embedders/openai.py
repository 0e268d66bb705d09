"""Embeddings from OpenAI, or any OpenAI-compatible server (Ollama, vLLM, llama.cpp) by base URL.

The model name is data (``openai:text-embedding-3-small``), the key and base URL are explicit
arguments (only ``api/`` reads the environment). The SDK client is built on first use, so an
embedder rebuilt by Chroma from a collection's stored config (which never holds the key) can
exist without a key and only fails, clearly, if asked to embed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from memory.embedders.base import EmbedderError, JsonScalar

if TYPE_CHECKING:
    from openai import OpenAI

KNOWN_DIMS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
MAX_INPUTS_PER_REQUEST = 2048  # the embeddings endpoint's limit on inputs per call


class OpenAIEmbedder:
    """Calls ``/v1/embeddings`` through the official ``openai`` SDK."""

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None,
        base_url: str | None = None,
        dimensions: int | None = None,
        timeout_s: float = 30.0,
        max_retries: int = 2,
    ) -> None:
        if not model:
            raise EmbedderError("OpenAIEmbedder model is empty; use e.g. 'text-embedding-3-small'")
        if dimensions is not None and dimensions <= 0:
            raise EmbedderError(f"OpenAIEmbedder dimensions must be positive, got {dimensions}")
        self._model = model
        self._api_key = api_key
        self._base_url = base_url
        self._dimensions = dimensions
        self._timeout_s = timeout_s
        self._max_retries = max_retries
        self._client: OpenAI | None = None
        self._probed_dims: int | None = None

    @property
    def kind(self) -> str:
        return "openai"

    @property
    def model(self) -> str:
        return self._model

    @property
    def identity(self) -> str:
        return f"openai:{self._model}:{self.dims}"

    @property
    def dims(self) -> int:
        if self._dimensions is not None:
            return self._dimensions
        if self._model in KNOWN_DIMS:
            return KNOWN_DIMS[self._model]
        if self._probed_dims is None:
            # An unknown model (e.g. on an OpenAI-compatible server): ask it once.
            self._probed_dims = len(self._request(["dimension probe"])[0])
        return self._probed_dims

    def config(self) -> dict[str, JsonScalar]:
        return {"model": self._model, "base_url": self._base_url, "dimensions": self._dimensions}

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), MAX_INPUTS_PER_REQUEST):
            vectors.extend(self._request(texts[start : start + MAX_INPUTS_PER_REQUEST]))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._request([text])[0]

    def _request(self, texts: Sequence[str]) -> list[list[float]]:
        import openai

        client = self._ensure_client()
        # The API rejects empty strings; a single space embeds as "nothing said".
        inputs = [text if text.strip() else " " for text in texts]
        try:
            if self._dimensions is not None:
                response = client.embeddings.create(
                    model=self._model, input=inputs, dimensions=self._dimensions
                )
            else:
                response = client.embeddings.create(model=self._model, input=inputs)
        except openai.OpenAIError as exc:
            raise EmbedderError(
                f"OpenAI embeddings request for model {self._model!r} failed: {exc}"
            ) from exc
        ordered = sorted(response.data, key=lambda item: item.index)
        if len(ordered) != len(inputs):
            raise EmbedderError(
                f"OpenAI embeddings for model {self._model!r} returned {len(ordered)} vectors "
                f"for {len(inputs)} inputs"
            )
        return [list(item.embedding) for item in ordered]

    def _ensure_client(self) -> OpenAI:
        if self._client is None:
            if not self._api_key:
                raise EmbedderError(
                    f"embedder openai:{self._model} needs an API key: set TWINREEL_OPENAI_API_KEY "
                    "(or pass api_key explicitly)"
                )
            from openai import OpenAI

            self._client = OpenAI(
                api_key=self._api_key,
                base_url=self._base_url,
                timeout=self._timeout_s,
                max_retries=self._max_retries,
            )
        return self._client
