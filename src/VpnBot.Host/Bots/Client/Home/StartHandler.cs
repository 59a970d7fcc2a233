using System.Net;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using VpnBot.Core.Analytics;
using VpnBot.Host.Bots.Client.Gifts;
using VpnBot.Host.Bots.Client.Referrals;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Home;

/// <summary>/start: the user is already registered by the middleware; greet and show the menu.</summary>
public sealed class StartHandler(
    BotTexts texts, IConversationStore conversations, ActivityLog activity, PromoDeepLink promoLink, ReferralStartLink referralLink, GiftStartLink giftLink)
    : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var chatId = context.RequireChatId();
        // Queued, not awaited: written with other rows in one batched statement.
        if (context.User is { } user && context.Command == "/start") activity.Record(user.Id, ActivityActions.Start, context.CommandArgument);
        // /start always leads home, abandoning any half-finished conversation.
        await conversations.ClearAsync(context.Bot, chatId, context.Ct);
        var name = WebUtility.HtmlEncode(context.From?.FirstName ?? "");
        // A deep link's answer (invitation bonus, gift activated) goes under the greeting.
        var note = context.Command == "/start" ? await referralLink.TryHandleAsync(context) ?? await giftLink.TryHandleAsync(context) : null;
        await context.Client.SendMessage(
            chatId,
            texts.Get(context, "Start", name, texts.Get(context, "ProductName")) + (note is null ? "" : "\n\n" + note),
            parseMode: ParseMode.Html,
            replyMarkup: MainMenuKeyboard.Build(texts, context),
            cancellationToken: context.Ct);
        await promoLink.HandleAsync(context);
    }
}
