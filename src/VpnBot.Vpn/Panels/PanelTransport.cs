using System.Net;
using Polly.Timeout;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Panels;

/// <summary>Turns transport failures into <see cref="VpnBackendException"/>s whose messages carry no secrets.</summary>
internal static class PanelTransport
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string panel, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException e)
        {
            throw new VpnBackendException(VpnBackendError.Timeout, $"{panel} did not answer in time.", e);
        }
        catch (OperationCanceledException e)
        {
            throw new VpnBackendException(VpnBackendError.Timeout, $"{panel} did not answer in time.", e);
        }
        catch (HttpRequestException e)
        {
            throw new VpnBackendException(VpnBackendError.Unreachable, $"{panel} is unreachable ({e.HttpRequestError}).", e);
        }
    }

    /// <summary>The error for a status the caller has no specific meaning for.</summary>
    public static VpnBackendException UnexpectedStatus(string panel, HttpStatusCode status, string route) =>
        (int)status >= 500
            ? new VpnBackendException(VpnBackendError.Unreachable, $"{panel} failed with HTTP {(int)status} on {route}.")
            : new VpnBackendException(VpnBackendError.Rejected, $"{panel} answered HTTP {(int)status} on {route}.");

    /// <summary>Shortens text from a panel before it goes into an exception message.</summary>
    public static string Clip(string? text, int max = 200) =>
        string.IsNullOrEmpty(text) ? "" : text.Length <= max ? text : text[..max] + "…";
}
