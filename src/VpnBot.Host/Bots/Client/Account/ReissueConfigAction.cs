using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Core.Vpn.SubscriptionFeed;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Account;

/// <summary>
/// cfg:r, cfg:p, cfg:l: re-issues a key (the old one is revoked on the server), the same, on another protocol or at
/// another location, then sends the new one. A backend that fails leaves the old key and says so. A plain re-issue
/// replaces the subscription link too.
/// </summary>
public sealed class ReissueConfigAction(
    BotTexts texts, ScreenRenderer screens, IProvisioningService provisioning, CustomerKeys keys, SendConfigAction send,
    SubscriptionFeedService feed, ActivityLog activity, ILogger<ReissueConfigAction> log)
{
    public async Task RunAsync(UpdateContext context, VpnConfig config, VpnProtocol? protocol, long? serverId)
    {
        await screens.AnswerAsync(context, texts.Get(context, "CfgWorking"));
        ProvisioningResult result;
        try
        {
            result = await provisioning.ReissueAsync(config.Id, protocol, serverId, context.Ct);
        }
        catch (VpnBackendException e)
        {
            log.LogWarning("Re-issue of config {ConfigId} failed: {Error} {Message}", config.Id, e.Error, e.Message);
            await screens.ShowAsync(context, ConfigScreens.BackendDown(texts, context, config));
            return;
        }
        activity.Record(context.RequireUser().Id, ActivityActions.ConfigReissued, $"{config.Id}->{result.Config.Id}");
        // A plain re-issue usually means the key leaked, and the subscription link would serve the new key to
        // whoever holds it: the link is replaced too (the delivery below shows the new one).
        if (protocol is null && serverId is null && await feed.RotateTokenAsync(context.RequireUser().Id, null, null, context.Ct) is { } link)
            context.RequireUser().SubscriptionToken = link;
        var fresh = await keys.OwnAsync(context.RequireUser().Id, result.Config.Id, context.Ct);
        if (fresh is null) return;
        if (result.FallbackReason is not null)
            await context.Client.SendScreenAsync(context, new Screen(texts.Get(context, "CfgFellBack", ProtocolNames.Display(texts, context, result.FellBackFrom!.Value)), null));
        await send.RunAsync(context, fresh);
    }
}
