"""Crash: one shared round for every player, provably fair by a published hash chain."""
