"""The words of every mail template, in Korean and English (``{name}`` marks a variable).

Kept apart from the rendering code so a copy edit never touches it. Each entry: the subject, the paragraphs
of the body, and the label of the button that opens the site ("" = no button). Marketing mails get the
legal "(광고)" subject prefix and the opt-out footer from ``templates`` itself, never from here.
"""

from __future__ import annotations

COPY: dict[str, dict[str, dict[str, object]]] = {
    "welcome": {
        "ko": {
            "subject": "{nickname}님, 카지노 클럽에 오신 걸 환영해요",
            "paragraphs": (
                "{nickname}님, 카지노 클럽 가입을 환영해요!",
                "아이디 {site_id} 계정으로 지금 {gold} 골드를 가지고 있어요. 매일 출석하면 보상을 받고, "
                "미션과 이벤트로 레벨을 올려 보세요.",
                "카지노 클럽의 골드는 게임 안에서만 쓰는 재화로, 현금으로 바꾸거나 다른 사람에게 보낼 수 없어요. "
                "플레이 시간과 구매 한도는 언제든 '건강한 플레이' 메뉴에서 정할 수 있어요.",
            ),
            "action": "카지노 클럽 열기",
        },
        "en": {
            "subject": "Welcome to Casino-Club, {nickname}",
            "paragraphs": (
                "Welcome to Casino-Club, {nickname}!",
                "Your account {site_id} holds {gold} gold right now. Check in every day for a reward, and level "
                "up through missions and events.",
                "Gold is for play only: it can never be cashed out or sent to another player. You can set time "
                "and purchase limits at any time under Healthy play.",
            ),
            "action": "Open Casino-Club",
        },
    },
    "password_reset_notice": {
        "ko": {
            "subject": "[카지노 클럽] 비밀번호가 초기화되었어요",
            "paragraphs": (
                "{nickname}님, 운영팀이 {reset_at}(한국 시간)에 아이디 {site_id} 계정의 비밀번호를 초기화했어요.",
                "안내받은 임시 비밀번호로 로그인하면 먼저 새 비밀번호를 정하게 돼요. 로그인되어 있던 기기는 "
                "모두 로그아웃되었어요.",
                "직접 요청한 적이 없다면 운영팀에 바로 알려 주세요.",
            ),
            "action": "로그인하기",
        },
        "en": {
            "subject": "[Casino-Club] Your password was reset",
            "paragraphs": (
                "{nickname}, our staff reset the password of your account {site_id} at {reset_at} (Korea time).",
                "Log in with the temporary password you were given and you will be asked to choose a new one "
                "first. Every device that was logged in has been logged out.",
                "If you did not ask for this, please tell our staff right away.",
            ),
            "action": "Log in",
        },
    },
    "event_news": {
        "ko": {
            "subject": "{title}",
            "paragraphs": ("{nickname}님, 새 소식을 전해 드려요.", "{title}", "{details}"),
            "action": "이벤트 보러 가기",
        },
        "en": {
            "subject": "{title}",
            "paragraphs": ("{nickname}, here is what's new.", "{title}", "{details}"),
            "action": "See the events",
        },
    },
    "comeback": {
        "ko": {
            "subject": "{nickname}님, 다시 만나고 싶어요",
            "paragraphs": (
                "{nickname}님, {days_away}일 동안 뵙지 못했네요.",
                "레벨 {level}과 {gold} 골드가 그대로 기다리고 있어요. 출석 보상도 오늘부터 다시 받을 수 있어요.",
                "{message}",
            ),
            "action": "다시 놀러 가기",
        },
        "en": {
            "subject": "We miss you, {nickname}",
            "paragraphs": (
                "{nickname}, we haven't seen you for {days_away} days.",
                "Your level {level} and {gold} gold are waiting just as you left them, and the daily check-in "
                "reward is yours again from today.",
                "{message}",
            ),
            "action": "Come back and play",
        },
    },
    "custom": {
        "ko": {"subject": "{subject}", "paragraphs": ("{body}",), "action": "카지노 클럽 열기"},
        "en": {"subject": "{subject}", "paragraphs": ("{body}",), "action": "Open Casino-Club"},
    },
}

# The footer under every mail: why the player got it and, for marketing, how to stop it (정보통신망법 §50).
FOOTER: dict[str, dict[str, str]] = {
    "ko": {
        "service": "이 메일은 계정과 서비스 운영에 관한 안내로, 수신 동의와 관계없이 보내 드려요.",
        "marketing": "(광고) 마케팅 정보 수신에 동의하셔서 보내 드리는 메일이에요. 더 받고 싶지 않다면 "
        "{site_url}/notifications 의 알림 설정에서 마케팅 수신 동의를 언제든 철회할 수 있어요.",
        "sender": "카지노 클럽 · 이 주소는 발신 전용이에요.",
    },
    "en": {
        "service": "This is a message about your account and the service; it is sent regardless of your "
        "marketing consent.",
        "marketing": "Advertisement: you receive this because you agreed to marketing messages. To stop them, "
        "withdraw your marketing consent at any time in the notification settings at {site_url}/notifications.",
        "sender": "Casino-Club · This address does not receive replies.",
    },
}

# The legal prefix of a marketing subject line.
AD_PREFIX = {"ko": "(광고) ", "en": "[Ad] "}
