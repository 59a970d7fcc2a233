namespace VpnBot.Core.Payments;

/// <summary>The provider refused or could not be reached. Messages carry no keys or tokens.</summary>
public sealed class PaymentGatewayException : Exception
{
    public PaymentGatewayException() : base("Payment provider failure.") { }

    public PaymentGatewayException(string message) : base(message) { }

    public PaymentGatewayException(string message, Exception inner) : base(message, inner) { }

    public PaymentGatewayException(string message, int? statusCode, string? errorCode, Exception? inner = null) : base(message, inner)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>HTTP status from the provider, null when it did not answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The provider's error code (e.g. YooKassa "invalid_credentials", Crypto Pay "UNAUTHORIZED").</summary>
    public string? ErrorCode { get; }

    /// <summary>Not found at the provider: a forged or foreign id.</summary>
    public bool IsNotFound => StatusCode == 404;

    /// <summary>Trying again later may succeed (network, timeout, 5xx, 429): answer webhooks with 5xx so the provider redelivers.</summary>
    public bool IsTransient => StatusCode is null or >= 500 or 429;
}
