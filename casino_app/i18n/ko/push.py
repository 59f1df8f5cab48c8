"""Korean: web push (the browser-notification switch, its states and its errors)."""

MESSAGES: dict[str, str] = {
    "field.PUSH_ENDPOINT_INVALID": "푸시 서비스 주소가 올바르지 않아요. (https 주소, 1000자 이하)",
    "field.PUSH_KEY_INVALID": "브라우저 알림 키가 올바르지 않아요.",
    "error.PUSH_SUBSCRIPTION_NOT_FOUND": "이 브라우저의 알림 구독을 찾을 수 없어요.",
    "push.title": "브라우저 알림 받기",
    "push.lead": "카지노 클럽 화면을 닫아 두어도 새 알림을 이 브라우저로 알려 드려요. "
    "화면이 열려 있을 때는 화면 안에서 알려 드려요.",
    "push.turn_on": "알림 켜기",
    "push.turn_off": "알림 끄기",
    "push.state.loading": "알림 설정을 확인하고 있어요…",
    "push.state.busy": "설정하는 중이에요…",
    "push.state.on": "이 브라우저로 알림을 받고 있어요.",
    "push.state.off": "이 브라우저로는 알림을 받지 않아요.",
    "push.state.unsupported": "이 브라우저에서는 웹 푸시 알림을 사용할 수 없어요. 알림을 지원하는 브라우저에서 이용해 주세요.",
    "push.state.blocked": "이 사이트의 알림이 차단되어 있어요. 주소창 옆 사이트 설정에서 알림을 허용한 뒤 다시 눌러 주세요.",
    "push.state.dismissed": "알림 권한을 허용하지 않으셨어요. 다시 누르면 다시 물어볼게요.",
    "push.state.error": "알림을 설정하지 못했어요. 잠시 후 다시 시도해 주세요.",
}
