"""API routers, included in order by ``casino_app.api.app.create_api``."""
