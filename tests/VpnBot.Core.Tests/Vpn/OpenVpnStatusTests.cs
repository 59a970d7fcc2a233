using VpnBot.Vpn.OpenVpn;

namespace VpnBot.Core.Tests.Vpn;

public class OpenVpnStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 7, 30, 0, TimeSpan.Zero);

    private const string V2 = """
        TITLE,OpenVPN 2.6.3 x86_64-pc-linux-gnu
        TIME,2026-11-26 07:29:58,1795670998
        HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t),Username,Client ID,Peer ID,Data Channel Cipher
        CLIENT_LIST,tg_1_s1_openvpn,203.0.113.5:51234,10.8.0.6,,12345,67890,2026-11-26 07:00:00,1795669200,UNDEF,0,0,AES-256-GCM
        CLIENT_LIST,tg_2_s2_openvpn,203.0.113.9:40000,10.8.0.10,,1,2,2026-11-26 07:10:00,1795669800,UNDEF,1,1,AES-256-GCM
        HEADER,ROUTING_TABLE,Virtual Address,Common Name,Real Address,Last Ref,Last Ref (time_t)
        ROUTING_TABLE,10.8.0.6,tg_1_s1_openvpn,203.0.113.5:51234,2026-11-26 07:29:50,1795670990
        GLOBAL_STATS,Max bcast/mcast queue length,0
        END
        """;

    private const string V1 = """
        OpenVPN CLIENT LIST
        Updated,2026-11-26 07:29:58
        Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since
        tg_1_s1_openvpn,203.0.113.5:51234,111,222,2026-11-26 07:00:00
        ROUTING TABLE
        Virtual Address,Common Name,Real Address,Last Ref
        10.8.0.6,tg_1_s1_openvpn,203.0.113.5:51234,2026-11-26 07:29:50
        GLOBAL STATS
        END
        """;

    [Fact]
    public void A_listed_client_is_online_with_its_session_bytes_v2()
    {
        var usage = OpenVpnStatus.UsageOf(V2, "tg_1_s1_openvpn", Now);
        Assert.True(usage.Online);
        Assert.Equal(12345, usage.UploadBytes);
        Assert.Equal(67890, usage.DownloadBytes);
        Assert.Equal(Now, usage.LastSeen);
    }

    [Fact]
    public void Version_3_is_tab_separated() =>
        Assert.Equal(67890, OpenVpnStatus.UsageOf(V2.Replace(',', '\t'), "tg_1_s1_openvpn", Now).DownloadBytes);

    [Fact]
    public void Version_1_lists_clients_before_the_routing_table()
    {
        var usage = OpenVpnStatus.UsageOf(V1, "tg_1_s1_openvpn", Now);
        Assert.Equal((111L, 222L, true), (usage.UploadBytes, usage.DownloadBytes, usage.Online));
        Assert.Single(OpenVpnStatus.ClientRows(V1));
    }

    [Fact]
    public void An_absent_client_is_offline_and_a_prefix_does_not_match()
    {
        var usage = OpenVpnStatus.UsageOf(V2, "tg_1_s1", Now);
        Assert.False(usage.Online);
        Assert.Equal(0, usage.UploadBytes);
        Assert.Null(usage.LastSeen);
    }
}
