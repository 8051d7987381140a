using Godex.Wire;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Sessions;

/// <summary>Which session a request belongs to: its `user`, else the x-openclaw-session-key header, else the caller's address.</summary>
public static class SessionKeys
{
    public const string Header = "x-openclaw-session-key";

    public static string For(HttpContext http, ChatRequest request)
    {
        if (request.User is { Length: > 0 } user)
        {
            return "user:" + user;
        }

        if (http.Request.Headers[Header].ToString() is { Length: > 0 } header)
        {
            return "header:" + header;
        }

        return "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
