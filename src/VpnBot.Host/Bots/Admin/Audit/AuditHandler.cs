using VpnBot.Core.Audit;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Audit;

/// <summary>"/audit" and "aud": the latest entries; "aud:o:{id}" the page before that entry, "aud:n:{id}" the page after.</summary>
public sealed class AuditHandler(AuditLogReader audit, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var data = CallbackData.Parse(context.CallbackData);
        var page = (data.Arg(0), data.LongArg(1)) switch
        {
            (AdminCallbacks.Older, { } id) => await audit.OlderThanAsync(id, AuditScreen.PageSize, context.Ct),
            (AdminCallbacks.Newer, { } id) => await audit.NewerThanAsync(id, AuditScreen.PageSize, context.Ct),
            _ => await audit.LatestAsync(AuditScreen.PageSize, context.Ct),
        };
        await screens.ShowAsync(context, AuditScreen.Build(texts, context, page));
    }
}
