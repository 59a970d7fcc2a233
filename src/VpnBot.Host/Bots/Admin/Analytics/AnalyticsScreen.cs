using System.Globalization;
using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Analytics;

/// <summary>The analytics screen: funnel, money, subscriptions, keys and servers for the last 7 or 30 days.</summary>
public static class AnalyticsScreen
{
    /// <summary>"ana" the last 7 days; "ana:{days}" another period (7 or 30).</summary>
    public const string Prefix = "ana";
    public static readonly int[] Periods = [7, 30];

    public static Screen Build(BotTexts texts, UpdateContext context, BusinessReport r)
    {
        string T(string key, params object?[] args) => texts.Get(context, key, args);
        var text = new StringBuilder(T("AnalyticsTitle", r.Days)).Append("\n\n");
        text.AppendLine(T("AnalyticsNewUsers", r.NewUsers));
        text.AppendLine(T("AnalyticsFunnel", r.Started, r.ViewedPlans, r.StartedPayment, r.Paid));
        text.AppendLine(T("AnalyticsConversion", r.Started == 0 ? "—" : ((double)r.Paid / r.Started).ToString("0.#%", CultureInfo.InvariantCulture)));
        text.AppendLine(T("AnalyticsTrials", r.TrialsStarted));
        text.AppendLine(r.Revenue.Count == 0
            ? T("AnalyticsNoRevenue")
            : T("AnalyticsRevenue", string.Join(", ", r.Revenue.Select(m => $"{AdminFormat.Money(m.Amount, m.Currency)} ({m.Payments})"))));
        if (r.TopPlans.Count > 0)
            text.AppendLine(T("AnalyticsTopPlans", string.Join(", ", r.TopPlans.Select(p => $"{AdminFormat.Html(p.Plan)} — {p.Payments}"))));
        text.AppendLine(T("AnalyticsSubscriptions", r.ActiveNow, r.ExpiringWithinWeek, r.LapsedInPeriod));
        text.AppendLine(r.KeysByProtocol.Count == 0
            ? T("AnalyticsNoKeys")
            : T("AnalyticsKeys", string.Join(" · ", r.KeysByProtocol.OrderByDescending(k => k.Value).Select(k => $"{Protocol(k.Key)} {k.Value}"))));
        text.Append('\n').AppendLine(r.Servers.Count == 0 ? T("AnalyticsNoServers") : T("AnalyticsServers"));
        foreach (var s in r.Servers)
        {
            var stats = s.OnlineNow is { } online ? T("AnalyticsServerStats", online, (s.TrafficGb ?? 0).ToString("0.#", CultureInfo.InvariantCulture)) : "";
            text.AppendLine(T("AnalyticsServer", AdminFormat.Html(s.Name), s.CurrentUsers, s.MaxUsers > 0 ? s.MaxUsers.ToString(CultureInfo.InvariantCulture) : "∞",
                (s.Enabled ? "" : T("AnalyticsServerOff")) + stats));
        }
        InlineKeyboardButton[] periods = [.. Periods.Select(d => AdminFormat.Button(
            (d == r.Days ? "• " : "") + T("AnalyticsPeriod", d), CallbackData.Build(Prefix, CallbackData.Num(d))))];
        return new Screen(text.ToString().TrimEnd(), new InlineKeyboardMarkup([periods, [AdminFormat.DashboardButton(texts, context)]]));
    }

    private static string Protocol(VpnProtocol protocol) => protocol switch
    {
        VpnProtocol.Vless => "VLESS",
        VpnProtocol.WireGuard => "WireGuard",
        VpnProtocol.OpenVpn => "OpenVPN",
        _ => protocol.ToString(),
    };
}
