"""REST handlers of the server extension, one module per resource (docs/rest-api.md).

Every HTTP verb carries ``@tornado.web.authenticated`` (checked in CI by
``.github/scripts/check_auth.py``) and ``@authorized`` against the ``modelarts``
resource, so deployments with an authorizer can decide who may use ModelArts.
"""
