"""English: the history export (game rounds, wallet entries and purchases as CSV or JSON) and its errors."""

MESSAGES: dict[str, str] = {
    "error.EXPORT_DATE_INVALID": "Enter a real date in the form YYYY-MM-DD.",
    "error.EXPORT_DATE_OUT_OF_RANGE": "Enter a date between {earliest} and {latest}.",
    "error.EXPORT_RANGE_INVALID": "The start date is after the end date. Please check the range.",
    "error.EXPORT_KIND_UNKNOWN": "Choose which history to export.",
    "error.EXPORT_FORMAT_UNKNOWN": "The file format can only be CSV or JSON.",
    "error.EXPORT_RATE_LIMITED": "Too many exports. Try again in {retry_after} seconds.",
    "error.EXPORT_IN_PROGRESS": "One of your exports is still downloading. Try again once that download has finished.",
    "error.EXPORT_BUSY": "Many exports are running right now. Try again in {retry_after} seconds.",
    "error.EXPORT_FAILED": "Something went wrong while preparing your file. Please try again in a moment.",
    "export.title": "Export",
    "export.lead": "Download your history as a file. Dates are in Korea time (KST); both the start and the end "
    "date are included.",
    "export.hint_all": "Leave the dates empty to download your whole history.",
    "export.kind": "History",
    "export.kind_rounds": "Game rounds",
    "export.kind_ledger": "Wallet entries",
    "export.kind_purchases": "Purchases",
    "export.from": "From",
    "export.to": "To",
    "export.csv": "Download CSV",
    "export.json": "Download JSON",
    "export.format_note": "The CSV opens in Excel with Korean text intact. Amounts are whole gold (purchases: won).",
}
