using System.Text.Json;
using System.Text.Json.Nodes;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Panels.ThreeXUi;

namespace VpnBot.Core.Tests.Vpn;

public class ThreeXUiClientTests
{
    private static readonly ClientLimits Limits = new(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), 10L << 30, 2, true);

    [Fact]
    public void A_new_client_carries_the_limits_in_panel_units()
    {
        var client = ThreeXUiClient.New("b831381d-6324-4d53-ad4f-8cda48b30811", "tg1_s2_vless", "xtls-rprx-vision", Limits, 123456789, "sub1", "c");
        var json = JsonNode.Parse(client.ToJson().ToJsonString())!;

        Assert.True(client.Matches(Limits));
        Assert.Equal(Limits.ExpiresAt.ToUnixTimeMilliseconds(), json["expiryTime"]!.GetValue<long>());
        Assert.Equal(10L << 30, json["totalGB"]!.GetValue<long>());
        Assert.Equal(2, json["limitIp"]!.GetValue<int>());
        Assert.Equal(JsonValueKind.Number, json["tgId"]!.GetValueKind());
    }

    [Fact]
    public void Applying_other_limits_changes_only_the_limits()
    {
        var parsed = (JsonObject)JsonNode.Parse("""
            {"id":"u","email":"e","flow":"xtls-rprx-vision","limitIp":1,"totalGB":0,"expiryTime":0,"enable":true,"tgId":5,
             "subId":"s","comment":"","reset":0,"limitHwid":3,"created_at":1,"updated_at":2}
            """)!;
        var client = new ThreeXUiClient(parsed);
        var other = Limits with { TrafficLimitBytes = null, Enabled = false };

        var changed = client.With(other).ToJson();

        Assert.False(client.Matches(other));
        Assert.True(new ThreeXUiClient(changed).Matches(other));
        Assert.Equal(0, changed["totalGB"]!.GetValue<long>());
        Assert.False(changed["enable"]!.GetValue<bool>());
        Assert.Equal(3, changed["limitHwid"]!.GetValue<int>()); // fields we do not know survive the full replace
        Assert.False(changed.ContainsKey("created_at"));
        Assert.False(changed.ContainsKey("updated_at"));
    }
}
