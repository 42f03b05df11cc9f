"""Running the bot for a long time unattended: one instance per database, health, systemd, backup,
the China calendar's freshness. Nothing here imports Telegram except `conflict` (lazily)."""
