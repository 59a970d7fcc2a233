using VpnBot.Core.Vpn;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Alerts;

/// <summary>"Retry now" under a backend-task alert: the worker takes the task at once instead of at its next backoff.</summary>
public sealed class RetryTaskHandler(BackendTaskAdministration tasks, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        if (CallbackData.Parse(context.CallbackData).LongArg(0) is not { } taskId)
        {
            await screens.AnswerAsync(context, texts.Get(context, "AdminStale"));
            return;
        }
        var admin = context.RequireUser();
        if (!await tasks.RetryNowAsync(admin.TelegramId, taskId, context.Ct))
        {
            await screens.AnswerAsync(context, texts.Get(context, "AlertTaskDone"), alert: true);
            return;
        }
        var who = admin.Username is { } u ? "@" + u : admin.FirstName ?? admin.TelegramId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await screens.AnswerAsync(context, texts.Get(context, "AlertRetryQueued", who));
    }
}
