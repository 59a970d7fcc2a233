using VpnBot.Core.Audit;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Catalog;

/// <summary>"/plans" and "pln": the list; "pln:on:{id}" / "pln:off:{id}": switch one through PlanAdministration.</summary>
public sealed class PlansHandler(PlanAdministration plans, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
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
                var outcome = await plans.SetActiveAsync(context.RequireUser().TelegramId, toggle.Id, toggle.On, context.Ct);
                await screens.AnswerAsync(context, texts.Get(context, ToggleArgs.ToastKey(outcome, toggle.On ? "PlanActivated" : "PlanDeactivated")),
                    alert: outcome != ToggleOutcome.Changed);
            }
        }
        await screens.ShowAsync(context, CatalogScreens.Plans(texts, context, await plans.ListAsync(context.Ct)));
    }
}
