using System.Globalization;
using VpnBot.Core.Users;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>Registers or refreshes the sender and sets the culture the answer is written in.</summary>
public sealed class UserMiddleware(UserRegistry users) : IUpdateMiddleware
{
    public async Task InvokeAsync(UpdateContext context, UpdateDelegate next)
    {
        if (context.From is { IsBot: false } from)
        {
            context.User = await users.UpsertAsync(
                new TelegramProfile(from.Id, from.Username, from.FirstName, from.LastName, from.LanguageCode), context.Ct);
            context.Culture = CultureInfo.GetCultureInfo(context.User.UiCulture);
            CultureInfo.CurrentUICulture = context.Culture;
        }
        await next(context);
    }
}
