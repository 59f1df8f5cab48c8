"""Games on the provably fair engine: slot and gacha, their odds tables, rounds and stats."""
