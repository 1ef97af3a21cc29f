"""Every documented number and pattern of the notebook API, in one place.

The contract models (what the proxy lets through) and the simulator (what
"ModelArts" accepts) both read these, so the two cannot drift apart. Where the
sources disagree, the value follows docs/modelarts-api.md §8 and a comment says why.
"""

from __future__ import annotations

import re

# Names: ≤64 in the older page and the console, ≤128 in the newer page and the
# SDK (§8).  We accept 128; the launcher advises when a name is longer than 64,
# because some regions' consoles still truncate there.
NAME_MAX = 128
NAME_ADVISED_MAX = 64
# Letters, digits, "-" and "_"; the SDK also allows Chinese characters.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fa5]+\Z")
NAME_RULE = "1–128 characters: letters, digits, '-', '_' or Chinese characters"

DESCRIPTION_MAX = 512
# The SDK forbids only < and >; the OTC pages also list & " ' /.  We reject
# the characters every source forbids and accept the rest (§8).
DESCRIPTION_FORBIDDEN = frozenset("<>")

# EVS system disk, GB (§8: 5–4096 everywhere).
EVS_MIN_GB = 5
EVS_MAX_GB = 4096
EVS_DEFAULT_GB = 5
EFS_DEFAULT_GB = 50
VOLUME_MAX_GB = 4096
URI_MAX = 1024
MOUNT_PATH_MAX = 256
PRIMARY_MOUNT_PATH = "/home/ma-user/work/"
DEW_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_\-]{1,64}\Z")
DATA_VOLUMES_MAX = 30

# Lease (auto-stop), milliseconds.  The SDK documents 1 h–72 h for TIMING; the
# older page allows IDLE timeouts from 15 min.  -1 turns auto-stop off (what
# the Terraform provider sends).  We do not accept TIMING below 1 h even though
# §8 would only warn: ModelArts documents that minimum, and the proxy must not
# send what ModelArts rejects.
LEASE_MAX_MS = 259_200_000
LEASE_TIMING_MIN_MS = 3_600_000
LEASE_IDLE_MIN_MS = 900_000
LEASE_DEFAULT_MS = 3_600_000
LEASE_DISABLED = -1

ALLOWED_ACCESS_IPS_MAX = 5

WORKSPACE_ID_PATTERN = re.compile(r"^(0|[0-9a-z]{32})\Z")
PROJECT_ID_PATTERN = re.compile(r"^[0-9a-f]{32}\Z")
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")

# Listing.  The SDK says limit ∈ {10, 20, 50}; other sources allow any value up
# to 50 (§8), which is what we accept.
LIST_LIMIT_MAX = 50
LIST_LIMIT_DEFAULT = 10
IMAGE_LIMIT_DEFAULT = 200
IMAGE_LIMIT_MAX = 1000

CUSTOM_SPEC_CPU_MIN = 0.4
CUSTOM_SPEC_MEMORY_MIN = 513

# Legacy /demanager API (docs/modelarts-api.md §1 [legacy-create]).
LEGACY_NAME_MAX = 64
LEGACY_AUTO_STOP_MIN_S = 3_600
LEGACY_AUTO_STOP_MAX_S = 86_400

# Query filters and other request parts (SDK 3.1.219 docstrings, §3/§4.10).
SORT_KEY_MAX = 128
SWR_PATH_MAX = 2048
POOL_NAME_MAX = 64
USERNAME_MAX = 256
IMAGE_NAME_MAX = 512
IMAGE_NAMESPACE_MAX = 64
AFFINITY_WEIGHT_MAX = 100  # preferred node-affinity weight, 0–100
