using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Admin.Broadcast;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Admin.Broadcast;

/// <summary>
/// "/broadcast" and "bc" ask for the text; "bc:go" sends the previewed text (queued, sent in the background);
/// "bc:x" drops it. The text itself arrives in <see cref="BroadcastTextHandler"/>.
/// </summary>
public sealed class BroadcastHandler(
    BroadcastService broadcasts, BroadcastQueue queue, IConversationStore conversations, BotClients bots, BotTexts texts, ScreenRenderer screens,
    ILogger<BroadcastHandler> log) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var chatId = context.RequireChatId();
        if (!bots.IsEnabled(BotKind.Client))
        {
            // Customers are reached through the client bot only; without its token a broadcast would reach nobody.
            await conversations.ClearAsync(context.Bot, chatId, context.Ct);
            await screens.ShowAsync(context, new Screen(texts.Get(context, "BroadcastNoClientBot"), new InlineKeyboardMarkup(AdminFormat.DashboardButton(texts, context))));
            return;
        }
        switch (CallbackData.Parse(context.CallbackData).Arg(0))
        {
            case AdminCallbacks.Go:
                await SendAsync(context, chatId);
                break;
            case AdminCallbacks.Cancel:
                await conversations.ClearAsync(context.Bot, chatId, context.Ct);
                await screens.ShowAsync(context, new Screen(texts.Get(context, "BroadcastCancelled"),
                    new InlineKeyboardMarkup(AdminFormat.DashboardButton(texts, context))));
                break;
            default:
                await conversations.SetAsync(context.Bot, chatId, new ConversationState(AdminCallbacks.BroadcastTextStep, new Dictionary<string, string>()), context.Ct);
                await screens.ShowAsync(context, BroadcastScreens.Ask(texts, context));
                break;
        }
    }

    private async Task SendAsync(UpdateContext context, long chatId)
    {
        // Updates of one chat run in order, so a double tap finds the state already cleared by the first.
        var state = await conversations.GetAsync(context.Bot, chatId, context.Ct);
        if (state is not { Step: AdminCallbacks.BroadcastConfirmStep } || state["text"] is not { } text || BroadcastService.Check(text) is not null)
        {
            await screens.AnswerAsync(context, texts.Get(context, "BroadcastNothingToSend"), alert: true);
            return;
        }
        await conversations.ClearAsync(context.Bot, chatId, context.Ct);
        var admin = context.RequireUser();
        var id = await broadcasts.StartAsync(admin.TelegramId, chatId, context.Culture.Name, text, context.Ct);
        await queue.EnqueueAsync(id, context.Ct);
        await screens.AnswerAsync(context, texts.Get(context, "BroadcastQueuedToast"));
        await RemoveButtonsAsync(context, chatId);
        await context.Client.SendMessage(chatId, texts.Get(context, "BroadcastQueued"), cancellationToken: context.Ct);
    }

    /// <summary>The preview stays as a record of what was sent; only its Send/Cancel buttons go.</summary>
    private async Task RemoveButtonsAsync(UpdateContext context, long chatId)
    {
        if (context.Callback?.Message is not { } preview) return;
        try
        {
            await context.Client.EditMessageReplyMarkup(chatId, preview.MessageId, replyMarkup: null, cancellationToken: context.Ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            log.LogDebug("Broadcast preview {MessageId} kept its buttons: {Reason}", preview.MessageId, e.Message);
        }
    }
}
