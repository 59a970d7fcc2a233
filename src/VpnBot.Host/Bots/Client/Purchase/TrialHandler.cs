using VpnBot.Core.Analytics;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>The free trial, once per Telegram account; the key arrives by itself once the server has it.</summary>
public sealed class TrialHandler(BotTexts texts, ScreenRenderer screens, SubscriptionService subscriptions, ActivityLog activity,
    Core.Referrals.ReferralProgram referrals) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        // An invited customer's bonus days (0 for everyone else).
        var result = await subscriptions.StartTrialAsync(user.Id, await referrals.TrialBonusDaysAsync(user.Id, context.Ct), context.Ct);
        var key = result.Status switch
        {
            TrialStatus.Started => "TrialStarted",
            TrialStatus.AlreadyUsed => "TrialUsed",
            TrialStatus.HasActiveSubscription => "TrialHasSubscription",
            _ => "TrialUnavailable",
        };
        if (result.Status == TrialStatus.Started) activity.Record(user.Id, ActivityActions.TrialStarted, null);
        var text = result.ExpiresAt is { } until
            ? texts.Get(context, key, DisplayFormat.Date(texts, context, until))
            : texts.Get(context, key);
        await screens.ShowAsync(context, new Screen(text, null));
    }
}
