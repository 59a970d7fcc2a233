namespace VpnBot.Core.Analytics;

/// <summary>The action names written to user_activities: what the analytics queries group by.</summary>
public static class ActivityActions
{
    public const string Start = "start";
    public const string ServersViewed = "servers.viewed";
    public const string InstructionsViewed = "instructions.viewed";
    public const string ProfileViewed = "profile.viewed";
    public const string LanguageChanged = "profile.language_changed";
    public const string ProtocolChanged = "profile.protocol_changed";
    public const string PaymentHistoryViewed = "profile.payments_viewed";
    public const string TicketOpened = "support.ticket_opened";
    public const string TicketMessage = "support.message_sent";
    public const string TicketClosed = "support.ticket_closed";
    public const string PlansViewed = "buy.plans_viewed";
    public const string PaymentStarted = "buy.payment_started";
    public const string TrialStarted = "buy.trial_started";
    public const string SubscriptionViewed = "subscription.viewed";
    public const string ConfigFetched = "config.fetched";
    public const string ConfigReissued = "config.reissued";
}
