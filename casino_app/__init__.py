"""Casino-Club F2P: a Korean-first social casino built on Reflex."""
