"""Archives: a channel's history as a DiscordChatExporter-shaped JSON file and an HTML page."""
