using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Users;

/// <summary>"+7 / +30 days" on a user's card: "ask" confirms, "yes" extends through SubscriptionService (the panel follows).</summary>
public sealed class ExtendHandler(SubscriptionService subscriptions, UserAdministration users, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        if (ExtendArgs.Parse(CallbackData.Parse(context.CallbackData)) is not { } args)
        {
            await screens.AnswerAsync(context, texts.Get(context, "AdminStale"), alert: true);
            return;
        }
        var owner = await users.OwnerOfSubscriptionAsync(args.SubscriptionId, context.Ct);
        if (args.Confirmed)
        {
            var result = await subscriptions.ExtendByAdminAsync(context.RequireUser().TelegramId, args.SubscriptionId, args.Days, args.ShownExpiry, context.Ct);
            var toast = result.Status switch
            {
                AdminExtensionStatus.Extended => texts.Get(context, "Extended", args.Days, AdminFormat.Time(result.ExpiresAt!.Value)),
                AdminExtensionStatus.Stale => texts.Get(context, "ExtendStale"),
                AdminExtensionStatus.NotFound => texts.Get(context, "NoLongerExists"),
                _ => texts.Get(context, "AdminStale"),
            };
            await screens.AnswerAsync(context, toast, alert: result.Status != AdminExtensionStatus.Extended);
            if (owner is { } id && await users.CardAsync(id, context.Ct) is { } card) await screens.ShowAsync(context, UserScreens.Card(texts, context, card));
            return;
        }
        if (owner is null)
        {
            await screens.AnswerAsync(context, texts.Get(context, "NoLongerExists"), alert: true);
            return;
        }
        await screens.ShowAsync(context, UserScreens.ConfirmExtend(texts, context, owner.Value, args));
    }
}

/// <summary>The arguments of an "ext" button; null for anything malformed (buttons are user-controlled input).</summary>
public sealed record ExtendArgs(bool Confirmed, long SubscriptionId, int Days, DateTimeOffset? ShownExpiry)
{
    public static ExtendArgs? Parse(CallbackData data)
    {
        var confirmed = data.Arg(0) == AdminCallbacks.Yes;
        if (!confirmed && data.Arg(0) != AdminCallbacks.Ask) return null;
        if (data.LongArg(1) is not { } id || data.LongArg(2) is not { } days || days is < 1 or > SubscriptionService.MaxAdminExtensionDays
            || data.LongArg(3) is not { } expiry) return null;
        return new ExtendArgs(confirmed, id, (int)days, expiry == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(expiry));
    }

    public string Data(bool confirmed) => CallbackData.Build(AdminCallbacks.Extend, confirmed ? AdminCallbacks.Yes : AdminCallbacks.Ask,
        CallbackData.Num(SubscriptionId), CallbackData.Num(Days), CallbackData.Num(ShownExpiry?.ToUnixTimeSeconds() ?? 0));

}
