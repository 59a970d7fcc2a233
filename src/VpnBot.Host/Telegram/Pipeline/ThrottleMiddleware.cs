using Telegram.Bot;
using VpnBot.Host.Telegram.Throttling;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>A flood from one user costs one Redis INCR per update and earns one gentle notice.</summary>
public sealed class ThrottleMiddleware(UpdateThrottle throttle, BotTexts texts) : IUpdateMiddleware
{
    public async Task InvokeAsync(UpdateContext context, UpdateDelegate next)
    {
        // Payments must never be dropped: Telegram waits 10 s for the pre-checkout answer.
        if (context.From is not { } from || context.Update.PreCheckoutQuery is not null || context.Message?.SuccessfulPayment is not null)
        {
            await next(context);
            return;
        }
        switch (await throttle.CheckAsync(context.Bot, from.Id))
        {
            case ThrottleVerdict.Allowed:
                await next(context);
                break;
            case ThrottleVerdict.DeniedFirstTime:
                var notice = texts.Get(context, "Throttled");
                if (context.Callback is { } cb)
                    await context.Client.AnswerCallbackQuery(cb.Id, notice, cancellationToken: context.Ct);
                else if (context.ChatId is { } chatId)
                    await context.Client.SendMessage(chatId, notice, cancellationToken: context.Ct);
                break;
            default:
                if (context.Callback is { } ignored)
                    await context.Client.AnswerCallbackQuery(ignored.Id, cancellationToken: context.Ct);
                break;
        }
    }
}
