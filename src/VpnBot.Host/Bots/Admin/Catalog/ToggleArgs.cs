using VpnBot.Core.Audit;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Host.Bots.Admin.Catalog;

/// <summary>"on:{id}" / "off:{id}" from a switch button; null for anything else (buttons are user-controlled input).</summary>
public readonly record struct ToggleArgs(bool On, long Id)
{
    public static ToggleArgs? Parse(CallbackData data) => (data.Arg(0), data.LongArg(1)) switch
    {
        (AdminCallbacks.On, { } id) => new ToggleArgs(true, id),
        (AdminCallbacks.Off, { } id) => new ToggleArgs(false, id),
        _ => null,
    };

    public static string ToastKey(ToggleOutcome outcome, string changedKey) => outcome switch
    {
        ToggleOutcome.Changed => changedKey,
        ToggleOutcome.AlreadyInState => "AlreadyInState",
        _ => "NoLongerExists",
    };
}
