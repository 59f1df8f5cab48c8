"""Korean: streamers' OBS overlays, their console screen and the players' opt-in."""

MESSAGES: dict[str, str] = {
    "page.admin_overlays_title": "방송 오버레이 | Casino-Club 콘솔",
    "page.overlay_title": "방송 오버레이 | Casino-Club",
    "admin.nav_overlays": "방송 오버레이",
    "overlays_admin.title": "방송 오버레이 토큰",
    "overlays_admin.lead": (
        "스트리머별 토큰으로 OBS 브라우저 소스(1920×1080, 투명 배경)에 실시간 피드·빅 윈·오늘의 랭킹을 띄웁니다. "
        "방송 표시에 동의한 플레이어만 나오며, 토큰을 폐기하면 다음 새로고침부터 오버레이가 멈춥니다."
    ),
    "overlays_admin.issue_title": "새 토큰 발급",
    "overlays_admin.label": "스트리머 이름",
    "overlays_admin.issue": "발급",
    "overlays_admin.issued_title": "토큰을 발급했어요",
    "overlays_admin.issued_once": "이 주소는 지금 한 번만 표시돼요. 저장되는 것은 토큰의 해시뿐이라 다시 볼 수 없어요.",
    "overlays_admin.copy": "복사",
    "overlays_admin.copied": "복사했어요.",
    "overlays_admin.copy_failed": "복사하지 못했어요. 주소를 직접 선택해 복사해 주세요.",
    "overlays_admin.english_hint": "영어로 표시하려면 주소 끝에 &lang=en 을 붙이세요.",
    "overlays_admin.close": "닫기",
    "overlays_admin.list_title": "발급한 토큰",
    "overlays_admin.col_label": "스트리머",
    "overlays_admin.col_created": "발급",
    "overlays_admin.col_last_used": "마지막 사용",
    "overlays_admin.col_status": "상태",
    "overlays_admin.active": "사용 중",
    "overlays_admin.revoked": "폐기됨",
    "overlays_admin.revoke": "폐기",
    "overlays_admin.revoked_done": "토큰을 폐기했어요:",
    "overlays_admin.never": "사용 기록 없음",
    "overlays_admin.empty": "아직 발급한 토큰이 없어요.",
    "overlay.kind.feed": "실시간 피드",
    "overlay.kind.bigwins": "빅 윈",
    "overlay.kind.leaderboard": "오늘의 경험치 랭킹",
    "overlay.empty.feed": "아직 새 소식이 없어요",
    "overlay.empty.bigwins": "아직 빅 윈이 없어요",
    "overlay.empty.leaderboard": "아직 랭킹에 오른 플레이어가 없어요",
    "overlay.unavailable": "오버레이 사용 불가",
    "overlay.amount": "{amount} 골드",
    "overlay.detail": "{game_name} · {multiplier}배",
    "overlay.xp": "경험치",
    "overlay.note": "방송 표시에 동의한 플레이어만 표시돼요",
    "stream.title": "방송 오버레이에 표시",
    "stream.lead": (
        "켜면 스트리머의 방송 화면(실시간 피드·빅 윈·오늘의 랭킹)에 닉네임과 기록이 나올 수 있어요. "
        "기본은 꺼짐이며, 랭킹에서 숨김을 켠 동안에는 켜도 표시되지 않아요."
    ),
    "stream.switch": "방송 오버레이에 내 닉네임 표시",
    "stream.on_saved": "방송 오버레이에 표시돼요.",
    "stream.off_saved": "방송 오버레이에 표시되지 않아요.",
    "error.OVERLAY_TOKEN_NOT_FOUND": "해당 오버레이 토큰을 찾을 수 없어요.",
    "error.OVERLAY_LABEL_INVALID": "스트리머 이름은 1~60자로, 줄바꿈이나 제어 문자 없이 입력해 주세요.",
}
