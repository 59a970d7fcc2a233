using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram.State;

public static class ConversationStoreExtensions
{
    /// <summary>
    /// A reply-keyboard menu press leaves whatever conversation the chat was in, as /start does,
    /// so a later free text is not taken for the answer to a question the user walked away from.
    /// </summary>
    public static Task LeaveConversationOnMenuPressAsync(this IConversationStore store, UpdateContext context) =>
        context.Message is not null && context.ChatId is { } chatId ? store.ClearAsync(context.Bot, chatId, context.Ct) : Task.CompletedTask;
}
