using Telegram.Bot.Types;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>Who and where an update is about, whatever its kind.</summary>
public static class UpdateFacts
{
    public static global::Telegram.Bot.Types.User? From(Update u) =>
        u.Message?.From ?? u.CallbackQuery?.From ?? u.EditedMessage?.From ?? u.PreCheckoutQuery?.From
        ?? u.MyChatMember?.From ?? u.InlineQuery?.From ?? u.ChannelPost?.From;

    // Fields Telegram always sends can still be missing from a hostile or broken update: every hop is null-safe.

    public static long? ChatId(Update u) =>
        u.Message?.Chat?.Id ?? u.CallbackQuery?.Message?.Chat?.Id ?? u.EditedMessage?.Chat?.Id
        ?? u.MyChatMember?.Chat?.Id ?? u.ChannelPost?.Chat?.Id ?? u.PreCheckoutQuery?.From?.Id
        ?? MessagelessCallbackChat(u);

    /// <summary>
    /// A button pressed under an inline-mode message, or under a message too old for Telegram to include,
    /// comes without the message: the answer then goes to the presser's private chat with the bot (whose
    /// id is the user's id), instead of the screen renderer throwing before the button is answered.
    /// </summary>
    public static bool IsMessagelessCallback(Update u) => u.CallbackQuery is { Message: null };

    private static long? MessagelessCallbackChat(Update u) => IsMessagelessCallback(u) ? u.CallbackQuery!.From?.Id : null;

    /// <summary>Updates with the same key are handled in arrival order.</summary>
    public static long OrderingKey(Update u) => ChatId(u) ?? From(u)?.Id ?? u.Id;
}
