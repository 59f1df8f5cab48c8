"""Table and screen-reader labels shared by many screens (issue 16 item 10)."""

MESSAGES: dict[str, str] = {
    "table.col_actions": "Actions",
    "table.col_details": "Details",
}
