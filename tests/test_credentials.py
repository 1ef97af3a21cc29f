"""The credential chain (core/credentials.py, core/profile.py; REFERENCE.md §9.3, §9.5).

Every test uses a tmp_path home and an explicit env dict, never the real ones.
Secrets are distinctive strings so a leak anywhere is easy to spot.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from pydantic import SecretStr, TypeAdapter

from jupyter_modelarts.core.auth import signer
from jupyter_modelarts.core.auth.credentials import (
    CredentialInputs,
    CredentialSource,
    ResolvedCredentials,
    resolve_credentials,
)
from jupyter_modelarts.core.auth.secrets import AkSkCredentials, IamTokenCredentials
from jupyter_modelarts.core.errors import ConfigurationError
from jupyter_modelarts.core.http import ModelArtsAuth

AK, SK, STS = "AKCONFIG00000000AAAA", "SKconfigSecretValue0000000000000000000001", "STStokenCONFIG+/=="
ENV_AK, ENV_SK, ENV_STS = "AKENVIRON0000000BBBB", "SKenvironSecretValue000000000000000000002", "STStokenENV"
FILE_AK, FILE_SK = "AKPROFILE0000000CCCC", "SKprofileSecretValue000000000000000000003"
TOKEN = "MIIiamTokenValueForTests-_+/=0000000000000000000000000004"
P_CONF, P_ENV, P_FILE = "a" * 32, "b" * 32, "c" * 32
ALL_SECRETS = [AK, SK, STS, ENV_AK, ENV_SK, ENV_STS, FILE_AK, FILE_SK, TOKEN]


def write_profile(home: Path, text: str) -> Path:
    path = home / ".huaweicloud" / "credentials"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def profile_text(ak: str = FILE_AK, sk: str = FILE_SK, project: str = P_FILE) -> str:
    return f"[basic]\nak = {ak}\nsk = {sk}\nproject_id = {project}\n"


ENV_FULL = {"HUAWEICLOUD_SDK_AK": ENV_AK, "HUAWEICLOUD_SDK_SK": ENV_SK, "HUAWEICLOUD_SDK_PROJECT_ID": P_ENV}
EXPLICIT = CredentialInputs(access_key=SecretStr(AK), secret_key=SecretStr(SK), project_id=P_CONF)


def aksk(resolved: ResolvedCredentials) -> tuple[str, str]:
    creds = resolved.credentials
    assert isinstance(creds, AkSkCredentials)
    return creds.access_key.get_secret_value(), creds.secret_key.get_secret_value()


# ------------------------------------------------------------ each source


def test_explicit_config(tmp_path: Path) -> None:
    got = resolve_credentials(EXPLICIT, {}, tmp_path)
    assert aksk(got) == (AK, SK)
    assert (got.source, got.project_id, got.project_source) == (
        "c.ModelArts config",
        P_CONF,
        "c.ModelArts.project_id",
    )
    assert got.kind == "AK/SK"


def test_environment_with_security_token_and_project(tmp_path: Path) -> None:
    env = {**ENV_FULL, "HUAWEICLOUD_SDK_SECURITY_TOKEN": ENV_STS}
    got = resolve_credentials(CredentialInputs(), env, tmp_path)
    assert aksk(got) == (ENV_AK, ENV_SK)
    assert isinstance(got.credentials, AkSkCredentials)
    assert got.credentials.security_token == SecretStr(ENV_STS)
    assert got.source == "environment (HUAWEICLOUD_SDK_AK)"
    assert (got.project_id, got.project_source) == (P_ENV, "environment (HUAWEICLOUD_SDK_PROJECT_ID)")


def test_profile_file_in_home(tmp_path: Path) -> None:
    path = write_profile(tmp_path, profile_text() + "security_token = FILEsts\n\n[global]\nak = other\n")
    got = resolve_credentials(CredentialInputs(), {}, tmp_path)
    assert aksk(got) == (FILE_AK, FILE_SK)
    assert got.source == f"profile file {path} [basic]"
    assert (got.project_id, got.project_source) == (P_FILE, got.source)
    assert isinstance(got.credentials, AkSkCredentials)
    assert got.credentials.security_token == SecretStr("FILEsts")


def test_profile_file_from_environment_and_explicit_path_wins(tmp_path: Path) -> None:
    env_file = tmp_path / "env.ini"
    env_file.write_text(profile_text(ak="AKFROMENVFILE"))
    conf_file = tmp_path / "conf.ini"
    conf_file.write_text(profile_text(ak="AKFROMCONFFILE"))
    write_profile(tmp_path, profile_text())  # the default file, shadowed by both
    env = {"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(env_file)}
    got = resolve_credentials(CredentialInputs(), env, tmp_path)
    assert (aksk(got)[0], got.source) == ("AKFROMENVFILE", f"profile file {env_file} [basic]")
    got = resolve_credentials(CredentialInputs(credentials_file=str(conf_file)), env, tmp_path)
    assert aksk(got)[0] == "AKFROMCONFFILE"


def test_profile_values_with_percent_are_literal(tmp_path: Path) -> None:
    # The SDK's ConfigParser would fail on '%' (interpolation); we read it as written.
    write_profile(tmp_path, profile_text(sk="SK%with%percent"))
    assert aksk(resolve_credentials(CredentialInputs(), {}, tmp_path))[1] == "SK%with%percent"


def test_iam_token_from_config_and_environment(tmp_path: Path) -> None:
    got = resolve_credentials(CredentialInputs(iam_token=SecretStr(TOKEN), project_id=P_CONF), {}, tmp_path)
    assert got.credentials == IamTokenCredentials(SecretStr(TOKEN), P_CONF)
    assert (got.source, got.kind) == ("IAM token (c.ModelArts.iam_token)", "IAM token")
    env = {"MODELARTS_IAM_TOKEN": TOKEN, "HUAWEICLOUD_SDK_PROJECT_ID": P_ENV}
    got = resolve_credentials(CredentialInputs(), env, tmp_path)
    assert got.credentials == IamTokenCredentials(SecretStr(TOKEN), P_ENV)
    assert got.source == "IAM token (environment MODELARTS_IAM_TOKEN)"


# ------------------------------------------------------------ precedence


def test_precedence_explicit_then_environment_then_profile(tmp_path: Path) -> None:
    write_profile(tmp_path, profile_text())
    assert aksk(resolve_credentials(EXPLICIT, ENV_FULL, tmp_path)) == (AK, SK)
    assert aksk(resolve_credentials(CredentialInputs(), ENV_FULL, tmp_path)) == (ENV_AK, ENV_SK)
    assert aksk(resolve_credentials(CredentialInputs(), {}, tmp_path)) == (FILE_AK, FILE_SK)


def test_within_a_level_aksk_comes_before_the_iam_token(tmp_path: Path) -> None:
    both = CredentialInputs(access_key=SecretStr(AK), secret_key=SecretStr(SK), iam_token=SecretStr(TOKEN))
    assert resolve_credentials(both, {}, tmp_path).kind == "AK/SK"
    env = {**ENV_FULL, "MODELARTS_IAM_TOKEN": TOKEN}
    assert resolve_credentials(CredentialInputs(), env, tmp_path).source == "environment (HUAWEICLOUD_SDK_AK)"
    # An explicit token still beats environment AK/SK: explicit config comes first.
    assert (
        resolve_credentials(CredentialInputs(iam_token=SecretStr(TOKEN)), env, tmp_path).kind == "IAM token"
    )


@pytest.mark.parametrize(
    ("mode", "expected_source"),
    [
        ("config", "c.ModelArts config"),
        ("env", "environment (HUAWEICLOUD_SDK_AK)"),
        ("profile", "profile file"),
        ("iam-token", "IAM token (environment MODELARTS_IAM_TOKEN)"),
    ],
)
def test_credential_source_pins_one_source(tmp_path: Path, mode: str, expected_source: str) -> None:
    write_profile(tmp_path, profile_text())
    env = {**ENV_FULL, "MODELARTS_IAM_TOKEN": TOKEN}
    inputs = CredentialInputs(
        access_key=SecretStr(AK), secret_key=SecretStr(SK), source=CredentialSource(mode)
    )
    assert resolve_credentials(inputs, env, tmp_path).source.startswith(expected_source)


@pytest.mark.parametrize("mode", ["config", "env", "profile", "iam-token"])
def test_pinned_source_that_is_empty_is_an_error_even_if_others_are_set(tmp_path: Path, mode: str) -> None:
    if mode != "profile":
        write_profile(tmp_path, profile_text())
    ak, sk = (None, None) if mode == "config" else (SecretStr(AK), SecretStr(SK))
    env = {} if mode == "env" else ENV_FULL
    inputs = CredentialInputs(access_key=ak, secret_key=sk, source=CredentialSource(mode))
    with pytest.raises(ConfigurationError, match=f"credential_source={mode}|required by credential_source"):
        resolve_credentials(inputs, env, tmp_path)


# ------------------------------------------------------------ project id


def test_explicit_project_overrides_the_one_stored_with_credentials(tmp_path: Path) -> None:
    write_profile(tmp_path, profile_text())
    got = resolve_credentials(CredentialInputs(project_id=P_CONF), {}, tmp_path)
    assert (got.project_id, got.project_source) == (P_CONF, "c.ModelArts.project_id")
    got = resolve_credentials(CredentialInputs(project_id=P_CONF), ENV_FULL, tmp_path)
    assert (aksk(got)[0], got.project_id) == (ENV_AK, P_CONF)


def test_missing_project_is_reported_on_demand(tmp_path: Path) -> None:
    env = {"HUAWEICLOUD_SDK_AK": ENV_AK, "HUAWEICLOUD_SDK_SK": ENV_SK}
    got = resolve_credentials(CredentialInputs(), env, tmp_path)
    assert (got.project_id, got.project_source) == (None, None)
    with pytest.raises(ConfigurationError, match="No ModelArts project ID") as caught:
        got.require_project_id()
    assert "HUAWEICLOUD_SDK_PROJECT_ID" in caught.value.hint
    assert resolve_credentials(EXPLICIT, {}, tmp_path).require_project_id() == P_CONF


def test_the_missing_project_hint_names_only_places_the_source_reads(tmp_path: Path) -> None:
    # Config credentials read no project from the environment: naming it would send people astray.
    keys_only = CredentialInputs(access_key=SecretStr(AK), secret_key=SecretStr(SK))
    env = {"HUAWEICLOUD_SDK_PROJECT_ID": P_CONF}
    with pytest.raises(ConfigurationError) as caught:
        resolve_credentials(keys_only, env, tmp_path).require_project_id()
    assert (
        caught.value.hint.startswith("Set c.ModelArts.project_id (32 hex")
        and "HUAWEICLOUD" not in caught.value.hint
    )
    write_profile(tmp_path, "[basic]\nak = PROFILEAK\nsk = profile-secret\n")
    with pytest.raises(ConfigurationError) as caught:
        resolve_credentials(CredentialInputs(), {}, tmp_path).require_project_id()
    assert "or project_id in the profile file" in caught.value.hint


def test_malformed_project_id_is_refused_without_echo(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="32 lower-case hexadecimal") as caught:
        resolve_credentials(CredentialInputs(project_id=SK), ENV_FULL, tmp_path)
    assert SK not in str(caught.value)
    env = {**ENV_FULL, "HUAWEICLOUD_SDK_PROJECT_ID": "NOT-A-PROJECT"}
    with pytest.raises(ConfigurationError, match=r"environment \(HUAWEICLOUD_SDK_PROJECT_ID\)"):
        resolve_credentials(CredentialInputs(), env, tmp_path)
    # A broken environment project does not matter when the environment is not used.
    assert resolve_credentials(EXPLICIT, env, tmp_path).project_id == P_CONF


# ------------------------------------------------------------ half filled and broken sources


@pytest.mark.parametrize(
    ("inputs", "env", "missing", "present"),
    [
        (
            CredentialInputs(access_key=SecretStr(AK)),
            ENV_FULL,
            "c.ModelArts.secret_key missing",
            "access_key is set",
        ),
        (
            CredentialInputs(secret_key=SecretStr(SK)),
            {},
            "c.ModelArts.access_key missing",
            "secret_key is set",
        ),
        (
            CredentialInputs(security_token=SecretStr(STS)),
            {},
            "c.ModelArts.access_key and c.ModelArts.secret_key missing",
            "security_token is set",
        ),
        (CredentialInputs(), {"HUAWEICLOUD_SDK_SK": ENV_SK}, "HUAWEICLOUD_SDK_AK missing", "SDK_SK is set"),
        (CredentialInputs(), {"HUAWEICLOUD_SDK_AK": ENV_AK}, "HUAWEICLOUD_SDK_SK missing", "SDK_AK is set"),
    ],
)
def test_half_filled_sources_say_what_is_missing_and_do_not_fall_through(
    tmp_path: Path, inputs: CredentialInputs, env: dict[str, str], missing: str, present: str
) -> None:
    write_profile(tmp_path, profile_text())  # a complete later source must not be used
    with pytest.raises(ConfigurationError, match="Incomplete credentials") as caught:
        resolve_credentials(inputs, env, tmp_path)
    assert missing in str(caught.value)
    assert present in str(caught.value)
    assert not any(secret in str(caught.value) for secret in ALL_SECRETS)


def test_half_filled_profile(tmp_path: Path) -> None:
    write_profile(tmp_path, f"[basic]\nak = {FILE_AK}\n")
    with pytest.raises(ConfigurationError, match="sk missing") as caught:
        resolve_credentials(CredentialInputs(), {}, tmp_path)
    assert FILE_AK not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"ak = {FILE_AK}\n[basic]\n", "line 1 comes before any [section] header"),
        (f"[basic]\nak = {FILE_AK}\n{FILE_SK}\n", "line(s) 3 are not 'key = value'"),
        (f"[basic]\nak = {FILE_AK}\nak = {FILE_SK}\n", "key 'ak' appears twice in [basic] (line 3)"),
        (f"[basic]\nak = {FILE_AK}\n[basic]\nsk = {FILE_SK}\n", "section [basic] appears twice (line 3)"),
        (f"[basic]\nproject_id = {P_FILE}\n", "has no ak and sk"),
        ("[basic]\nidp_id = x\nid_token_file = /t\n", "Federated login"),
    ],
)
def test_malformed_profile_is_reported_by_line_without_content(
    tmp_path: Path, text: str, message: str
) -> None:
    write_profile(tmp_path, text)
    with pytest.raises(ConfigurationError) as caught:
        resolve_credentials(CredentialInputs(), {}, tmp_path)
    assert message in str(caught.value)
    assert FILE_AK not in str(caught.value)
    assert FILE_SK not in str(caught.value)
    # Parse errors are raised 'from None': configparser's own message quotes the line.
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_unreadable_and_non_utf8_profiles(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "")
    path.write_bytes(b"[basic]\nak = \xff\xfe\n")
    with pytest.raises(ConfigurationError, match="is not UTF-8 text"):
        resolve_credentials(CredentialInputs(), {}, tmp_path)
    path.unlink()
    path.mkdir()
    with pytest.raises(ConfigurationError, match="Cannot read the credentials file"):
        resolve_credentials(CredentialInputs(), {}, tmp_path)


def test_named_profile_file_must_exist_default_one_may_not(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ini"
    with pytest.raises(ConfigurationError, match="required by HUAWEICLOUD_SDK_CREDENTIALS_FILE"):
        resolve_credentials(CredentialInputs(), {"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(missing)}, tmp_path)
    with pytest.raises(ConfigurationError, match=r"required by c\.ModelArts\.credentials_file"):
        resolve_credentials(CredentialInputs(credentials_file=str(missing)), {}, tmp_path)
    with pytest.raises(ConfigurationError, match="required by credential_source=profile"):
        resolve_credentials(CredentialInputs(source=CredentialSource.PROFILE), {}, tmp_path)


def test_profile_without_basic_section(tmp_path: Path) -> None:
    write_profile(tmp_path, "[global]\nak = x\nsk = y\ndomain_id = d\n")
    with pytest.raises(ConfigurationError, match=r"no \[basic\] section\)"):
        resolve_credentials(CredentialInputs(), {}, tmp_path)
    with pytest.raises(ConfigurationError, match=r"sections found: \[global\]"):
        resolve_credentials(CredentialInputs(source=CredentialSource.PROFILE), {}, tmp_path)


def test_nothing_found_says_where_it_looked_and_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="No ModelArts credentials found") as caught:
        resolve_credentials(CredentialInputs(), {"HUAWEICLOUD_SDK_AK": "  "}, tmp_path)
    text = str(caught.value)
    assert "HUAWEICLOUD_SDK_AK, MODELARTS_IAM_TOKEN" in text
    assert f"{tmp_path}/.huaweicloud/credentials (not found)" in text
    assert "HUAWEICLOUD_SDK_SK" in caught.value.hint and "MODELARTS_IAM_TOKEN" in caught.value.hint


@pytest.mark.parametrize("bad", ["AK WITH SPACE", "AK\nnewline", "AKé", '"AKQUOTED"x\t'])
def test_credentials_that_cannot_be_header_values_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(
        ConfigurationError, match="HUAWEICLOUD_SDK_AK from the environment contains"
    ) as caught:
        resolve_credentials(CredentialInputs(), {**ENV_FULL, "HUAWEICLOUD_SDK_AK": bad}, tmp_path)
    assert bad.strip() not in str(caught.value)
    with pytest.raises(ConfigurationError, match=r"c\.ModelArts\.iam_token"):
        resolve_credentials(CredentialInputs(iam_token=SecretStr(bad)), {}, tmp_path)


# ------------------------------------------------------------ signed like the SDK


def sdk_reference(headers: dict[str, str], body: bytes) -> str:
    """The SDK's Authorization for BasicCredentials with project and security token (added, then signed)."""
    request = SdkRequest(
        method="POST", schema="https", host="modelarts.cn-north-4.myhuaweicloud.com",
        resource_path=f"/v1/{P_CONF}/notebooks", query_params=[("limit", "10")],
        header_params=headers, body=body,
    )  # fmt: skip
    Signer(SimpleNamespace(ak=AK, sk=SK)).sign(request)
    authorization: str = request.header_params["Authorization"]
    return authorization


