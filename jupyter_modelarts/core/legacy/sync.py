"""The legacy DevEnviron operations (``/demanager/instances``) for blocking callers.

Same names, parameters and types as core.client_legacy (a test compares them).
"""

from __future__ import annotations

from jupyter_modelarts.core.contract import (
    LegacyActionRequest,
    LegacyActionResult,
    LegacyCreateRequest,
    LegacyInstance,
    LegacyInstancePage,
    LegacyListQuery,
    LegacyToken,
    LegacyUpdateRequest,
)
from jupyter_modelarts.core.legacy.client import LegacyInput
from jupyter_modelarts.core.sync_base import SyncClientBase


class SyncLegacyOperations(SyncClientBase):
    """Blocking twins of LegacyOperations."""

    def legacy_create(self, request: LegacyCreateRequest | LegacyInput) -> LegacyInstance:
        return self._run(self.client.legacy_create(request))

    def legacy_list(self, query: LegacyListQuery | LegacyInput | None = None) -> LegacyInstancePage:
        return self._run(self.client.legacy_list(query))

    def legacy_show(self, instance_id: str) -> LegacyInstance:
        return self._run(self.client.legacy_show(instance_id))

    def legacy_update(self, instance_id: str, request: LegacyUpdateRequest | LegacyInput) -> LegacyInstance:
        return self._run(self.client.legacy_update(instance_id, request))

    def legacy_delete(self, instance_id: str) -> None:
        self._run(self.client.legacy_delete(instance_id))

    def legacy_action(
        self, instance_id: str, request: LegacyActionRequest | LegacyInput
    ) -> LegacyActionResult:
        return self._run(self.client.legacy_action(instance_id, request))

    def legacy_token(self, instance_id: str) -> LegacyToken:
        return self._run(self.client.legacy_token(instance_id))
