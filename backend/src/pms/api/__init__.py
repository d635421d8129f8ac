"""HTTP layer: routers, request/response schemas, dependencies."""
