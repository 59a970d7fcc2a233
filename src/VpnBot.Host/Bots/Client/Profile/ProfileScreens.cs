using System.Net;
using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Profile;

/// <summary>Profile and settings: the overview, the language and protocol pickers, the payment history.</summary>
public static class ProfileScreens
{
    public const string Auto = "auto";

    public static Screen Overview(BotTexts texts, UpdateContext context, User user)
    {
        var protocol = user.AutoSelectProtocol || user.PreferredProtocol is null
            ? texts.Get(context, "ProfileProtocolAuto")
            : ProtocolNames.Display(texts, context, user.PreferredProtocol.Value);
        var text = texts.Get(context, "ProfileTitle", user.TelegramId, LanguageName(texts, user.UiCulture), protocol,
            texts.Get(context, user.TrialUsed ? "ProfileTrialUsed" : "ProfileTrialAvailable"), DisplayFormat.Date(texts, context, user.CreatedAt));
        return new Screen(text, new InlineKeyboardMarkup(
        [
            [
                NavButtons.Button(texts.Get(context, "ProfileBtnLanguage"), ClientCallbacks.Language),
                NavButtons.Button(texts.Get(context, "ProfileBtnProtocol"), ClientCallbacks.Protocol),
            ],
            [NavButtons.Button(texts.Get(context, "ProfileBtnPayments"), ClientCallbacks.Payments)],
            [NavButtons.Button(texts.Get(context, "ProfileBtnPromo"), ClientCallbacks.Promo)],
            [
                NavButtons.Button(texts.Get(context, "ProfileBtnInvite"), ClientCallbacks.Invite),
                NavButtons.Button(texts.Get(context, "ProfileBtnGifts"), CallbackData.Build(ClientCallbacks.Gift, "l")),
            ],
            NavButtons.Row(texts, context),
        ]));
    }

    public static Screen LanguagePicker(BotTexts texts, UpdateContext context, User user)
    {
        var buttons = LanguageCodes.Supported.Select(code => NavButtons.Button(
            Mark(user.UiCulture == code) + LanguageName(texts, code), CallbackData.Build(ClientCallbacks.Language, code)));
        return new Screen(texts.Get(context, "ProfilePickLanguage"),
            new InlineKeyboardMarkup([[.. buttons], NavButtons.Row(texts, context, ClientCallbacks.Profile)]));
    }

    public static Screen ProtocolPicker(BotTexts texts, UpdateContext context, User user)
    {
        var current = user.AutoSelectProtocol ? null : user.PreferredProtocol;
        var rows = UserPreferences.Selectable
            .Select(p => NavButtons.Button(Mark(current == p) + ProtocolNames.Display(texts, context, p),
                CallbackData.Build(ClientCallbacks.Protocol, ProtocolNames.Id(p))))
            .Append(NavButtons.Button(Mark(current is null) + texts.Get(context, "ProfileBtnAuto"), CallbackData.Build(ClientCallbacks.Protocol, Auto)))
            .Chunk(2)
            .Append(NavButtons.Row(texts, context, ClientCallbacks.Profile));
        return new Screen(texts.Get(context, "ProfilePickProtocol"), new InlineKeyboardMarkup(rows));
    }

    public static Screen Payments(BotTexts texts, UpdateContext context, IReadOnlyList<PaymentRecord> payments)
    {
        var text = new StringBuilder(texts.Get(context, "PaymentsTitle")).Append("\n\n");
        if (payments.Count == 0) text.Append(texts.Get(context, "PaymentsNone"));
        foreach (var p in payments)
            text.Append(texts.Get(context, "PaymentLine", DisplayFormat.Date(texts, context, p.PaidAt ?? p.CreatedAt),
                WebUtility.HtmlEncode(DisplayFormat.Money(p.Amount, p.Currency, context.Culture)),
                MethodName(texts, context, p.Method), texts.Get(context, "PaymentStatus" + p.Status))).Append('\n');
        return new Screen(text.ToString().TrimEnd(), new InlineKeyboardMarkup([NavButtons.Row(texts, context, ClientCallbacks.Profile)]));
    }

    // Each language is named in itself, whatever the current interface language.
    private static string LanguageName(BotTexts texts, string code) =>
        texts.Get(BotKind.Client, code == "en" ? BotTexts.En : BotTexts.Ru, "LanguageName");

    private static string MethodName(BotTexts texts, UpdateContext context, string method) =>
        texts.TryGet(context, "PayMethod_" + method) ?? WebUtility.HtmlEncode(method);

    private static string Mark(bool selected) => selected ? "✅ " : "";
}
