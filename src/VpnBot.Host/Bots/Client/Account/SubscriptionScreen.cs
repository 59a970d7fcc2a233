using System.Globalization;
using System.Net;
using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Account;

/// <summary>My subscription: status, plan, location, expiry and days left, traffic, devices, auto-renewal.</summary>
public static class SubscriptionScreen
{
    public static Screen None(BotTexts texts, UpdateContext context) =>
        new(texts.Get(context, "SubNone"), new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "MenuBuy"), ClientCallbacks.Buy)],
            NavButtons.Row(texts, context),
        ]));

    public static Screen Build(BotTexts texts, UpdateContext context, Subscription s, SubscriptionPlan? plan, Server? server, DateTimeOffset now)
    {
        var text = new StringBuilder(texts.Get(context, "SubTitle"));
        text.Append("\n\n").Append(texts.Get(context, "SubStatus", texts.Get(context, "SubStatus." + s.Status)));
        text.Append('\n').Append(texts.Get(context, "SubPlan", WebUtility.HtmlEncode(s.IsTrial ? texts.Get(context, "SubTrialPlan") : plan?.Name ?? "—")));
        if (server is not null)
            text.Append('\n').Append(texts.Get(context, "SubServer", CountryFlag.Emoji(server.CountryCode), WebUtility.HtmlEncode(server.Location)));
        if (s.ExpiresAt is { } until)
        {
            var daysLeft = Math.Max(0, (int)Math.Ceiling((until - now).TotalDays));
            text.Append('\n').Append(texts.Get(context, "SubExpires", DisplayFormat.Date(texts, context, until), daysLeft));
        }
        var used = s.TrafficUsedGb.ToString("0.##", context.Culture);
        text.Append('\n').Append(s.TrafficLimitGb is { } limit
            ? texts.Get(context, "SubTraffic", used, limit.ToString(CultureInfo.InvariantCulture))
            : texts.Get(context, "SubTrafficUnlimited", used));
        if (s.TrafficExhaustedAt is not null) text.Append('\n').Append(texts.Get(context, "SubTrafficExhausted"));
        text.Append('\n').Append(texts.Get(context, "SubDevices", s.DeviceLimit));
        text.Append('\n').Append(texts.Get(context, s.AutoRenewal ? "SubAutoOn" : "SubAutoOff"));

        var toggle = CallbackData.Build(ClientCallbacks.Subscription, "ar", CallbackData.Num(s.Id), s.AutoRenewal ? "0" : "1");
        return new Screen(text.ToString(), new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "SubRenew"), ClientCallbacks.Buy), NavButtons.Button(texts.Get(context, "MenuConfig"), ClientCallbacks.Config)],
            [NavButtons.Button(texts.Get(context, s.AutoRenewal ? "SubAutoTurnOff" : "SubAutoTurnOn"), toggle)],
            NavButtons.Row(texts, context),
        ]));
    }
}
