using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Handlers;

/// <summary>The operator's first screen: users, subscriptions and money at a glance.</summary>
public sealed class DashboardHandler(AppDbContext db, TimeProvider time, BotTexts texts) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var now = time.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        var monthAgo = now.AddDays(-30);
        var users = await db.Users.CountAsync(context.Ct);
        var newToday = await db.Users.CountAsync(u => u.CreatedAt >= dayAgo, context.Ct);
        var active = await db.Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Active && s.ExpiresAt > now, context.Ct);
        var revenue = await db.Payments
            .Where(p => p.Status == PaymentStatus.Completed && p.PaidAt >= monthAgo)
            .GroupBy(p => p.Currency)
            .Select(g => new { Currency = g.Key, Sum = g.Sum(p => p.Amount) })
            .ToListAsync(context.Ct);
        var money = revenue.Count == 0 ? "0" : string.Join(", ", revenue.Select(r => $"{r.Sum:0.##} {r.Currency}"));
        var text = texts.Get(context, "Dashboard", users, newToday, active, money);
        var refresh = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(texts.Get(context, "Refresh"), "dash"));

        if (context.Callback is { } callback && callback.Message is { } shown)
        {
            await context.Client.AnswerCallbackQuery(callback.Id, cancellationToken: context.Ct);
            context.CallbackAnswered = true;
            await context.Client.EditMessageText(shown.Chat.Id, shown.MessageId, text, parseMode: ParseMode.Html,
                replyMarkup: refresh, cancellationToken: context.Ct);
            return;
        }
        await context.Client.SendMessage(context.RequireChatId(), text, parseMode: ParseMode.Html, replyMarkup: refresh,
            cancellationToken: context.Ct);
    }
}
