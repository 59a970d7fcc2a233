using VpnBot.Core.Analytics;
using VpnBot.Core.Payments;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Profile;

/// <summary>ppay: the last payments, newest first.</summary>
public sealed class PaymentHistoryHandler(BotTexts texts, PaymentHistory history, ScreenRenderer screens, ActivityLog activity) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        activity.Record(user.Id, ActivityActions.PaymentHistoryViewed);
        var payments = await history.RecentAsync(user.Id, PaymentHistory.DefaultLimit, context.Ct);
        await screens.ShowAsync(context, ProfileScreens.Payments(texts, context, payments));
    }
}
