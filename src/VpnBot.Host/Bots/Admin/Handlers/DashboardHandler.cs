using Microsoft.EntityFrameworkCore;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Host.Bots.Admin.Screens;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Admin.Handlers;

/// <summary>The operator's first screen: users, subscriptions and money at a glance, and the way to every tool.</summary>
public sealed class DashboardHandler(
    AppDbContext db, TimeProvider time, BotTexts texts, ScreenRenderer screens, IConversationStore conversations,
    Microsoft.Extensions.Options.IOptions<Core.Vpn.BackendTaskOptions> backendTasks) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        // A command or stray text leaves any half-finished question (a user id, a broadcast text).
        if (context.Message is not null) await conversations.ClearAsync(context.Bot, context.RequireChatId(), context.Ct);
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
        var money = revenue.Count == 0 ? "0" : string.Join(", ", revenue.OrderBy(r => r.Currency, StringComparer.Ordinal).Select(r => AdminFormat.Money(r.Sum, r.Currency)));
        var text = texts.Get(context, "Dashboard", users, newToday, active, money);
        // What needs a person, shown only when there is something: the alerts may have been missed.
        var reviews = await db.Payments.CountAsync(p => p.NeedsReview, context.Ct);
        var stuck = await db.BackendTasks.CountAsync(t => t.CompletedAt == null && t.Attempts >= backendTasks.Value.AlertAfterAttempts, context.Ct);
        if (reviews > 0 || stuck > 0) text += "\n\n" + texts.Get(context, "DashboardAttention", reviews, stuck);
        await screens.ShowAsync(context, new Screen(text, Keyboard(context)));
    }

    private InlineKeyboardMarkup Keyboard(UpdateContext context) => new(
    [
        [AdminFormat.Button(texts.Get(context, "MenuUsers"), AdminCallbacks.User), AdminFormat.Button(texts.Get(context, "MenuAudit"), AdminCallbacks.Audit)],
        [AdminFormat.Button(texts.Get(context, "MenuServers"), AdminCallbacks.Servers), AdminFormat.Button(texts.Get(context, "MenuPlans"), AdminCallbacks.Plans)],
        [AdminFormat.Button(texts.Get(context, "MenuAnalytics"), Analytics.AnalyticsScreen.Prefix), AdminFormat.Button(texts.Get(context, "MenuBroadcast"), AdminCallbacks.Broadcast)],
        [AdminFormat.Button(texts.Get(context, "Refresh"), AdminCallbacks.Dashboard)],
    ]);
}
