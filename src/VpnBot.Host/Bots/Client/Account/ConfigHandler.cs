using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Account;

/// <summary>
/// My keys (see <see cref="ClientCallbacks.Config"/>): the list, and which action a button asks for. Re-sending is
/// <see cref="SendConfigAction"/>, re-issuing (the same, on another protocol, at another location) is
/// <see cref="ReissueConfigAction"/>; the choices in between are screens. Only the user's own configs.
/// </summary>
public sealed class ConfigHandler(
    BotTexts texts, ScreenRenderer screens, CustomerKeys keys, SubscriptionService subscriptions, ServerDirectory directory,
    IConversationStore conversations, SendConfigAction send, ReissueConfigAction reissue, TimeProvider time) : IUpdateHandler
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
            ? await keys.ActiveAsync(current!.Id, context.Ct)
            : [];
        await screens.ShowAsync(context, ConfigScreens.List(texts, context, configs, active), toast);
    }

    private Task SendAsync(UpdateContext context, VpnConfig config) => send.RunAsync(context, config);

    private Task ReissueAsync(UpdateContext context, VpnConfig config, VpnProtocol? protocol, long? serverId) =>
        reissue.RunAsync(context, config, protocol, serverId);

    private Task<VpnConfig?> OwnConfigAsync(UpdateContext context, long configId) =>
        keys.OwnAsync(context.RequireUser().Id, configId, context.Ct);

    private Task<IReadOnlyList<ServerListing>> OtherLocationsAsync(VpnConfig config, CancellationToken ct) =>
        directory.ListSellableAsync(config.ServerId, ct);
}
