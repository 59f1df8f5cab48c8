"""Reading a bulk-grant CSV: a header with ``site_id`` and ``amount`` (``note`` optional), at most 5,000 rows.

File-level problems (not UTF-8, no or a wrong header, no rows, too many rows, too large, broken quoting) refuse
the whole upload with a 422 before anything is granted. Row-level problems (an amount that is not a positive
whole number within the cap, a note too long, a malformed site ID) only mark that row, which then fails alone.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from casino_app.core.errors import ValidationFailed

MAX_ROWS = 5_000
MAX_FILE_BYTES = 1024 * 1024  # 5,000 rows of site ID, amount and a 200-character note fit comfortably
MAX_AMOUNT = 1_000_000  # per row: far above any reward in the economy, far below a typo of six extra digits
MAX_NOTE = 200
COLUMNS = ("site_id", "amount", "note")
REQUIRED = ("site_id", "amount")
_SITE_ID = re.compile(r"^[a-z0-9_]{4,20}$")
_DIGITS = re.compile(r"^[0-9]{1,16}$")
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class CsvRow:
    """One data row (``row`` counts data rows from 1, the header excluded) and its row-level error, if any."""

    row: int
    site_id: str
    amount: int | None
    note: str
    error: str | None


def _refuse(code: str, **details: object) -> ValidationFailed:
    return ValidationFailed(code=code, details={"field": "file", **details})


def _decode(content: bytes) -> str:
    if not content:
        raise _refuse("CSV_EMPTY")
    if len(content) > MAX_FILE_BYTES:
        raise _refuse("CSV_TOO_LARGE", max_bytes=MAX_FILE_BYTES)
    try:
        text = content.decode("utf-8-sig")  # Excel writes a byte-order mark
    except UnicodeDecodeError:
        raise _refuse("CSV_ENCODING") from None
    if "\x00" in text:
        raise _refuse("CSV_ENCODING")
    return text


def _header(fields: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in fields]
    unknown = [name for name in names if name not in COLUMNS]
    if unknown or len(set(names)) != len(names) or any(name not in names for name in REQUIRED):
        raise _refuse("CSV_HEADER_INVALID", expected="site_id,amount[,note]")
    return {name: index for index, name in enumerate(names)}


def _amount(value: str) -> tuple[int | None, str | None]:
    text = value.strip()
    if _GROUPED.fullmatch(text):  # "1,000" as a spreadsheet formats it (quoted in the file)
        text = text.replace(",", "")
    if not _DIGITS.fullmatch(text):
        return None, "AMOUNT_INVALID"
    amount = int(text)
    if amount <= 0:
        return None, "AMOUNT_INVALID"
    if amount > MAX_AMOUNT:
        return None, "AMOUNT_TOO_LARGE"
    return amount, None


def _row(number: int, cells: list[str], columns: dict[str, int]) -> CsvRow:
    if len(cells) > len(columns):
        return CsvRow(number, cells[columns["site_id"]].strip()[:40], None, "", "COLUMNS_MISMATCH")
    cells = cells + [""] * (len(columns) - len(cells))
    site_id = cells[columns["site_id"]].strip().lower()
    note = cells[columns["note"]].strip() if "note" in columns else ""
    amount, error = _amount(cells[columns["amount"]])
    if not _SITE_ID.fullmatch(site_id):
        site_id, error = _CONTROL.sub("", site_id)[:40], "SITE_ID_UNKNOWN"
    elif error is None and len(note) > MAX_NOTE:
        error = "NOTE_TOO_LONG"
    elif error is None and _CONTROL.search(note):
        error = "NOTE_INVALID"
    return CsvRow(number, site_id, amount, note[:MAX_NOTE], error)


def parse(content: bytes) -> list[CsvRow]:
    """Every data row of the file, in order (blank lines skipped); ``ValidationFailed`` for a bad file."""
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise _refuse("CSV_EMPTY")
        columns = _header(header)
        rows: list[CsvRow] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise _refuse("CSV_TOO_MANY_ROWS", max_rows=MAX_ROWS)
            rows.append(_row(len(rows) + 1, cells, columns))
    except csv.Error as exc:
        raise _refuse("CSV_MALFORMED", line=reader.line_num) from exc
    if not rows:
        raise _refuse("CSV_EMPTY")
    return rows
