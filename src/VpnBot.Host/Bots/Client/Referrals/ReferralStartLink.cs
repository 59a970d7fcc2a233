using VpnBot.Core.Referrals;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Referrals;

/// <summary>/start ref_CODE: attributes a newcomer to the friend who invited them; returns a line for the greeting, or null.</summary>
public sealed class ReferralStartLink(ReferralAttribution attribution, ReferralProgram program, BotTexts texts)
{
    public const string Prefix = "ref_";

    public async Task<string?> TryHandleAsync(UpdateContext context)
    {
        if (context.CommandArgument is not { } argument || !argument.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var user = context.RequireUser();
        var result = await attribution.AttributeAsync(user.Id, argument[Prefix.Length..], user.JustRegistered, context.Ct);
        if (result != AttributionResult.Attributed) return null;
        var o = program.Options;
        return o.InviteeBonus switch
        {
            InviteeBonus.TrialDays when o.InviteeTrialDays > 0 => texts.Get(context, "StartInvitedTrial", o.InviteeTrialDays),
            InviteeBonus.Discount when o.InviteeDiscountPercent > 0 => texts.Get(context, "StartInvitedDiscount", o.InviteeDiscountPercent),
            _ => texts.Get(context, "StartInvited"),
        };
    }
}
