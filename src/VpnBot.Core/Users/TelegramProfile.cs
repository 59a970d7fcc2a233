namespace VpnBot.Core.Users;

/// <summary>What Telegram tells us about a user on every update.</summary>
public readonly record struct TelegramProfile(long TelegramId, string? Username, string? FirstName, string? LastName, string? LanguageCode);
