"""Provably fair randomness: commit–reveal server seeds, client seeds, nonces, and the float mapping."""
