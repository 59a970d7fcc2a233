using VpnBot.Core.Referrals;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Referrals;

/// <summary>"Invite friends" (ref, /invite): the personal link with a share button, and what it brought.</summary>
public sealed class InviteHandler(
    BotTexts texts, ScreenRenderer screens, ReferralStats stats, ReferralProgram program, ClientBotLink links, IConversationStore conversations) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        await conversations.LeaveConversationOnMenuPressAsync(context);
        var summary = await stats.ForCustomerAsync(user.Id, context.Ct);
        var link = await links.StartUrlAsync(ReferralStartLink.Prefix + summary.Code, context.Ct);
        await screens.ShowAsync(context, InviteScreen.Build(texts, context, summary, link, program.Options, await program.IsOnAsync(context.Ct)));
    }
}
