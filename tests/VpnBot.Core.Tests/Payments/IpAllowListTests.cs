using System.Net;
using VpnBot.Payments.Webhooks;
using VpnBot.Payments.YooKassa;

namespace VpnBot.Core.Tests.Payments;

public class IpAllowListTests
{
    private static readonly IpAllowList YooKassa = IpAllowList.Parse(YooKassaOptions.PublishedNetworks);

    [Theory]
    [InlineData("185.71.76.0")]
    [InlineData("185.71.76.31")]
    [InlineData("185.71.77.20")]
    [InlineData("77.75.153.127")]
    [InlineData("77.75.156.11")]
    [InlineData("77.75.156.35")]
    [InlineData("77.75.154.200")]
    [InlineData("2a02:5180::1")]
    [InlineData("2a02:5180:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::ffff:185.71.76.5")]
    [InlineData("::ffff:77.75.156.35")]
    public void YooKassa_sources_are_allowed(string address) => Assert.True(YooKassa.Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("185.71.76.32")]
    [InlineData("185.71.75.255")]
    [InlineData("77.75.153.128")]
    [InlineData("77.75.156.12")]
    [InlineData("77.75.154.127")]
    [InlineData("2a02:5181::1")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("10.0.0.1")]
    public void Other_sources_are_refused(string address) => Assert.False(YooKassa.Contains(IPAddress.Parse(address)));

    [Fact]
    public void No_address_is_refused() => Assert.False(YooKassa.Contains(null));

    [Fact]
    public void Entries_may_come_as_one_comma_separated_string()
    {
        var list = IpAllowList.Parse(["10.0.0.0/8, 192.168.1.1 ;fd00::/8"]);
        Assert.Equal(3, list.Networks.Count);
        Assert.True(list.Contains(IPAddress.Parse("10.1.2.3")));
        Assert.True(list.Contains(IPAddress.Parse("192.168.1.1")));
        Assert.False(list.Contains(IPAddress.Parse("192.168.1.2")));
        Assert.True(list.Contains(IPAddress.Parse("fd12::1")));
    }

    [Theory]
    [InlineData("300.1.1.1")]
    [InlineData("10.0.0.0/33")]
    [InlineData("example.com")]
    public void A_bad_entry_is_a_clear_error(string entry)
    {
        var e = Assert.Throws<FormatException>(() => IpAllowList.Parse([entry]));
        Assert.Contains(entry, e.Message, StringComparison.Ordinal);
    }
}
