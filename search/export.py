"""Export of a whole result set as CSV or JSON Lines, produced a row at a time so that memory stays flat
however many rows there are (the caller hands in an iterator of articles, not a list)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from search.errors import QueryError

MAX_ROWS = 100_000
FIELDS = ("id", "date", "paper", "page", "title", "districts", "reporters", "permalink")
FORMATS = ("csv", "jsonl")
LIST_SEPARATOR = ";"


def check_size(total: int, cap: int = MAX_ROWS) -> None:
    """A result set past the cap is refused whole with a message, never cut short without saying so."""
    if total > cap:
        raise QueryError(f"结果共 {total:,} 篇，超过导出上限 {cap:,} 篇：请加上区县、年份等筛选条件，分几次导出。")


def record(article: dict, permalink: Callable[[str], str], with_text: bool = False) -> dict:
    """One exported row: the fields a reader needs to find and cite the article again."""
    row = {
        "id": article["id"], "date": article.get("date"), "paper": article.get("paper"),
        "page": article.get("page"), "title": article["title"], "districts": list(article.get("districts") or []),
        "reporters": [{"name": r["name"], "role": r.get("role")} for r in article.get("reporters") or []],
        "permalink": permalink(article["id"]),
    }
    if with_text:
        row["text"] = article["body"]
    return row


def _csv_cells(row: dict) -> list:
    cells = []
    for name, value in row.items():
        if name == "districts":
            value = LIST_SEPARATOR.join(value)
        elif name == "reporters":
            value = LIST_SEPARATOR.join(r["name"] for r in value)
        cells.append("" if value is None else value)
    return cells


def csv_chunks(rows: Iterable[dict], with_text: bool = False) -> Iterator[str]:
    """CSV with a header row and a BOM (spreadsheet programs then read UTF-8); lists joined by ';'.
    Commas, quotes and newlines in a field are quoted by the csv module."""
    return csv_stream([*FIELDS, *(["text"] if with_text else [])], map(_csv_cells, rows))


def csv_stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV text a row at a time, the header first, with a BOM so spreadsheet programs read it as UTF-8:
    streamed, so a long result set never sits in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()


def jsonl_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """One JSON object a line; newlines inside a title or text are escaped by JSON, so a line is a row."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def chunks(fmt: str, rows: Iterable[dict], with_text: bool = False) -> Iterator[str]:
    if fmt == "csv":
        return csv_chunks(rows, with_text)
    if fmt == "jsonl":
        return jsonl_chunks(rows)
    raise QueryError(f"未知的导出格式“{fmt}”，可用：{'、'.join(FORMATS)}")
