"""Korean (the default) messages: win celebrations, calm result lines and the background-music toggle."""

MESSAGES: dict[str, str] = {
    "celebrate.tier.win": "승리",
    "celebrate.tier.big": "빅 윈",
    "celebrate.tier.mega": "메가 윈",
    "celebrate.tier.reward": "보상 획득",
    "result.loss": "꽝 — 매 판의 확률은 똑같아요.",
    "result.returned": "돌려받음",
    "crash.me.returned": "캐시아웃 — 베팅 금액만 돌려받았어요",
    "header.music": "배경 음악",
    "header.music_state_on": "배경 음악 켜짐",
    "header.music_state_off": "배경 음악 꺼짐",
    "header.music_needs_sound": "배경 음악 켜짐 — 소리가 꺼져 있어 들리지 않아요",
}
