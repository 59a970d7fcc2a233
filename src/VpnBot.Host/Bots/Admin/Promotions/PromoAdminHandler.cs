using VpnBot.Core.Audit;
using VpnBot.Core.Promotions;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Promotions;

/// <summary>
/// "/promo" lists codes with usage; "/promo add ..." creates one (see <see cref="PromoCommandLine"/>); "prm:p:{page}"
/// pages; "prm:off:{id}:{page}" asks, "prm:off:{id}:{page}:y" switches the code off (audited).
/// </summary>
public sealed class PromoAdminHandler(PromoAdministration promos, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var actor = context.RequireUser().TelegramId;
        if (context.CallbackData is null)
        {
            var argument = context.CommandArgument?.Trim() ?? "";
            if (argument.StartsWith("add", StringComparison.OrdinalIgnoreCase))
            {
                await AddAsync(context, actor, argument[3..]);
                return;
            }
            await ShowAsync(context, 0);
            return;
        }
        var data = CallbackData.Parse(context.CallbackData);
        switch (data.Arg(0))
        {
            case "p" when data.LongArg(1) is { } shown and >= 0 and < 100_000:
                await ShowAsync(context, (int)shown);
                break;
            case "off" when data.LongArg(1) is { } id && data.LongArg(2) is { } longPage and >= 0 and < 100_000:
                var page = (int)longPage;
                if (data.Arg(3) != "y")
                {
                    var list = await promos.ListAsync(page, PromoAdminScreens.PageSize, context.Ct);
                    if (list.Items.FirstOrDefault(i => i.Code.Id == id)?.Code is { IsActive: true } code)
                        await screens.ShowAsync(context, PromoAdminScreens.ConfirmDisable(texts, context, code, page));
                    else
                        await ShowAsync(context, page, texts.Get(context, "AdminStale"));
                    break;
                }
                var outcome = await promos.DisableAsync(actor, id, context.Ct);
                await ShowAsync(context, page, texts.Get(context, outcome switch
                {
                    ToggleOutcome.Changed => "PromoDisabled",
                    ToggleOutcome.AlreadyInState => "AlreadyInState",
                    _ => "NoLongerExists",
                }));
                break;
            default:
                await screens.AnswerAsync(context, texts.Get(context, "AdminStale"), alert: true);
                break;
        }
    }

    private async Task AddAsync(UpdateContext context, long actor, string line)
    {
        var (draft, error) = PromoCommandLine.Parse(line);
        var created = draft is null ? null : await promos.CreateAsync(actor, draft, context.Ct);
        var text = (error ?? created?.Problem) is { } problem
            ? texts.Get(context, "PromoAddFailed", AdminFormat.Html(problem), AdminFormat.Html(PromoCommandLine.Syntax))
            : texts.Get(context, "PromoAdded", PromoAdminScreens.Line(texts, context, created!.Code!, 0, 0));
        await screens.ShowAsync(context, new Screen(text, null));
    }

    private async Task ShowAsync(UpdateContext context, int page, string? toast = null) =>
        await screens.ShowAsync(context, PromoAdminScreens.List(texts, context, await promos.ListAsync(page, PromoAdminScreens.PageSize, context.Ct)), toast);
}
