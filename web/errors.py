"""Errors become a message a person can act on: JSON under /api/, a page elsewhere; never a stack trace."""
from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.errors import IndexMissing, IndexOutdated, NotFound, QueryError, SearchError

STATUS = {IndexMissing: 503, IndexOutdated: 503, QueryError: 400, NotFound: 404}
NO_INDEX = "还没有索引。请在项目目录运行 `make run`，或 `python -m search build` 建立索引后刷新本页。"
HTTP_MESSAGES = {404: "没有这个页面。", 405: "不支持这种请求方法。", 414: "请求地址过长。", 500: "服务器出错了，请稍后再试。"}


def respond(status: int, message: str):
    if request.path.startswith("/api/"):
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def register(app):
    @app.errorhandler(SearchError)
    def search_error(e: SearchError):
        status = next((code for cls, code in STATUS.items() if isinstance(e, cls)), 500)
        return respond(status, NO_INDEX if isinstance(e, IndexMissing) else str(e))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        if isinstance(e, InternalServerError):
            return respond(500, HTTP_MESSAGES[500])
        response, status = respond(e.code, HTTP_MESSAGES.get(e.code, e.description))
        if getattr(e, "valid_methods", None):              # 405 says which methods would do
            response = app.make_response(response)
            response.headers["Allow"] = ", ".join(e.valid_methods)
        return response, status
