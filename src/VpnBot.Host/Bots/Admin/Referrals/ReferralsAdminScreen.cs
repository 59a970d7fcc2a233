using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Referrals;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Referrals;

public static class ReferralsAdminScreen
{
    public const string Prefix = "refs";

    public static Screen Build(BotTexts texts, UpdateContext context, bool on, bool configured, IReadOnlyList<TopReferrer> top)
    {
        var text = new StringBuilder(texts.Get(context, "ReferralsTitle", texts.Get(context, on ? "ReferralsStateOn" : "ReferralsStateOff")));
        if (!configured) text.Append('\n').Append(texts.Get(context, "ReferralsConfiguredOff"));
        text.Append("\n\n");
        if (top.Count == 0) text.Append(texts.Get(context, "ReferralsNone"));
        foreach (var r in top)
        {
            var who = r.Username is { } u ? "@" + u : r.FirstName ?? r.TelegramId.ToString(context.Culture);
            text.Append(texts.Get(context, "ReferralsLine", AdminFormat.Html(who), r.TelegramId, r.Invited, r.Paid, AdminFormat.Money(r.EarnedRub, "RUB"), r.EarnedDays));
            if (r.Shortfall > 0) text.Append(' ').Append(texts.Get(context, "ReferralsShortfall", AdminFormat.Money(r.Shortfall, "RUB")));
            text.Append('\n');
        }
        var toggle = on
            ? AdminFormat.Button(texts.Get(context, "ReferralsTurnOff"), CallbackData.Build(Prefix, AdminCallbacks.Off))
            : AdminFormat.Button(texts.Get(context, "ReferralsTurnOn"), CallbackData.Build(Prefix, AdminCallbacks.On));
        return new Screen(text.ToString().TrimEnd(), new InlineKeyboardMarkup(
        [
            [toggle],
            [AdminFormat.Button(texts.Get(context, "Refresh"), Prefix), AdminFormat.DashboardButton(texts, context)],
        ]));
    }
}
