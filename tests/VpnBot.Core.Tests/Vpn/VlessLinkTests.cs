using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Panels;
using VpnBot.Vpn.Panels.ThreeXUi;

namespace VpnBot.Core.Tests.Vpn;

public class VlessLinkTests
{
    // Reference §2.2 composed example.
    private const string ReferenceLink =
        "vless://b831381d-6324-4d53-ad4f-8cda48b30811@vpn.example.com:443?encryption=none&flow=xtls-rprx-vision&fp=chrome" +
        "&pbk=hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo&security=reality&sid=6ba85179e30d4fc2&sni=www.apple.com&spx=%2F&type=tcp" +
        "#Germany-1%20user%4042%20%F0%9F%9A%80";

    [Fact]
    public void The_reference_link_parses_field_by_field_and_prints_back_identically()
    {
        var link = VlessLink.Parse(ReferenceLink);

        Assert.Equal("b831381d-6324-4d53-ad4f-8cda48b30811", link.Id);
        Assert.Equal("vpn.example.com", link.Host);
        Assert.Equal(443, link.Port);
        Assert.Equal("none", link.Encryption);
        Assert.Equal("xtls-rprx-vision", link.Flow);
        Assert.Equal("chrome", link.Fingerprint);
        Assert.Equal("hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo", link.PublicKey);
        Assert.Equal("reality", link.Security);
        Assert.Equal("6ba85179e30d4fc2", link.ShortId);
        Assert.Equal("www.apple.com", link.ServerName);
        Assert.Equal("/", link.SpiderX);
        Assert.Equal("tcp", link.Type);
        Assert.Equal("Germany-1 user@42 🚀", link.Remark);
        Assert.Equal(ReferenceLink, link.ToString());
    }

