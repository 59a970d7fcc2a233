using VpnBot.Core.Servers;
using VpnBot.Host.Bots.Client.Shared;

namespace VpnBot.Core.Tests.Servers;

public class ServerLoadTests
{
    [Theory]
    [InlineData(0, 100, 0, LoadLevel.Low)]
    [InlineData(49, 100, 49, LoadLevel.Low)]
    [InlineData(50, 100, 50, LoadLevel.Medium)]
    [InlineData(80, 100, 80, LoadLevel.High)]
    [InlineData(999, 1000, 99, LoadLevel.High)] // not full yet, so never shown as 100 %
    [InlineData(100, 100, 100, LoadLevel.Full)]
    [InlineData(120, 100, 100, LoadLevel.Full)]
    public void Load_is_the_share_of_user_slots_taken(int current, int max, int percent, LoadLevel level) =>
        Assert.Equal(new ServerLoad(percent, level), ServerLoad.Of(current, max));

    [Fact]
    public void A_server_without_a_cap_has_no_percentage() => Assert.Equal(new ServerLoad(null, LoadLevel.Low), ServerLoad.Of(500, 0));

    [Theory]
    [InlineData("DE", "🇩🇪")]
    [InlineData("nl", "🇳🇱")]
    [InlineData("us", "🇺🇸")]
    [InlineData("", "🌐")]
    [InlineData(null, "🌐")]
    [InlineData("D1", "🌐")]
    [InlineData("DEU", "🌐")]
    public void Country_codes_become_flags(string? code, string flag) => Assert.Equal(flag, CountryFlag.Emoji(code));
}
