using VpnBot.Host.Bots.Admin.Alerts;
using VpnBot.Host.Bots.Admin.Analytics;
using VpnBot.Host.Bots.Admin.Audit;
using VpnBot.Host.Bots.Admin.Broadcast;
using VpnBot.Host.Bots.Admin.Catalog;
using VpnBot.Host.Bots.Admin.Dashboard;
using VpnBot.Host.Bots.Admin.Promotions;
using VpnBot.Host.Bots.Admin.Referrals;
using VpnBot.Host.Bots.Admin.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Routing;
using VpnBot.Host.Telegram.Texts;

namespace VpnBot.Host.Bots.Admin;

/// <summary>The operators' bot: every command, button and step it answers is listed here. Only admins get past its middleware.</summary>
public sealed class AdminBotModule(BotTexts texts) : BotModule
{
    /// <summary>The admin bot's own texts, searched in this order before the shared ones.</summary>
    public static BotTextResources Texts { get; } =
        new(BotKind.Admin, ["Bots.Admin.AdminTexts", "Bots.Admin.Alerts.AlertTexts", "Bots.Admin.Alerts.BackupTexts", "Bots.Admin.Analytics.AnalyticsTexts",
            "Bots.Admin.Referrals.ReferralAdminTexts"]);

    public override BotKind Bot => BotKind.Admin;

    public override IReadOnlyList<Type> Middleware { get; } = [typeof(UserMiddleware), typeof(AdminOnlyMiddleware)];

    public override void MapRoutes(RouteTable routes) => routes
        .Command("/start", typeof(DashboardHandler))
        .Command("/stats", typeof(DashboardHandler))
        .Command("/user", typeof(UserSearchHandler))
        .Command("/servers", typeof(ServersHandler))
        .Command("/plans", typeof(PlansHandler))
        .Command("/promo", typeof(PromoAdminHandler))
        .Command("/audit", typeof(AuditHandler))
        .Command("/broadcast", typeof(BroadcastHandler))
        .Command("/reviews", typeof(ReviewsHandler))
        .Command("/analytics", typeof(AnalyticsHandler))
        .Command("/referrals", typeof(ReferralsAdminHandler))
        .Command("/cancel", typeof(DashboardHandler))
        .Callback(AdminCallbacks.Dashboard, typeof(DashboardHandler))
        .Callback(AdminCallbacks.User, typeof(UserSearchHandler))
        .Callback(AdminCallbacks.Ban, typeof(BanHandler))
        .Callback(AdminCallbacks.Unban, typeof(BanHandler))
        .Callback(AdminCallbacks.Extend, typeof(ExtendHandler))
        .Callback(AdminCallbacks.FeedLink, typeof(FeedLinkAdminHandler))
        .Callback(AdminCallbacks.Servers, typeof(ServersHandler))
        .Callback(AdminCallbacks.Plans, typeof(PlansHandler))
        .Callback(PromoAdminScreens.Prefix, typeof(PromoAdminHandler))
        .Callback(AdminCallbacks.Audit, typeof(AuditHandler))
        .Callback(AdminCallbacks.Broadcast, typeof(BroadcastHandler))
        .Callback(AlertScreens.ReviewPrefix, typeof(ReviewDecisionHandler))
        .Callback(AnalyticsScreen.Prefix, typeof(AnalyticsHandler))
        .Callback(ReferralsAdminScreen.Prefix, typeof(ReferralsAdminHandler))
        .Callback(AlertScreens.RetryTaskPrefix, typeof(RetryTaskHandler))
        .Callback(StarsReceiptScreens.Prefix, typeof(StarsReceiptHandler))
        .State(AdminCallbacks.UserQueryStep, typeof(UserSearchHandler))
        .State(AdminCallbacks.BroadcastStep, typeof(BroadcastTextHandler))
        .StaleCallback(typeof(AdminStaleButtonHandler))
        .Fallback(typeof(DashboardHandler));

    public override string ApologyText(UpdateContext context) => texts.Get(context, "Apology");
}
