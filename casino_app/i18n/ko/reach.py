"""Korean messages: reaching every screen on a phone — the tab bar's "more" sheet and the console's tabs."""

MESSAGES: dict[str, str] = {
    "nav.more": "더보기",
    "nav.more_title": "전체 메뉴",
    "nav.more_lead": "카지노 클럽의 모든 화면으로 갈 수 있어요.",
    "nav.close": "닫기",
    "nav.notifications": "알림",
    "nav.group.play": "게임",
    "nav.group.rewards": "보상과 커뮤니티",
    "nav.group.account": "내 계정",
    "nav.group.help": "도움말",
    "nav.console": "운영 콘솔",
    "nav.console_title": "콘솔 메뉴",
    "nav.console_lead": "운영 콘솔의 모든 화면입니다.",
    "a11y.console_nav": "콘솔 메뉴",
}
