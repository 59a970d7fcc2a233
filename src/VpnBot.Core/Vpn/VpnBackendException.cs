namespace VpnBot.Core.Vpn;

public enum VpnBackendError
{
    /// <summary>Connection refused, DNS failure, reset: the server is down or unreachable.</summary>
    Unreachable,
    Timeout,
    /// <summary>Credentials rejected even after a fresh login.</summary>
    Unauthorized,
    /// <summary>The backend answered but refused the operation (validation, duplicate, unknown inbound).</summary>
    Rejected,
    /// <summary>The server's settings are missing or invalid for this protocol.</summary>
    Misconfigured,
    NotSupported,
}

/// <summary>A typed failure the bots can explain to people; the message never carries secrets.</summary>
public sealed class VpnBackendException : Exception
{
    public VpnBackendException(VpnBackendError error, string message, Exception? inner = null) : base(message, inner) => Error = error;

    public VpnBackendException() : this(VpnBackendError.Unreachable, "VPN backend failure") { }

    public VpnBackendException(string message) : this(VpnBackendError.Unreachable, message) { }

    public VpnBackendException(string message, Exception inner) : this(VpnBackendError.Unreachable, message, inner) { }

    public VpnBackendError Error { get; }

    /// <summary>True when trying again later may succeed (the background retry keeps going).</summary>
    public bool IsTransient => Error is VpnBackendError.Unreachable or VpnBackendError.Timeout;
}
