"""Redaction helpers and secret-holding value types (core/auth/secrets.py)."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from jupyter_modelarts.core.auth.secrets import (
    REDACTED,
    IamTokenCredentials,
    redact_text,
    require_header_safe,
    secret,
)
from jupyter_modelarts.core.errors import ConfigurationError

SK = "SKsecretValue0000000000000000000000000001"
TOKEN = "MIItokenValue000000000000000000002"


@pytest.mark.parametrize("value", [None, "", "   ", SecretStr(""), SecretStr(" \t")])
def test_secret_treats_empty_as_unset(value: str | SecretStr | None) -> None:
    assert secret(value) is None


def test_secret_wraps_and_trims() -> None:
    assert secret(f"  {SK}\n") == SecretStr(SK)
    assert secret(SecretStr(SK)) == SecretStr(SK)
    assert SK not in repr(secret(SK))


def test_redact_text_longest_first_and_ignores_tiny_values() -> None:
    text = f"token={TOKEN} prefix={TOKEN[:10]} sk={SK} ab"
    assert redact_text(text, [SecretStr(TOKEN), TOKEN[:10], SK, "ab", None]) == (
        f"token={REDACTED} prefix={REDACTED} sk={REDACTED} ab"
    )


@pytest.mark.parametrize("bad", ["a b", "tab\tinside", "é", '"quoted"', "'quoted'", "new\nline"])
def test_require_header_safe_names_the_setting_not_the_value(bad: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        require_header_safe(SecretStr(bad), "c.ModelArts.secret_key", "c.ModelArts config")
    assert "c.ModelArts.secret_key from c.ModelArts config" in str(caught.value)
    assert bad not in str(caught.value)


def test_require_header_safe_accepts_real_credential_alphabets() -> None:
    require_header_safe(SecretStr("AKEXAMPLE000000000000"), "ak", "x")
    require_header_safe(SecretStr("MIIxyz-_+/=.~!"), "token", "x")


def test_token_credentials_wrap_plain_strings() -> None:
    creds = IamTokenCredentials(TOKEN)  # type: ignore[arg-type]
    assert creds.token == SecretStr(TOKEN)
    assert TOKEN not in repr(creds)
