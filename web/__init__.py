"""Web stage: the Flask app factory; HTML pages (views) and the JSON API (api) render the same SearchResult."""
from __future__ import annotations

from flask import Flask

from search.results import DEFAULT_PER_PAGE
from web.backend import Backend


def create_app(config: dict | None = None) -> Flask:
    """`flask --app web run` and `gunicorn 'web:create_app()'` (what `make run` starts) call this with no config;
    FLASK_INDEX_DIR (or any FLASK_-prefixed setting) overrides the defaults, a test passes its own."""
    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR="index", PER_PAGE=DEFAULT_PER_PAGE, FACET_SIZE=12, SUGGEST_SIZE=10)
    app.config.from_prefixed_env()
    if config:
        app.config.from_mapping(config)
    app.json.ensure_ascii = False       # the API is read by people too: show 金水区, not \u91d1...
    app.json.sort_keys = False          # keep SearchResult's field order

    app.extensions["search"] = Backend(app.config["INDEX_DIR"])

    from web import api, errors, security, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    security.register(app)
    return app