    [Theory]
    [InlineData("Germany 1")]
    [InlineData("Германия · Франкфурт")]
    [InlineData("🇩🇪 DE 🚀 fast")]
    [InlineData("a+b & c=d #1 ?x /y %20")]
    [InlineData("")]
    public void Remarks_with_spaces_emoji_cyrillic_and_reserved_characters_round_trip(string remark)
    {
        var text = Sample(remark).ToString();

        Assert.DoesNotContain("+", text[(text.IndexOf('#', StringComparison.Ordinal) + 1)..].Replace("%2B", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(' ', text);
        Assert.Equal(remark, VlessLink.Parse(text).Remark);
    }

    [Fact]
    public void Ipv6_hosts_are_bracketed_and_parse_back()
    {
        var link = new VlessLink("id-1", "2001:db8::1", 8443, new Dictionary<string, string> { ["type"] = "tcp" }, "v6");

        Assert.StartsWith("vless://id-1@[2001:db8::1]:8443?", link.ToString(), StringComparison.Ordinal);
        var parsed = VlessLink.Parse(link.ToString());
        Assert.Equal("2001:db8::1", parsed.Host);
        Assert.Equal(8443, parsed.Port);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Any_remark_and_values_round_trip(NonNull<string> remark, NonNull<string> sni, PositiveInt port)
    {
        var link = new VlessLink(Guid.NewGuid().ToString(), "host.example", port.Get % 65535 + 1,
            new Dictionary<string, string> { ["sni"] = sni.Get, ["security"] = "reality" }, remark.Get);
        var parsed = VlessLink.Parse(link.ToString());
        return (parsed.Remark == remark.Get && parsed.ServerName == sni.Get && parsed.Port == link.Port && parsed.Id == link.Id).ToProperty();
    }

    [Theory]
    [InlineData("vmess://abc@host:1")]
    [InlineData("vless://host:443")]
    [InlineData("vless://id@host")]
    [InlineData("vless://id@host:0")]
    [InlineData("vless://id@host:70000")]
    [InlineData("vless://id@host:443?sni=a&sni=b")]
    public void Malformed_links_are_rejected(string text) => Assert.Throws<FormatException>(() => VlessLink.Parse(text));

    [Fact]
    public void The_builder_reads_double_encoded_and_nested_stream_settings_alike()
    {
        var stream = RealityStream();
        var asText = Inbound(JsonValue.Create(stream.ToJsonString()));
        var asObject = Inbound(stream);
        var client = Client();

        var fromText = ThreeXUiLinkBuilder.Build("de1.example", ThreeXUiInbound.Parse(asText, "panel"), client, "r", "panel");
        var fromObject = ThreeXUiLinkBuilder.Build("de1.example", ThreeXUiInbound.Parse(asObject, "panel"), client, "r", "panel");

        Assert.Equal(fromText.ToString(), fromObject.ToString());
        Assert.Equal("pubkey", fromText.PublicKey);
        Assert.Equal("ab12", fromText.ShortId);
        Assert.Equal("www.microsoft.com", fromText.ServerName);
        Assert.Equal("firefox", fromText.Fingerprint);
        Assert.Equal("tcp", fromText.Type); // "raw" is the new name of tcp; clients know "tcp"
    }

    [Fact]
    public void A_reality_inbound_without_a_public_key_is_misconfigured()
    {
        var stream = RealityStream();
        ((JsonObject)stream["realitySettings"]!["settings"]!).Remove("publicKey");

        var e = Assert.Throws<VpnBackendException>(() =>
            ThreeXUiLinkBuilder.Build("h", ThreeXUiInbound.Parse(Inbound(stream), "panel"), Client(), "r", "panel"));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
    }

    [Fact]
    public void Websocket_tls_inbounds_carry_path_and_host_and_no_vision_flow()
    {
        var stream = new JsonObject
        {
            ["network"] = "ws", ["security"] = "tls",
            ["wsSettings"] = new JsonObject { ["path"] = "/ws path", ["headers"] = new JsonObject { ["Host"] = "cdn.example" } },
            ["tlsSettings"] = new JsonObject { ["serverName"] = "cdn.example", ["alpn"] = new JsonArray("h2", "http/1.1"), ["settings"] = new JsonObject { ["fingerprint"] = "safari" } },
        };
        var inbound = ThreeXUiInbound.Parse(Inbound(stream), "panel");

        var link = ThreeXUiLinkBuilder.Build("h", inbound, Client(), "r", "panel");

        Assert.Equal("", ThreeXUiLinkBuilder.FlowFor(inbound));
        Assert.Null(link.Flow);
        Assert.Equal("/ws path", link.Get("path"));
        Assert.Equal("cdn.example", link.Get("host"));
        Assert.Equal("h2,http/1.1", link.Get("alpn"));
        Assert.Equal("safari", link.Fingerprint);
        Assert.Contains("path=%2Fws%20path", link.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_vless_inbound_is_misconfigured()
    {
        var inbound = Inbound(RealityStream());
        inbound["protocol"] = "vmess";
        var e = Assert.Throws<VpnBackendException>(() => ThreeXUiLinkBuilder.Build("h", ThreeXUiInbound.Parse(inbound, "p"), Client(), "r", "p"));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
    }

    private static VlessLink Sample(string remark) => new("b831381d-6324-4d53-ad4f-8cda48b30811", "vpn.example.com", 443,
        new Dictionary<string, string> { ["type"] = "tcp", ["security"] = "reality", ["spx"] = "/", ["sni"] = "www.apple.com" }, remark);

    private static ThreeXUiClient Client() => ThreeXUiClient.New("b831381d-6324-4d53-ad4f-8cda48b30811", "e", "xtls-rprx-vision",
        new ClientLimits(DateTimeOffset.UnixEpoch.AddDays(1), null, 1, true), 1, "sub", "");

    private static JsonObject RealityStream() => new()
    {
        ["network"] = "raw",
        ["security"] = "reality",
        ["realitySettings"] = new JsonObject
        {
            ["serverNames"] = new JsonArray("www.microsoft.com", "microsoft.com"),
            ["shortIds"] = new JsonArray("ab12", "ff"),
            ["privateKey"] = "secret-private",
            ["settings"] = new JsonObject { ["publicKey"] = "pubkey", ["fingerprint"] = "firefox", ["spiderX"] = "/" },
        },
    };

    private static JsonObject Inbound(JsonNode stream) => new()
    {
        ["id"] = 3, ["port"] = 443, ["protocol"] = "vless", ["remark"] = "x",
        ["settings"] = "{\"clients\":[],\"decryption\":\"none\"}", ["streamSettings"] = stream,
    };
}
