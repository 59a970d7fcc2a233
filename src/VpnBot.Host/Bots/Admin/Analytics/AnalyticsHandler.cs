using VpnBot.Core.Analytics;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Analytics;

/// <summary>/analytics and its period buttons; a period other than the offered ones is answered as stale.</summary>
public sealed class AnalyticsHandler(BusinessReports reports, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var days = AnalyticsScreen.Periods[0];
        if (context.Callback is not null && CallbackData.Parse(context.CallbackData).LongArg(0) is { } asked)
        {
            if (!AnalyticsScreen.Periods.Contains((int)Math.Clamp(asked, 0, int.MaxValue)))
            {
                await screens.AnswerAsync(context, texts.Get(context, "AdminStale"));
                return;
            }
            days = (int)asked;
        }
        await screens.ShowAsync(context, AnalyticsScreen.Build(texts, context, await reports.ForLastDaysAsync(days, context.Ct)));
    }
}
