using Telegram.Bot;
using VpnBot.Core.Payments;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Alerts;

/// <summary>/reviews: every payment still waiting for a decision, each with its buttons (the alerts may be long gone).</summary>
public sealed class ReviewsHandler(PaymentReviews reviews, BotTexts texts) : IUpdateHandler
{
    private const int MaxShown = 10;

    public async Task HandleAsync(UpdateContext context)
    {
        var chatId = context.RequireChatId();
        var waiting = await reviews.WaitingAsync(MaxShown, context.Ct);
        if (waiting.Count == 0)
        {
            await context.Client.SendMessage(chatId, texts.Get(context, "ReviewsEmpty"), cancellationToken: context.Ct);
            return;
        }
        foreach (var payment in waiting)
        {
            var screen = AlertScreens.Review(texts, context.Culture, payment);
            await context.Client.SendMessage(chatId, screen.Text, parseMode: screen.ParseMode, replyMarkup: screen.Keyboard, cancellationToken: context.Ct);
        }
    }
}
