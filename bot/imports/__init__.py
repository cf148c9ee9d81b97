"""Platform exports (DiscordChatExporter JSON, Telegram Desktop `result.json`) read as the
event stream, streaming: a file of any size is converted in bounded memory."""
