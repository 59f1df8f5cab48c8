"""Korean (the default) messages: the slot screen's reveal, bet chips and on-screen paytable."""

MESSAGES: dict[str, str] = {
    "slot.idle_hint": "칩을 고르고 스핀을 눌러 보세요.",
    "slot.reels_label": "슬롯 릴",
    "slot.reel_spinning": "회전 중",
    "slot.reel_blank": "빈 칸",
    "slot.short": "잔액 부족",
    "slot.short_note": "잔액 부족: 보유 골드보다 큰 칩은 고를 수 없어요.",
    "slot.paytable_title": "배당표",
    "slot.paytable_at": "{bet} G 베팅 기준 · 연승 보너스 별도",
    "slot.pay_three": "3개",
    "slot.pay_two": "2개",
    "slot.rules_bonus": "세 릴은 각각 같은 확률표로 독립적으로 정해집니다. 3개 일치는 3개 배당, 어느 두 릴이든 같으면 2개 배당입니다. 직전 라운드들에서 베팅보다 많이 받은 연속 횟수마다 +{step}%(최대 +{most}%) 연승 보너스가 붙습니다. 당첨금은 골드 단위로 내림합니다.",
    "slot.rules_plain": "세 릴은 각각 같은 확률표로 독립적으로 정해집니다. 3개 일치는 3개 배당, 어느 두 릴이든 같으면 2개 배당입니다. 당첨금은 골드 단위로 내림합니다.",
}
