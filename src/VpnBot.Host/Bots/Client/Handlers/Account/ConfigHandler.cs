using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Host.Bots.Client.Delivery;
using VpnBot.Host.Bots.Client.Screens;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;
using VpnBot.Vpn.SubscriptionFeed;

namespace VpnBot.Host.Bots.Client.Handlers.Account;

/// <summary>
/// My keys (see <see cref="ClientCallbacks.Config"/>): re-sends the stored config as it is, or re-issues it
/// (old one revoked on the server, and the subscription link with it), on another protocol or at another location.
/// Only the user's own configs.
/// </summary>
public sealed class ConfigHandler(
    BotTexts texts, ScreenRenderer screens, AppDbContext db, SubscriptionService subscriptions, IProvisioningService provisioning,
    ConfigDelivery delivery, SubscriptionFeedService feed, ServerDirectory directory, IConversationStore conversations,
    ActivityLog activity, TimeProvider time, ILogger<ConfigHandler> log) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        await conversations.LeaveConversationOnMenuPressAsync(context);
        var data = CallbackData.Parse(context.CallbackData);
        var action = data.Arg(0);
        if (action is null || data.LongArg(1) is not { } configId)
        {
            await ShowListAsync(context);
            return;
        }
        var config = await OwnConfigAsync(context, configId);
        if (config is null)
        {
            await ShowListAsync(context, texts.Get(context, "StaleButton"));
            return;
        }
        switch (action, data.Arg(2))
        {
            case ("s", _):
                await SendAsync(context, config);
                break;
            case ("r", "y"):
                await ReissueAsync(context, config, null, null);
                break;
            case ("r", _):
                await screens.ShowAsync(context, ConfigScreens.ConfirmReissue(texts, context, config));
                break;
            case ("p", { } protocolId) when ProtocolNames.FromId(protocolId) is { } protocol && config.Server!.Supports(protocol):
                await ReissueAsync(context, config, protocol, null);
                break;
            case ("p", _):
                await screens.ShowAsync(context, ConfigScreens.Protocols(texts, context, config, config.Server!));
                break;
            case ("l", _) when data.LongArg(2) is { } serverId:
                var target = (await OtherLocationsAsync(config, context.Ct)).FirstOrDefault(s => s.Id == serverId);
                if (target is null) await screens.ShowAsync(context, ConfigScreens.Locations(texts, context, config, await OtherLocationsAsync(config, context.Ct)), texts.Get(context, "BuyServerGone"));
                else await ReissueAsync(context, config, null, serverId);
                break;
            case ("l", _):
                await screens.ShowAsync(context, ConfigScreens.Locations(texts, context, config, await OtherLocationsAsync(config, context.Ct)));
                break;
            default:
                await ShowListAsync(context);
                break;
        }
    }

    private async Task ShowListAsync(UpdateContext context, string? toast = null)
    {
        var current = await subscriptions.CurrentAsync(context.RequireUser().Id, context.Ct);
        var active = current is not null && current.IsActiveAt(time.GetUtcNow());
        var configs = active
            ? await db.VpnConfigs.AsNoTracking().Include(c => c.Server).Where(c => c.SubscriptionId == current!.Id && c.IsActive).OrderBy(c => c.Id).ToListAsync(context.Ct)
            : [];
        await screens.ShowAsync(context, ConfigScreens.List(texts, context, configs, active), toast);
    }

    private async Task SendAsync(UpdateContext context, VpnConfig config)
    {
        await screens.AnswerAsync(context);
        var user = context.RequireUser();
        var token = user.SubscriptionToken ?? await feed.IssueTokenAsync(user.Id, context.Ct);
        await delivery.SendAsync(context.Client, context.RequireChatId(), context.Culture, config.Server!, config, config.Subscription!.ExpiresAt,
            feed.UrlFor(token), context.Ct);
        activity.Record(user.Id, ActivityActions.ConfigFetched, config.Protocol.ToString());
        await context.Client.SendScreenAsync(context, ConfigScreens.Actions(texts, context, config));
    }

    private async Task ReissueAsync(UpdateContext context, VpnConfig config, VpnProtocol? protocol, long? serverId)
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
        var fresh = await OwnConfigAsync(context, result.Config.Id);
        if (fresh is null) return;
        if (result.FallbackReason is not null)
            await context.Client.SendScreenAsync(context, new Screen(texts.Get(context, "CfgFellBack", ProtocolNames.Display(texts, context, result.FellBackFrom!.Value)), null));
        await SendAsync(context, fresh);
    }

    private Task<VpnConfig?> OwnConfigAsync(UpdateContext context, long configId)
    {
        var userId = context.RequireUser().Id;
        return db.VpnConfigs.AsNoTracking().Include(c => c.Server).Include(c => c.Subscription)
            .SingleOrDefaultAsync(c => c.Id == configId && c.IsActive && c.Subscription!.UserId == userId, context.Ct);
    }

    private async Task<IReadOnlyList<ServerListing>> OtherLocationsAsync(VpnConfig config, CancellationToken ct) =>
        (await directory.ListEnabledAsync(ct))
            .Where(s => s.Id != config.ServerId && s.Load.Level != LoadLevel.Full && s.Protocols.Any(p => p != VpnProtocol.Ikev2))
            .OrderBy(s => s.Load.Percent ?? 0)
            .ToList();
}
