using VpnBot.Core.Audit;
using VpnBot.Core.Servers;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Catalog;

/// <summary>"/servers" and "srv": the list; "srv:on:{id}" / "srv:off:{id}": switch one through ServerAdministration.</summary>
public sealed class ServersHandler(ServerAdministration servers, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var data = CallbackData.Parse(context.CallbackData);
        if (data.Args.Count > 0)
        {
            if (ToggleArgs.Parse(data) is not { } toggle)
            {
                await screens.AnswerAsync(context, texts.Get(context, "AdminStale"), alert: true);
            }
            else
            {
                var outcome = await servers.SetEnabledAsync(context.RequireUser().TelegramId, toggle.Id, toggle.On, context.Ct);
                await screens.AnswerAsync(context, texts.Get(context, ToggleArgs.ToastKey(outcome, toggle.On ? "ServerEnabled" : "ServerDisabled")),
                    alert: outcome != ToggleOutcome.Changed);
            }
        }
        await screens.ShowAsync(context, CatalogScreens.Servers(texts, context, await servers.ListAsync(context.Ct)));
    }
}
