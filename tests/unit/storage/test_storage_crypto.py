"""SecretBox: round trips, rotation, and clear errors for bad keys/tokens."""

from __future__ import annotations

import pytest

from storage.crypto import SecretBox, SecretBoxError


def test_round_trip_and_ciphertext_hides_plaintext() -> None:
    box = SecretBox([SecretBox.generate_key()])
    token = box.encrypt("ya29.secret-access-token")
    assert "secret-access-token" not in token
    assert box.decrypt(token) == "ya29.secret-access-token"
    assert box.decrypt_json(box.encrypt_json({"pitch": 50, "voice": "en-us"})) == {
        "pitch": 50,
        "voice": "en-us",
    }


def test_rotation_moves_tokens_to_the_newest_key() -> None:
    old_key, new_key = SecretBox.generate_key(), SecretBox.generate_key()
    old_box = SecretBox([old_key])
    token = old_box.encrypt("refresh-me")
    both = SecretBox([new_key, old_key])
    assert both.decrypt(token) == "refresh-me"  # old tokens still readable during rotation
    rotated = both.rotate(token)
    assert SecretBox([new_key]).decrypt(rotated) == "refresh-me"
    with pytest.raises(SecretBoxError, match="cannot decrypt"):
        old_box.decrypt(rotated)


def test_bad_key_and_foreign_token_fail_clearly() -> None:
    with pytest.raises(SecretBoxError, match="key #2 is not a valid Fernet key"):
        SecretBox([SecretBox.generate_key(), "not-a-key"])
    with pytest.raises(SecretBoxError, match="at least one"):
        SecretBox([])
    stranger = SecretBox([SecretBox.generate_key()]).encrypt("x")
    with pytest.raises(SecretBoxError, match="cannot decrypt"):
        SecretBox([SecretBox.generate_key()]).decrypt(stranger)
    with pytest.raises(SecretBoxError, match="expected an object"):
        box = SecretBox([SecretBox.generate_key()])
        box.decrypt_json(box.encrypt("[1, 2]"))
