"""The errors the simulator answers with, worded and coded as ModelArts does.

ModelArts answers almost every failure with HTTP 400 and a code in the body
(REFERENCE §10); the API gateway in front of it adds its own ``APIG.*`` codes
with a ``request_id`` in the body.  One exception type carries both, and the
handlers decide the body shape (new API, gateway, or the legacy API's
``error_message``).  Messages never contain credentials.
"""

from __future__ import annotations


class SimError(Exception):
    """An error response: HTTP status, ModelArts/APIG code, message, extra headers."""

    def __init__(self, code: str, message: str, status: int = 400, headers: dict[str, str] | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.headers = dict(headers or {})

    @property
    def from_gateway(self) -> bool:
        return self.code.startswith("APIG.")


def gateway_auth(reason: str) -> SimError:
    return SimError("APIG.0301", f"Incorrect IAM authentication information: {reason}", 401)


def api_not_found() -> SimError:
    return SimError("APIG.0101", "The API does not exist or has not been published in the environment.", 404)


def project_mismatch() -> SimError:
    return SimError(
        "ModelArts.0210", "The project ID in the request does not match the project of the credentials.", 403
    )


def instance_not_found() -> SimError:
    return SimError("ModelArts.6309", "The instance does not exist.")


def image_not_found(image_id: str) -> SimError:
    return SimError("ModelArts.6797", f"Image {image_id} not found.")


def resource_not_found(kind: str, ident: str) -> SimError:
    return SimError("ModelArts.6404", f"{kind} '{ident}' not found.")


def flavor_not_supported(flavor: str) -> SimError:
    return SimError("ModelArts.6323", f"The flavor {flavor} is not supported.")


def flavor_sold_out(flavor: str) -> SimError:
    return SimError("ModelArts.6329", f"The flavor {flavor} is sold out. Choose another flavor.")


def flavor_sold_out_on_start(flavor: str) -> SimError:
    return SimError("ModelArts.6716", f"Flavor {flavor} sold out.")


def flavor_not_switchable(current: str, wanted: str) -> SimError:
    return SimError("ModelArts.6792", f"The instance with flavor {current} cannot switch to flavor {wanted}.")


def flavor_feature_mismatch(flavor: str, feature: str) -> SimError:
    return SimError("ModelArts.6870", f"Flavor {flavor} does not support feature {feature}.")


def required(field: str) -> SimError:
    return SimError("ModelArts.6335", f"'{field}' is a required property")


def bad_character(field: str, character: str) -> SimError:
    return SimError("ModelArts.6334", f"The character '{character}' is not allowed in '{field}'.")


def bad_value(field: str, rule: str) -> SimError:
    return SimError("ModelArts.6336", f"The '{field}' value is incorrect: {rule}.")


def wrong_type(field: str, expected: str) -> SimError:
    return SimError("ModelArts.6332", f"The type of parameter '{field}' is wrong: expected {expected}.")


def evs_range(low: int, high: int) -> SimError:
    return SimError("ModelArts.6331", f"The evs volume size ranges from {low} GB to {high} GB.")


def duration_range(low: int, high: int) -> SimError:
    return SimError(
        "ModelArts.6349", f"The 'duration' parameter is incorrect. The value ranges from {low} to {high}."
    )


def not_sortable(field: str) -> SimError:
    return SimError("ModelArts.6303", f"The field '{field}' cannot be used for sorting.")


def malformed_body() -> SimError:
    return SimError("ModelArts.6400", "Invalid request payload: the body is not valid JSON.")


def invalid_argument(detail: str) -> SimError:
    return SimError("ModelArts.0101", f"Invalid argument: {detail}.")


def workspace_missing(workspace_id: str) -> SimError:
    return SimError("ModelArts.0102", f"The workspace {workspace_id} does not exist.")


def instance_count_at_maximum(quota: int) -> SimError:
    return SimError("ModelArts.6302", f"The number of notebook instances has reached the maximum ({quota}).")


def instance_exists(detail: str) -> SimError:
    return SimError("ModelArts.6301", f"The instance already exists: {detail}.")


def running_quota_exhausted(operation: str, limit: int) -> SimError:
    return SimError(
        "ModelArts.0113", f"{operation} Notebook failed. Quota: running instances ({limit}) is exhausted."
    )


def already_running() -> SimError:
    return SimError("ModelArts.6305", "The instance is already running.")


def starting() -> SimError:
    return SimError("ModelArts.6306", "The instance is starting.")


def already_stopped() -> SimError:
    return SimError("ModelArts.6307", "The instance is already stopped.")


def stopping() -> SimError:
    return SimError("ModelArts.6308", "The instance is stopping.")


def not_running() -> SimError:
    return SimError("ModelArts.6327", "The instance is not running.")


def not_allowed(status: str) -> SimError:
    return SimError(
        "ModelArts.6357",
        f"The operation is not allowed when the instance is in the '{status}' status; "
        "another operation may be in progress.",
    )


def not_modifiable(status: str, field: str) -> SimError:
    return SimError(
        "ModelArts.6347",
        f"When the instance is in the '{status}' status, the '{field}' parameter cannot be modified.",
    )


def ssh_config_missing(image: str) -> SimError:
    return SimError(
        "ModelArts.6768", f"Image {image} supports only SSH access but no SSH configuration is given."
    )


def internal_error() -> SimError:
    return SimError("ModelArts.0010", "Internal error.", 500)
