"""Player mail: templates (``templates``), who it is for (``audience``), the outbox (``outbox``), delivery
(``delivery``, ``smtp``). Without SMTP configured every mail stays in the outbox, readable in the console."""
