using VpnBot.Host.Bots.Admin;
using VpnBot.Host.Bots.Admin.Catalog;
using VpnBot.Host.Bots.Admin.Users;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Core.Tests.Host;

public class AdminCallbackTests
{
    [Fact]
    public void The_longest_admin_buttons_fit_telegrams_64_bytes()
    {
        // Build throws past 64 bytes: the widest ids and values must still build.
        var extend = new ExtendArgs(true, long.MaxValue, 365, DateTimeOffset.MaxValue.AddYears(-1)).Data(true);
        var unban = CallbackData.Build(AdminCallbacks.Unban, AdminCallbacks.Yes, CallbackData.Num(long.MaxValue));
        var older = CallbackData.Build(AdminCallbacks.Audit, AdminCallbacks.Older, long.MaxValue);
        Assert.All([extend, unban, older], d => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(d), 1, CallbackData.MaxBytes));
    }

    [Fact]
    public void An_extend_button_round_trips_with_the_expiry_to_the_second()
    {
        var expiry = new DateTimeOffset(2030, 5, 1, 12, 0, 7, TimeSpan.Zero).AddTicks(1234); // stored with sub-second precision
        var parsed = ExtendArgs.Parse(CallbackData.Parse(new ExtendArgs(false, 42, 30, expiry).Data(false)));
        Assert.Equal(new ExtendArgs(false, 42, 30, expiry.AddTicks(-1234)), parsed);
        Assert.Null(ExtendArgs.Parse(CallbackData.Parse(new ExtendArgs(false, 42, 30, null).Data(false)))!.ShownExpiry);
    }

    [Theory]
    [InlineData("ext:yes:42:0:0")]
    [InlineData("ext:yes:42:366:0")]
    [InlineData("ext:yes:42:-7:0")]
    [InlineData("ext:maybe:42:7:0")]
    [InlineData("ext:yes:abc:7:0")]
    [InlineData("ext:yes:42:7")]
    public void Forged_extend_buttons_are_rejected(string data) => Assert.Null(ExtendArgs.Parse(CallbackData.Parse(data)));

    [Theory]
    [InlineData("srv:on:5", true, 5L)]
    [InlineData("pln:off:7", false, 7L)]
    public void Switch_buttons_name_the_state_wanted(string data, bool on, long id) =>
        Assert.Equal(new ToggleArgs(on, id), ToggleArgs.Parse(CallbackData.Parse(data)));

    [Theory]
    [InlineData("srv:flip:5")]
    [InlineData("srv:on:x")]
    [InlineData("srv:on")]
    public void Forged_switch_buttons_are_rejected(string data) => Assert.Null(ToggleArgs.Parse(CallbackData.Parse(data)));
}
