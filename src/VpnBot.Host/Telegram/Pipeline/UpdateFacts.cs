using Telegram.Bot.Types;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>Who and where an update is about, whatever its kind.</summary>
public static class UpdateFacts
{
    public static global::Telegram.Bot.Types.User? From(Update u) =>
        u.Message?.From ?? u.CallbackQuery?.From ?? u.EditedMessage?.From ?? u.PreCheckoutQuery?.From
        ?? u.MyChatMember?.From ?? u.InlineQuery?.From ?? u.ChannelPost?.From;

    public static long? ChatId(Update u) =>
        u.Message?.Chat.Id ?? u.CallbackQuery?.Message?.Chat.Id ?? u.EditedMessage?.Chat.Id
        ?? u.MyChatMember?.Chat.Id ?? u.ChannelPost?.Chat.Id ?? u.PreCheckoutQuery?.From.Id;

    /// <summary>Updates with the same key are handled in arrival order.</summary>
    public static long OrderingKey(Update u) => ChatId(u) ?? From(u)?.Id ?? u.Id;
}
