"""Encryption at rest for tokens and likeness/voice configuration.

A :class:`SecretBox` is built from explicit keys (newest first) so nothing here reads the
environment; ``api`` turns settings into keys. MultiFernet decrypts with any listed key and
encrypts with the first, which is what makes key rotation a re-encrypt, not a migration.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SecretBoxError(ValueError):
    """A key is malformed, or a ciphertext cannot be decrypted with any configured key."""


class SecretBox:
    """Fernet encryption with rotation: encrypts with ``keys[0]``, decrypts with any key."""

    def __init__(self, keys: Sequence[bytes | str]) -> None:
        if not keys:
            raise SecretBoxError("SecretBox needs at least one Fernet key (newest first)")
        fernets: list[Fernet] = []
        for index, key in enumerate(keys):
            try:
                fernets.append(Fernet(key))
            except (ValueError, TypeError) as exc:
                raise SecretBoxError(
                    f"key #{index + 1} is not a valid Fernet key (32 url-safe base64 bytes)"
                ) from exc
        self._multi = MultiFernet(fernets)

    @staticmethod
    def generate_key() -> str:
        """A fresh random key, for tests and first-run setup."""
        return Fernet.generate_key().decode()

    def encrypt(self, plaintext: str) -> str:
        return self._multi.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._multi.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise SecretBoxError(
                "cannot decrypt a stored secret with any configured key (was the key removed "
                "from TWINREEL_ENCRYPTION_KEYS before rotation?)"
            ) from exc

    def encrypt_json(self, value: dict[str, Any]) -> str:
        return self.encrypt(json.dumps(value, sort_keys=True, separators=(",", ":")))

    def decrypt_json(self, token: str) -> dict[str, Any]:
        value = json.loads(self.decrypt(token))
        if not isinstance(value, dict):
            raise SecretBoxError(f"encrypted JSON is a {type(value).__name__}, expected an object")
        return value

    def rotate(self, token: str) -> str:
        """Re-encrypt ``token`` under the newest key (the plaintext never leaves this call)."""
        try:
            return self._multi.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as exc:
            raise SecretBoxError("cannot rotate a secret no configured key can decrypt") from exc
