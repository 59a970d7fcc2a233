using StackExchange.Redis;
using Telegram.Bot;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>A banned user gets one refusal (per day) and nothing else; their update goes no further (a payment excepted).</summary>
public sealed class BanMiddleware(BotTexts texts, IConnectionMultiplexer redis, RedisHealth health, ILogger<BanMiddleware> log) : IUpdateMiddleware
{
    public async Task InvokeAsync(UpdateContext context, UpdateDelegate next)
    {
        // A successful_payment means Telegram already took the Stars: it goes on, and the payment side decides (a banned
        // customer's receipt is held for an admin to refund), so the money is never dropped here.
        if (context.User is not { IsBanned: true } user || context.Message?.SuccessfulPayment is not null)
        {
            await next(context);
            return;
        }
        if (context.Callback is { } cb)
            await context.Client.AnswerCallbackQuery(cb.Id, cancellationToken: context.Ct);
        if (context.Update.PreCheckoutQuery is { } pcq)
            await context.Client.AnswerPreCheckoutQuery(pcq.Id, texts.Get(context, "Banned"), context.Ct);
        if (context.ChatId is { } chatId && await FirstRefusalTodayAsync(context.Bot, user.TelegramId))
            await context.Client.SendMessage(chatId, texts.Get(context, "Banned"), cancellationToken: context.Ct);
    }

    private async Task<bool> FirstRefusalTodayAsync(BotKind bot, long telegramId)
    {
        if (!health.IsUp) return true;
        try
        {
            return await redis.GetDatabase().StringSetAsync($"banned-notice:{bot.Slug()}:{telegramId}", 1, TimeSpan.FromDays(1), When.NotExists);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            health.ReportDown(e, log);
            return true;
        }
    }
}
