using System.Runtime.Serialization;

namespace VpnBot.Core;

public enum UserRole { Client, Admin, Support }

public enum SubscriptionStatus { Active, Expired, Suspended, Pending }

public enum VpnProtocol
{
    [EnumMember(Value = "vless")] Vless,
    [EnumMember(Value = "openvpn")] OpenVpn,
    [EnumMember(Value = "wireguard")] WireGuard,
    [EnumMember(Value = "ikev2")] Ikev2,
}

public enum TicketStatus { Open, InProgress, WaitingClient, Closed }

public enum TicketPriority { Low, Normal, High, Urgent }

public enum PaymentStatus { Pending, Completed, Failed, Refunded }

/// <summary>What a payment buys.</summary>
public enum PaymentPurpose { Subscription, TopUp, Gift }
