"""Social: players following players (``follows``) and the feed of the players one follows."""
