using VpnBot.Vpn.Ssh;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.Core.Tests.Vpn;

public class WireGuardPartsTests
{
    private const string Pub = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";

    [Fact]
    public void Usage_comes_from_transfer_and_latest_handshakes()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var usage = WireGuardUsage.Parse($"other=\t1\t2\n{Pub}\t1000\t5000\n", $"{Pub}\t{1_800_000_000 - 60}\n", Pub, now);
        Assert.NotNull(usage);
        Assert.Equal(1000, usage.UploadBytes);
        Assert.Equal(5000, usage.DownloadBytes);
        Assert.Equal(now.AddSeconds(-60), usage.LastSeen);
        Assert.True(usage.Online);

        var stale = WireGuardUsage.Parse($"{Pub}\t1\t2\n", $"{Pub}\t0\n", Pub, now);
        Assert.NotNull(stale);
        Assert.Null(stale.LastSeen);
        Assert.False(stale.Online);
        Assert.Null(WireGuardUsage.Parse("", "", Pub, now));
    }

    [Fact]
    public void Subnet_hands_out_host_addresses_after_the_servers()
    {
        var subnet = WireGuardSubnet.TryParse("10.8.0.0/29")!;
        Assert.Equal(["10.8.0.2", "10.8.0.3", "10.8.0.4", "10.8.0.5", "10.8.0.6"], subnet.ClientAddresses().Select(a => a.ToString()));
        Assert.Equal(5, subnet.ClientCapacity);
        Assert.True(subnet.IsClientAddress("10.8.0.6"));
        Assert.False(subnet.IsClientAddress("10.8.0.1"));
        Assert.False(subnet.IsClientAddress("10.8.0.7"));
        Assert.Null(WireGuardSubnet.TryParse("10.8.0.0"));
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$(reboot)", "'$(reboot)'")]
    public void Shell_quoting_neutralises_metacharacters(string value, string quoted) => Assert.Equal(quoted, ShellQuote.Quote(value));

    [Fact]
    public void Scrubber_masks_keys_pem_blocks_and_given_secrets()
    {
        var text = SecretScrubber.Scrub($"Key is not the correct length or format: `{Pub}'\n-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\nhunter2secret", ["hunter2secret"]);
        Assert.DoesNotContain(Pub, text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", text, StringComparison.Ordinal);
        Assert.Contains("correct length", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprints_are_accepted_with_or_without_prefix_and_padding()
    {
        var bare = Convert.ToBase64String(new byte[32]).TrimEnd('=');
        Assert.Equal(bare, SshTarget.NormalizeFingerprint("SHA256:" + bare));
        Assert.Equal(bare, SshTarget.NormalizeFingerprint(bare + "="));
        Assert.Null(SshTarget.NormalizeFingerprint("MD5:aa:bb"));
    }
}
