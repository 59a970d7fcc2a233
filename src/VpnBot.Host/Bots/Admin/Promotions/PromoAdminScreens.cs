using System.Globalization;
using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Promotions;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using static VpnBot.Host.Bots.Admin.AdminFormat;

namespace VpnBot.Host.Bots.Admin.Promotions;

/// <summary>The promo code list (paged, with usage and a switch-off button per active code) and its confirmation.</summary>
public static class PromoAdminScreens
{
    public const string Prefix = "prm";
    public const int PageSize = 10;

    public static Screen List(BotTexts texts, UpdateContext context, PromoPage page)
    {
        var text = new StringBuilder(texts.Get(context, "PromoListTitle"));
        var rows = new List<InlineKeyboardButton[]>();
        if (page.Items.Count == 0) text.Append("\n\n").Append(texts.Get(context, "PromoListNone"));
        foreach (var (code, used, reserved) in page.Items)
        {
            text.Append("\n\n").Append(Line(texts, context, code, used, reserved));
            if (code.IsActive)
                rows.Add([Button(texts.Get(context, "PromoDisableButton", code.Code), CallbackData.Build(Prefix, "off", CallbackData.Num(code.Id), CallbackData.Num(page.Page)))]);
        }
        var nav = new List<InlineKeyboardButton>();
        if (page.Page > 0) nav.Add(Button("◀️", CallbackData.Build(Prefix, "p", page.Page - 1)));
        if (page.HasMore) nav.Add(Button("▶️", CallbackData.Build(Prefix, "p", page.Page + 1)));
        if (nav.Count > 0) rows.Add([.. nav]);
        rows.Add([DashboardButton(texts, context)]);
        text.Append("\n\n").Append(texts.Get(context, "PromoListHint", Html(PromoCommandLine.Syntax)));
        return new Screen(text.ToString(), new InlineKeyboardMarkup(rows));
    }

    public static Screen ConfirmDisable(BotTexts texts, UpdateContext context, PromoCode code, int page) => new(
        texts.Get(context, "PromoDisableAsk", Html(code.Code)),
        new InlineKeyboardMarkup(
        [
            [
                Button(texts.Get(context, "PromoDisableYes"), CallbackData.Build(Prefix, "off", CallbackData.Num(code.Id), CallbackData.Num(page), "y")),
                Button(texts.Get(context, "PromoDisableNo"), CallbackData.Build(Prefix, "p", page)),
            ],
        ]));

    public static string Line(BotTexts texts, UpdateContext context, PromoCode code, int used, int reserved)
    {
        var limits = new List<string> { $"{PromoDraft.KindName(code.Kind)} {code.Value.ToString("0.##", CultureInfo.InvariantCulture)}" };
        limits.Add(texts.Get(context, "PromoUses", used, code.MaxUses?.ToString(CultureInfo.InvariantCulture) ?? "∞", reserved));
        if (code.ValidFrom is { } from) limits.Add(texts.Get(context, "PromoFrom", Time(from)));
        if (code.ValidUntil is { } until) limits.Add(texts.Get(context, "PromoUntil", Time(until)));
        if (code.PlanIds is { Length: > 0 } plans) limits.Add(texts.Get(context, "PromoPlans", string.Join(",", plans)));
        if (code.FirstPurchaseOnly) limits.Add(texts.Get(context, "PromoFirstOnly"));
        var state = texts.Get(context, code.IsActive ? "PromoActive" : "PromoOff");
        return $"<b>{Html(code.Code)}</b> {state}\n{Html(string.Join(" · ", limits))}";
    }
}
