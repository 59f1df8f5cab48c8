"""Table and screen-reader labels shared by many screens (issue 16 item 10)."""

MESSAGES: dict[str, str] = {
    "table.col_actions": "작업",
    "table.col_details": "세부 정보",
}
