using Telegram.Bot;
using VpnBot.Core;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin;

/// <summary>Admins are users with the admin role or listed in Admins:TelegramIds; everyone else is refused.</summary>
public sealed class AdminOnlyMiddleware(AdminIds admins, BotTexts texts) : IUpdateMiddleware
{
    public async Task InvokeAsync(UpdateContext context, UpdateDelegate next)
    {
        var user = context.User;
        if (user is not null && !user.IsBanned && (user.Role == UserRole.Admin || admins.Contains(user.TelegramId)))
        {
            await next(context);
            return;
        }
        if (context.Callback is { } cb) await context.Client.AnswerCallbackQuery(cb.Id, cancellationToken: context.Ct);
        if (context.ChatId is { } chatId && context.IsPrivateChat)
            await context.Client.SendMessage(chatId, texts.Get(context, "NotAdmin"), cancellationToken: context.Ct);
    }
}
