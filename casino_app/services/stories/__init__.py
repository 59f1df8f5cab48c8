"""Character stories: an age-gated gallery of short stories in three stages (teaser, half, whole).

``catalog`` holds the stories and the deterministic requirements that open stages 2 and 3 (a level, a battle
pass tier in the current season, an achievement, or holding a content pack bought in the shop; never a random
draw), ``unlocks`` the gallery a player sees and unlocking a stage, ``demo`` the story pack in the demo shop.
Nothing here moves gold or touches a game's odds.
"""
