using Telegram.Bot;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Admin.Broadcast;

/// <summary>
/// The broadcast text, in the admin.broadcast step: checked, kept in the conversation state and shown back
/// exactly as customers will get it, with the audience count and Send / Cancel. A new text replaces it.
/// </summary>
public sealed class BroadcastTextHandler(BroadcastService broadcasts, IConversationStore conversations, BotTexts texts) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var chatId = context.RequireChatId();
        var text = context.Text;
        if (BroadcastService.Check(text) is { } error)
        {
            var refusal = error switch
            {
                BroadcastTextError.TooLong => texts.Get(context, "BroadcastTooLong", text!.Length, BroadcastService.MaxTextLength),
                BroadcastTextError.LooksLikeCommand => texts.Get(context, "BroadcastLooksLikeCommand"),
                _ => texts.Get(context, "BroadcastTextOnly"),
            };
            await context.Client.SendMessage(chatId, refusal, replyMarkup: BroadcastScreens.CancelOnly(texts, context), cancellationToken: context.Ct);
            return;
        }
        await conversations.SetAsync(context.Bot, chatId,
            new ConversationState(AdminCallbacks.BroadcastConfirmStep, new Dictionary<string, string> { ["text"] = text! }), context.Ct);
        var audience = await broadcasts.AudienceCountAsync(context.Ct);
        await context.Client.SendMessage(chatId, texts.Get(context, "BroadcastPreview", audience), cancellationToken: context.Ct);
        // Plain text, no parse mode: customers get exactly the characters the admin typed.
        await context.Client.SendMessage(chatId, text!, replyMarkup: BroadcastScreens.Confirm(texts, context), cancellationToken: context.Ct);
    }
}
