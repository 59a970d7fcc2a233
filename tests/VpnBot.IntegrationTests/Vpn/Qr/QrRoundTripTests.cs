using System.Security.Cryptography;
using VpnBot.TestKit.Qr;
using VpnBot.Vpn.Qr;

namespace VpnBot.IntegrationTests.Vpn.Qr;

public class QrRoundTripTests
{
    [Fact]
    public void Two_hundred_random_wireguard_configs_decode_back_exactly()
    {
        for (var i = 0; i < 200; i++)
        {
            var conf = $"[Interface]\nPrivateKey = {Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\nAddress = 10.8.{i / 250}.{i % 250 + 2}/32\nDNS = 1.1.1.1, 1.0.0.1\nMTU = 1420\n\n" +
                       $"[Peer]\nPublicKey = {Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\nPresharedKey = {Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\n" +
                       "AllowedIPs = 0.0.0.0/0, ::/0\nPersistentKeepalive = 25\nEndpoint = vpn.example.com:51820\n";
            Assert.Equal(conf, QrReader.Decode(QrCode.Png(conf)));
        }
    }

    [Fact]
    public void Data_over_qr_capacity_is_refused_not_truncated() =>
        Assert.Throws<ArgumentException>(() => QrCode.Png(new string('x', QrCode.MaxBytes + 1)));
}