def test_project_and_security_token_are_signed_like_the_sdk() -> None:
    creds = AkSkCredentials(SecretStr(AK), SecretStr(SK), SecretStr(STS), P_CONF)
    body = b'{"name": "nb"}'
    base = {"Content-Type": "application/json", "X-Sdk-Date": "20250101T000000Z"}
    request = httpx.Request(
        "POST",
        f"https://modelarts.cn-north-4.myhuaweicloud.com/v1/{P_CONF}/notebooks?limit=10",
        headers=base,
        content=body,
    )
    sent = next(ModelArtsAuth(creds).auth_flow(request))
    assert sent.headers["X-Project-Id"] == P_CONF
    assert sent.headers["X-Security-Token"] == STS
    sdk_headers = {"Content-Length": str(len(body)), **base, "X-Project-Id": P_CONF, "X-Security-Token": STS}
    assert sent.headers["Authorization"] == sdk_reference(sdk_headers, body)
    auth = signer.parse_authorization(sent.headers["Authorization"])
    assert auth is not None
    assert {"x-project-id", "x-security-token"} <= set(auth.signed_headers)


# ------------------------------------------------------------ secrets stay secret


def test_no_secret_in_repr_str_json_pickle_or_debug_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    write_profile(tmp_path, profile_text())
    inputs = CredentialInputs(access_key=AK, secret_key=SK, security_token=STS, iam_token=TOKEN)  # type: ignore[arg-type]
    shown = [repr(inputs), str(inputs)]
    for resolved in (
        resolve_credentials(inputs, {}, tmp_path),
        resolve_credentials(
            CredentialInputs(), {**ENV_FULL, "HUAWEICLOUD_SDK_SECURITY_TOKEN": ENV_STS}, tmp_path
        ),
        resolve_credentials(CredentialInputs(), {}, tmp_path),
        resolve_credentials(CredentialInputs(iam_token=SecretStr(TOKEN)), {}, tmp_path),
    ):
        creds = resolved.credentials
        shown += [repr(resolved), str(resolved), repr(creds), str(creds), resolved.source]
        shown.append(TypeAdapter(type(creds)).dump_json(creds).decode())
        shown.append(json.dumps(TypeAdapter(type(creds)).dump_python(creds, mode="json")))
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(creds)
        assert {s.get_secret_value() for s in resolved.secrets()} <= set(ALL_SECRETS)
    shown.append(caplog.text)
    assert "credentials (AK/SK) from" in caplog.text  # the debug log is really there
    for text in shown:
        for secret in ALL_SECRETS:
            assert secret not in text


def test_plain_strings_are_wrapped_at_run_time() -> None:
    creds = AkSkCredentials(AK, SK, STS)  # type: ignore[arg-type]
    assert isinstance(creds.access_key, SecretStr) and isinstance(creds.security_token, SecretStr)
    assert creds == AkSkCredentials(SecretStr(AK), SecretStr(SK), SecretStr(STS))
    assert CredentialInputs(access_key="  ").access_key is None  # type: ignore[arg-type]


def test_importing_the_core_does_not_import_the_sdk_or_touch_home(tmp_path: Path) -> None:
    code = (
        "import sys, jupyter_modelarts.core.auth.credentials, jupyter_modelarts.core.settings, "
        "jupyter_modelarts.core.regions\n"
        "assert not [m for m in sys.modules if m.startswith('huaweicloudsdk')], 'SDK imported'\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "USERPROFILE": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=Path(__file__).parents[1])
    assert not (tmp_path / ".huaweicloud").exists()
