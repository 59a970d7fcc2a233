namespace VpnBot.Host.Bots.Client;

/// <summary>The callback-data prefixes of the client bot's inline buttons (routed in ClientBotModule).</summary>
public static class ClientCallbacks
{
    public const string Home = "home";

    /// <summary>srv, srv:p:{page}</summary>
    public const string Servers = "srv";

    /// <summary>ins, ins:{platform}, ins:{platform}:{protocol}</summary>
    public const string Instructions = "ins";

    /// <summary>sup (the open ticket, or a new one), sup:write:{ticket}, sup:reply:{ticket} (under a support answer)</summary>
    public const string Support = "sup";

    /// <summary>supclose:{ticket} asks, supclose:{ticket}:yes closes.</summary>
    public const string SupportClose = "supclose";

    /// <summary>Abandons the ticket being written.</summary>
    public const string SupportCancel = "supcancel";

    public const string Profile = "prof";

    /// <summary>plang, plang:{ru|en}</summary>
    public const string Language = "plang";

    /// <summary>pproto, pproto:{vless|wg|ovpn|auto}</summary>
    public const string Protocol = "pproto";

    public const string Payments = "ppay";

    /// <summary>buy (plans), buy:p:{plan}, buy:s:{plan}:{server}, buy:m:{plan}:{server}:{method}, buy:c:{payment}</summary>
    public const string Buy = "buy";

    public const string Trial = "trial";

    /// <summary>arc:{plan}:{server} shows the auto-renewal terms, arc:{plan}:{server}:y accepts them and opens the card checkout.</summary>
    public const string AutoRenewalConsent = "arc";

    /// <summary>promo (enter a code from the profile), promo:a:{plan}:{server} (at checkout), promo:x:{plan}:{server} (remove it)</summary>
    public const string Promo = "promo";

    /// <summary>sub (my subscription), sub:ar:{subscription}:{1|0} (auto-renewal)</summary>
    public const string Subscription = "sub";

    /// <summary>cfg (my keys), cfg:s:{config} send, cfg:r:{config}[:y] re-issue, cfg:p:{config}[:{protocol}] switch, cfg:l:{config}[:{server}] move</summary>
    public const string Config = "cfg";

    /// <summary>ref: "Invite friends" (the personal link and what it brought).</summary>
    public const string Invite = "ref";

    /// <summary>gift (plans to give), gift:p:{plan}, gift:m:{plan}:{method}, gift:l (my gifts)</summary>
    public const string Gift = "gift";

    /// <summary>link asks to reset the subscription link, link:y:{fingerprint of the link shown} resets it.</summary>
    public const string FeedLink = "link";
}
