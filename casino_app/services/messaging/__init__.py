"""Player messaging: categories, delivery policy (settings, consent, quiet hours, breaks), the notification
center, operator sending and campaigns, email and web push."""
