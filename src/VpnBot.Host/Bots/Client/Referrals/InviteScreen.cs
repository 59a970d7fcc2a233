using System.Net;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Referrals;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Referrals;

public static class InviteScreen
{
    public static Screen Build(BotTexts texts, UpdateContext context, ReferralSummary summary, string link, ReferralOptions o, bool programOn)
    {
        var friend = o.InviteeBonus switch
        {
            InviteeBonus.TrialDays when o.InviteeTrialDays > 0 => texts.Get(context, "InviteFriendTrial", o.InviteeTrialDays),
            InviteeBonus.Discount when o.InviteeDiscountPercent > 0 => texts.Get(context, "InviteFriendDiscount", o.InviteeDiscountPercent),
            _ => texts.Get(context, "InviteFriendNone"),
        };
        var reward = o.ReferrerReward == ReferrerRewardKind.Days
            ? texts.Get(context, "InviteRewardDays", o.ReferrerDays)
            : texts.Get(context, "InviteRewardBalance", o.ReferrerPercent.ToString("0.##", context.Culture));
        reward += " " + (o.RewardMonths > 0 ? texts.Get(context, "InvitePeriodMonths", o.RewardMonths) : texts.Get(context, "InvitePeriodFirst"));
        var earned = DisplayFormat.Money(summary.EarnedRub, "RUB", context.Culture);
        if (summary.EarnedDays > 0) earned += " + " + texts.Get(context, "InviteEarnedDays", summary.EarnedDays);
        var text = texts.Get(context, "InviteTitle", friend, reward, WebUtility.HtmlEncode(link), summary.Invited, summary.Paid, WebUtility.HtmlEncode(earned));
        if (!programOn) text += "\n\n" + texts.Get(context, "InviteProgramOff");
        return new Screen(text, new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithUrl(texts.Get(context, "InviteShareButton"), ClientBotLink.ShareUrl(link, texts.Get(context, "InviteShareText")))],
            NavButtons.Row(texts, context, ClientCallbacks.Profile),
        ]));
    }
}
