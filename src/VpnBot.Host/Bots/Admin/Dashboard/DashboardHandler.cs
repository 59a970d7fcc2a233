using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Analytics;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Admin.Dashboard;

/// <summary>The operator's first screen: users, subscriptions and money at a glance, and the way to every tool.</summary>
public sealed class DashboardHandler(
    AdminDashboard dashboard, BotTexts texts, ScreenRenderer screens, IConversationStore conversations) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        // A command or stray text leaves any half-finished question (a user id, a broadcast text).
        if (context.Message is not null) await conversations.ClearAsync(context.Bot, context.RequireChatId(), context.Ct);
        var snapshot = await dashboard.NowAsync(context.Ct);
        var revenue = snapshot.RevenueLast30Days;
        var money = revenue.Count == 0 ? "0" : string.Join(", ", revenue.Select(r => AdminFormat.Money(r.Amount, r.Currency)));
        var text = texts.Get(context, "Dashboard", snapshot.Users, snapshot.NewToday, snapshot.ActiveSubscriptions, money);
        // What needs a person, shown only when there is something: the alerts may have been missed.
        if (snapshot.PaymentsInReview > 0 || snapshot.StuckBackendTasks > 0)
            text += "\n\n" + texts.Get(context, "DashboardAttention", snapshot.PaymentsInReview, snapshot.StuckBackendTasks);
        await screens.ShowAsync(context, new Screen(text, Keyboard(context)));
    }

    private InlineKeyboardMarkup Keyboard(UpdateContext context) => new(
    [
        [AdminFormat.Button(texts.Get(context, "MenuUsers"), AdminCallbacks.User), AdminFormat.Button(texts.Get(context, "MenuAudit"), AdminCallbacks.Audit)],
        [AdminFormat.Button(texts.Get(context, "MenuServers"), AdminCallbacks.Servers), AdminFormat.Button(texts.Get(context, "MenuPlans"), AdminCallbacks.Plans)],
        [AdminFormat.Button(texts.Get(context, "MenuAnalytics"), Analytics.AnalyticsScreen.Prefix), AdminFormat.Button(texts.Get(context, "MenuBroadcast"), AdminCallbacks.Broadcast)],
        [AdminFormat.Button(texts.Get(context, "MenuReferrals"), Referrals.ReferralsAdminScreen.Prefix)],
        [AdminFormat.Button(texts.Get(context, "Refresh"), AdminCallbacks.Dashboard)],
    ]);
}
