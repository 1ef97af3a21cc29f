"""The ModelArts notebook API contract as pydantic v2 models.

Requests forbid unknown fields and report every problem at once; responses
keep unknown fields.  Use :func:`parse_request` for untrusted input and
``to_upstream_json`` / ``to_query`` (validation.py) for what goes on the wire.
docs/contract.md lists every rule and where it comes from. The names other
packages use every day are re-exported here; the rest live in the submodules.
"""

from jupyter_modelarts.core.contract.base import RequestModel as RequestModel
from jupyter_modelarts.core.contract.catalog import Flavor as Flavor
from jupyter_modelarts.core.contract.catalog import Image as Image
from jupyter_modelarts.core.contract.catalog import ImageListQuery as ImageListQuery
from jupyter_modelarts.core.contract.enums import EndpointService as EndpointService
from jupyter_modelarts.core.contract.enums import FlavorCategory as FlavorCategory
from jupyter_modelarts.core.contract.enums import ImageStatus as ImageStatus
from jupyter_modelarts.core.contract.enums import ImageType as ImageType
from jupyter_modelarts.core.contract.enums import NotebookStatus as NotebookStatus
from jupyter_modelarts.core.contract.enums import Ownership as Ownership
from jupyter_modelarts.core.contract.lease import Lease as Lease
from jupyter_modelarts.core.contract.lease import LeaseRenewRequest as LeaseRenewRequest
from jupyter_modelarts.core.contract.lease import StartQuery as StartQuery
from jupyter_modelarts.core.contract.listing import NotebookPage as NotebookPage
from jupyter_modelarts.core.contract.notebook import NotebookCreateRequest as NotebookCreateRequest
from jupyter_modelarts.core.contract.notebook import NotebookUpdateRequest as NotebookUpdateRequest
from jupyter_modelarts.core.contract.responses import Notebook as Notebook
from jupyter_modelarts.core.contract.validation import parse_request as parse_request
