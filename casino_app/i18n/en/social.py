"""English: follows, the following feed, referral codes, /friends and player cards."""

MESSAGES: dict[str, str] = {
    "page.friends_title": "Friends — Casino Club",
    "page.player_title": "Player — Casino Club",
    "friends.title": "Friends",
    "friends.lead": "Invite friends with your referral code and follow the players you like.",
    "friends.code_title": "My referral code",
    "friends.code_help": (
        "Friends enter this code in the invite code field when they sign up. One code admits up to "
        "{max_signups} players."
    ),
    "friends.reward_rule": (
        "When a friend who joined with your code reaches level {level}, you get {gold} gold. Once per friend, "
        "at most {cap} times a month (Korea time). Your friend gets the normal signup bonus only, and gold can "
        "never be sent between players."
    ),
    "friends.copy_code": "Copy code",
    "friends.copy_link": "Copy link",
    "friends.share": "Share",
    "friends.copied": "Copied.",
    "friends.shared": "Shared.",
    "friends.copy_failed": "Could not copy. Please select the code and copy it yourself.",
    "friends.invited": "Friends joined",
    "friends.rewarded": "Rewarded referrals",
    "friends.this_month": "Rewards this month",
    "friends.followers": "Followers",
    "friends.following_count": "Following",
    "friends.following_title": "Players you follow",
    "friends.unfollow": "Unfollow",
    "friends.previous": "Previous",
    "friends.next": "Next",
    "friends.signup_hint": "A friend's referral code works as an invite code too.",
    "friends.share_title": "Join me at Casino Club",
    "friends.share_text": "Join me at Casino Club! Invite code: {code}",
    "player.follow": "Follow",
    "player.unfollow": "Unfollow",
    "player.followers": "Followers",
    "player.following": "Following",
    "player.level": "Level",
    "player.joined": "Joined",
    "player.not_found": "This player could not be found.",
    "player.is_you": "This is your profile.",
    "player.to_friends": "Go to Friends",
    "feed.view_all": "All",
    "feed.view_following": "Following",
    "feed.view_label": "Feed view",
    "notify.referral_rewarded": "{nickname}, whom you referred, reached level {level}: you got {amount} gold!",
    "error.FOLLOW_SELF": "You cannot follow yourself.",
    "error.FOLLOW_LIMIT": "You can follow up to {limit} players.",
}
