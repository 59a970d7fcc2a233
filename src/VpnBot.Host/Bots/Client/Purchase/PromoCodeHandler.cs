using System.Globalization;
using VpnBot.Core.Promotions;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;
using VpnBot.Host.Telegram.Throttling;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>
/// "I have a promo code": promo (from the profile), promo:a:{plan}:{server} (at checkout) ask for the code, whose
/// answer is the next text (step promo.code); promo:x:{plan}:{server} removes the applied code. A purchase code is
/// remembered for the next checkout; free days and balance credit are redeemed at once. Wrong guesses are throttled.
/// </summary>
public sealed class PromoCodeHandler(
    BotTexts texts, ScreenRenderer screens, IConversationStore conversations, PromoCodes promoCodes, PromoGuessThrottle throttle,
    PlanCatalog plans, CheckoutMethods methods) : IUpdateHandler
{
    public const string Step = "promo.code";

    public async Task HandleAsync(UpdateContext context)
    {
        if (context.State?.Step == Step && context.CallbackData is null)
        {
            await TakeCodeAsync(context);
            return;
        }
        var data = CallbackData.Parse(context.CallbackData);
        var (planId, serverId) = (data.LongArg(1) ?? 0, data.LongArg(2) ?? 0);
        switch (data.Arg(0))
        {
            case "a":
                await AskAsync(context, planId, serverId);
                break;
            case "x":
                await promoCodes.ForgetAsync(context.RequireUser().Id, context.Ct);
                await ShowMethodsAsync(context, planId, serverId, texts.Get(context, "PromoRemoved"));
                break;
            default:
                await AskAsync(context, 0, 0);
                break;
        }
    }

    private async Task AskAsync(UpdateContext context, long planId, long serverId)
    {
        var data = new Dictionary<string, string>
        {
            ["plan"] = planId.ToString(CultureInfo.InvariantCulture),
            ["server"] = serverId.ToString(CultureInfo.InvariantCulture),
        };
        await conversations.SetAsync(context.Bot, context.RequireChatId(), new ConversationState(Step, data), context.Ct);
        await screens.ShowAsync(context, PromoScreens.Ask(texts, context, Back(planId, serverId)));
    }

    private async Task TakeCodeAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        var planId = long.TryParse(context.State!["plan"], CultureInfo.InvariantCulture, out var p) ? p : 0;
        var serverId = long.TryParse(context.State["server"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var back = Back(planId, serverId);
        if (await throttle.IsBlockedAsync(user.TelegramId))
        {
            await conversations.ClearAsync(context.Bot, context.RequireChatId(), context.Ct);
            await screens.ShowAsync(context, PromoScreens.Result(PromoScreens.Refusal(texts, context, PromoVerdict.TooManyAttempts), texts, context, back));
            return;
        }
        var entry = await promoCodes.EnterAsync(user.Id, context.Text ?? "", planId == 0 ? null : planId, context.Ct);
        if (!entry.Accepted)
        {
            if (entry.Verdict == PromoVerdict.Unknown) await throttle.RecordMissAsync(user.TelegramId);
            // The step stays: the next text is another try.
            await screens.ShowAsync(context, PromoScreens.Result(PromoScreens.Refusal(texts, context, entry.Verdict) + "\n\n" + texts.Get(context, "PromoTryAnother"),
                texts, context, back));
            return;
        }
        await conversations.ClearAsync(context.Bot, context.RequireChatId(), context.Ct);
        if (planId != 0 && entry.Code!.IsForPurchase)
            await ShowMethodsAsync(context, planId, serverId, null);
        else
            await screens.ShowAsync(context, PromoScreens.Result(PromoScreens.Accepted(texts, context, entry), texts, context, back));
    }

    private async Task ShowMethodsAsync(UpdateContext context, long planId, long serverId, string? toast)
    {
        if (await plans.OnSaleAsync(planId, context.Ct) is not { } plan)
        {
            // Withdrawn since the button was drawn (or a forged id): back to the plans.
            await screens.ShowAsync(context, PromoScreens.Result(texts.Get(context, "BuyPlanGone"), texts, context, ClientCallbacks.Buy));
            return;
        }
        await screens.ShowAsync(context, await methods.ScreenAsync(context, plan, serverId), toast);
    }

    private static string Back(long planId, long serverId) => planId == 0
        ? ClientCallbacks.Profile
        : CallbackData.Build(ClientCallbacks.Buy, "s", CallbackData.Num(planId), CallbackData.Num(serverId));
}
