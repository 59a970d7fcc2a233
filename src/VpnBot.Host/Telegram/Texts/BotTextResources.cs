namespace VpnBot.Host.Telegram.Texts;

/// <summary>
/// One bot's own resource files, declared by the bot's registration: manifest names relative to the assembly
/// (a .resx at Bots/Client/ClientTexts.resx is "Bots.Client.ClientTexts"), searched in order before the shared
/// Telegram/Texts/CommonTexts.
/// </summary>
public sealed record BotTextResources(BotKind Bot, IReadOnlyList<string> BaseNames);
