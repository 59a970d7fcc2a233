using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram.State;

/// <summary>Which step of a conversation a chat is in; survives restarts, expires on its own.</summary>
public interface IConversationStore
{
    ValueTask<ConversationState?> GetAsync(BotKind bot, long chatId, CancellationToken ct);

    Task SetAsync(BotKind bot, long chatId, ConversationState state, CancellationToken ct);

    Task ClearAsync(BotKind bot, long chatId, CancellationToken ct);
}
