using VpnBot.Core.Audit;
using VpnBot.Core.Referrals;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Referrals;

/// <summary>"/referrals" and "refs": the top referrers; "refs:on" / "refs:off" switch the program (audited, a repeat changes nothing).</summary>
public sealed class ReferralsAdminHandler(ReferralProgram program, ReferralStats stats, BotTexts texts, ScreenRenderer screens) : IUpdateHandler
{
    private const int Top = 15;

    public async Task HandleAsync(UpdateContext context)
    {
        var data = CallbackData.Parse(context.CallbackData);
        if (data.Arg(0) is AdminCallbacks.On or AdminCallbacks.Off)
        {
            var on = data.Arg(0) == AdminCallbacks.On;
            var outcome = await program.SetAsync(context.RequireUser().TelegramId, on, context.Ct);
            await screens.AnswerAsync(context, texts.Get(context, outcome == ToggleOutcome.Changed ? (on ? "ReferralsTurnedOn" : "ReferralsTurnedOff") : "AlreadyInState"),
                alert: outcome != ToggleOutcome.Changed);
        }
        else if (data.Args.Count > 0)
        {
            await screens.AnswerAsync(context, texts.Get(context, "AdminStale"), alert: true);
        }
        await screens.ShowAsync(context, ReferralsAdminScreen.Build(texts, context, await program.IsOnAsync(context.Ct), program.Options.Enabled,
            await stats.TopAsync(Top, context.Ct)));
    }
}
