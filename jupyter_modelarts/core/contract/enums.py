"""Every enumeration of the notebook API (docs/modelarts-api.md §7).

Members are ``StrEnum``, so they compare equal to their wire strings and
serialise as them; each value is the canonical wire spelling (upper case, but
Kubernetes spelling for affinity operators). Requests accept any letter case
through ``CaseInsensitive`` (base.py).
"""

from __future__ import annotations

import enum


class Feature(enum.StrEnum):
    NOTEBOOK = "NOTEBOOK"  # billed instance (the default)
    DEFAULT = "DEFAULT"  # free CodeLab instance, one per user


class NotebookStatus(enum.StrEnum):
    INIT = "INIT"
    CREATING = "CREATING"
    STARTING = "STARTING"
    STOPPING = "STOPPING"
    DELETING = "DELETING"
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"
    SNAPSHOTTING = "SNAPSHOTTING"
    CREATE_FAILED = "CREATE_FAILED"
    START_FAILED = "START_FAILED"
    DELETE_FAILED = "DELETE_FAILED"
    ERROR = "ERROR"
    DELETED = "DELETED"
    FROZEN = "FROZEN"


class LeaseType(enum.StrEnum):
    TIMING = "TIMING"  # stop at a deadline
    IDLE = "IDLE"  # stop after a period without activity


class VolumeCategory(enum.StrEnum):
    EVS = "EVS"  # block disk, the only resizable one
    EFS = "EFS"  # SFS Turbo
    SFS = "SFS"  # the name [create-rst] (docs/modelarts-api.md §1) uses for the same file service
    OBS = "OBS"
    OBSFS = "OBSFS"  # OBS parallel file system (PFS)


# Categories that name the SFS Turbo file service, whatever the page called it.
FILE_SERVICE_CATEGORIES = frozenset({VolumeCategory.EFS, VolumeCategory.SFS})


class Ownership(enum.StrEnum):
    MANAGED = "MANAGED"  # the storage lives in the service's account
    DEDICATED = "DEDICATED"  # the storage lives in the user's account


class EndpointService(enum.StrEnum):
    NOTEBOOK = "NOTEBOOK"
    SSH = "SSH"


class HookType(enum.StrEnum):
    SCRIPT = "SCRIPT"  # `script` is an absolute path inside the image
    COMMAND = "COMMAND"  # `script` is base64-encoded script content


class HookMode(enum.StrEnum):
    ASYNC = "ASYNC"
    BLOCK = "BLOCK"


class JobStatus(enum.StrEnum):
    WAITING = "WAITING"
    PROCESSING = "PROCESSING"
    FAILED = "FAILED"
    COMPLETED = "COMPLETED"


class ImageType(enum.StrEnum):
    BUILD_IN = "BUILD_IN"
    DEDICATED = "DEDICATED"


class ImageOrigin(enum.StrEnum):
    CUSTOMIZE = "CUSTOMIZE"
    IMAGE_SAVE = "IMAGE_SAVE"


class ImageVisibility(enum.StrEnum):
    PRIVATE = "PRIVATE"
    PUBLIC = "PUBLIC"
    HIDDEN = "HIDDEN"


class ImageStatus(enum.StrEnum):
    INIT = "INIT"
    CREATING = "CREATING"
    CREATE_FAILED = "CREATE_FAILED"
    ERROR = "ERROR"
    DELETED = "DELETED"
    ACTIVE = "ACTIVE"


class ImageServiceType(enum.StrEnum):
    COMMON = "COMMON"
    INFERENCE = "INFERENCE"
    TRAIN = "TRAIN"
    DEV = "DEV"
    UNKNOWN = "UNKNOWN"


class Arch(enum.StrEnum):
    X86_64 = "X86_64"
    AARCH64 = "AARCH64"


class FlavorCategory(enum.StrEnum):
    CPU = "CPU"
    GPU = "GPU"
    ASCEND = "ASCEND"


class PoolType(enum.StrEnum):
    MANAGED = "MANAGED"
    DEDICATED = "DEDICATED"


class AscendFlavorType(enum.StrEnum):
    ASCEND_SNT9 = "ASCEND_SNT9"
    ASCEND_SNT9B = "ASCEND_SNT9B"
    ASCEND_SNT3 = "ASCEND_SNT3"


class BillingItem(enum.StrEnum):
    STORAGE = "STORAGE"
    COMPUTE = "COMPUTE"
    ALL = "ALL"


class SortDir(enum.StrEnum):
    ASC = "ASC"
    DESC = "DESC"


class PublicNetworkType(enum.StrEnum):
    SHARED = "SHARED"
    EXCLUSIVE = "EXCLUSIVE"
    FORBIDDEN = "FORBIDDEN"


class AffinityOperator(enum.StrEnum):
    # Kubernetes node-affinity operators keep their Kubernetes spelling.
    IN = "In"
    NOT_IN = "NotIn"
    EXISTS = "Exists"
    DOES_NOT_EXIST = "DoesNotExist"
    GT = "Gt"
    LT = "Lt"
