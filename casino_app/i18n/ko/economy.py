"""Korean (the default) messages: the economy configuration (console errors)."""

MESSAGES: dict[str, str] = {
    "error.ECONOMY_CONFIG_INVALID": "경제 설정이 올바르지 않습니다. 항목을 확인해 주세요.",
}
