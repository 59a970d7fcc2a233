using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace VpnBot.Host.Telegram.Navigation;

/// <summary>One rendered screen: an HTML text and its inline buttons.</summary>
public sealed record Screen(string Text, InlineKeyboardMarkup? Keyboard)
{
    /// <summary>Telegram's limit for a message text.</summary>
    public const int MaxTextLength = 4096;

    public ParseMode ParseMode { get; init; } = ParseMode.Html;
}
