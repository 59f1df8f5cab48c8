"""Korean: follows, the following feed, referral codes, /friends and player cards."""

MESSAGES: dict[str, str] = {
    "page.friends_title": "친구 — 카지노 클럽",
    "page.player_title": "플레이어 — 카지노 클럽",
    "friends.title": "친구",
    "friends.lead": "내 추천 코드로 친구를 초대하고, 마음에 드는 플레이어를 팔로우하세요.",
    "friends.code_title": "내 추천 코드",
    "friends.code_help": (
        "친구가 가입할 때 이 코드를 초대 코드 칸에 넣으면 됩니다. 코드 하나로 최대 {max_signups}명까지 가입할 수 있어요."
    ),
    "friends.reward_rule": (
        "추천으로 가입한 친구가 레벨 {level}에 도달하면 {gold} 골드를 받아요. 보상은 친구 한 명당 한 번, "
        "한 달(한국 시간 기준)에 최대 {cap}번입니다. 친구는 일반 가입 혜택만 받으며 골드는 주고받을 수 없습니다."
    ),
    "friends.copy_code": "코드 복사",
    "friends.copy_link": "링크 복사",
    "friends.share": "공유하기",
    "friends.copied": "복사했어요.",
    "friends.shared": "공유했어요.",
    "friends.copy_failed": "복사하지 못했어요. 코드를 직접 선택해 복사해 주세요.",
    "friends.invited": "가입한 친구",
    "friends.rewarded": "보상 받은 추천",
    "friends.this_month": "이번 달 보상",
    "friends.followers": "팔로워",
    "friends.following_count": "팔로잉",
    "friends.following_title": "팔로우 중인 플레이어",
    "friends.unfollow": "언팔로우",
    "friends.previous": "이전",
    "friends.next": "다음",
    "friends.signup_hint": "친구에게 받은 추천 코드도 초대 코드로 쓸 수 있어요.",
    "friends.share_title": "카지노 클럽 초대",
    "friends.share_text": "카지노 클럽에 함께해요! 초대 코드: {code}",
    "player.follow": "팔로우",
    "player.unfollow": "팔로우 취소",
    "player.followers": "팔로워",
    "player.following": "팔로잉",
    "player.level": "레벨",
    "player.joined": "가입일",
    "player.not_found": "찾을 수 없는 플레이어입니다.",
    "player.is_you": "내 프로필이에요.",
    "player.to_friends": "친구 페이지로",
    "feed.view_all": "전체",
    "feed.view_following": "팔로잉",
    "feed.view_label": "피드 보기",
    "notify.referral_rewarded": "추천한 {nickname}님이 레벨 {level}에 도달해 추천 보상 {amount} 골드를 받았어요!",
    "error.FOLLOW_SELF": "자기 자신은 팔로우할 수 없어요.",
    "error.FOLLOW_LIMIT": "최대 {limit}명까지 팔로우할 수 있어요.",
}
