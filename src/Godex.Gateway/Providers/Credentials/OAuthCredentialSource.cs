using System.Text.Json.Nodes;

using Godex.Wire;

using Microsoft.Extensions.Logging;

namespace Godex.Gateway.Providers.Credentials;

/// <summary>What an <see cref="OAuthCredentialSource"/> is told about its provider's login.</summary>
public sealed record OAuthSourceOptions
{
    /// <summary>The provider's name, put in every message.</summary>
    public required string Provider { get; init; }

    /// <summary>The command that logs in again (`claude /login`), named when only that helps.</summary>
    public required string LoginCommand { get; init; }

    /// <summary>Where refresh tokens are exchanged; null when Godex must not refresh (the CLI owns it).</summary>
    public TokenEndpoint? Refresh { get; init; }

    /// <summary>How long before expiry to refresh; null refreshes only after a 401.</summary>
    public TimeSpan? RefreshAhead { get; init; }

    /// <summary>How to let Godex refresh, told when refresh is off and the upstream refuses the token.</summary>
    public string? EnableRefreshHint { get; init; }
}

/// <summary>
/// A subscription login kept in a CLI's token file. Refreshes before expiry and once after a 401, one
/// refresh at a time however many requests need it (the others wait for it and use its result); writes
/// the new tokens back; and prefers the file whenever someone else wrote it (the CLI refreshed, or the
/// user logged in again), so Godex never spends a refresh token the CLI has already used. A refused
/// refresh token stops further refreshes until the file changes.
/// </summary>
public sealed partial class OAuthCredentialSource : ICredentialSource, IDisposable
{
    private readonly TokenFile _file;
    private readonly ITokenFileFormat _format;
    private readonly OAuthSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private volatile Login? _login;
    private volatile string? _unreadable;
    private volatile string? _refused;

    public OAuthCredentialSource(TokenFile file, ITokenFileFormat format, OAuthSourceOptions options, TimeProvider time, ILogger logger)
    {
        _file = file;
        _format = format;
        _options = options;
        _time = time;
        _logger = logger;
        Load();
    }

    public string Location => _file.Location;

    public CredentialState State
    {
        get
        {
            if ((_unreadable is not null || _refused is not null) && _gate.Wait(0))
            {
                // Asked by /health or `godex models`: a login made since should show at once, not after the next request.
                try
                {
                    ReloadIfChanged();
                }
                finally
                {
                    _gate.Release();
                }
            }

            return _unreadable is { } reason ? CredentialState.Unavailable(reason)
                : _refused is { } refused ? CredentialState.Unavailable($"the refresh token in {Location} was refused ({refused}); log in again with `{_options.LoginCommand}`")
                : CredentialState.Ready;
        }
    }

    /// <summary>A credential for the next call, refreshed first when it is about to expire.</summary>
    public async ValueTask<Credential> GetAsync(CancellationToken cancellationToken)
    {
        if (_login is { } login && !RefreshDue(login.Tokens))
        {
            return login.Credential;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ReloadIfChanged();
            login = _login ?? throw Unavailable();
            if (!RefreshDue(login.Tokens))
            {
                return login.Credential; // refreshed while this request waited, or by the CLI
            }

            if (_refused is null)
            {
                try
                {
                    return (await RefreshAsync(login, cancellationToken)).Credential;
                }
                catch (GodexException) when (!Expired(login.Tokens))
                {
                    // The token still has a little time: use it, and try again on a later request.
                }
            }

            return Expired(login.Tokens) && _refused is { } refused ? throw LoginExpired(refused) : login.Credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    async ValueTask<Credential?> ICredentialSource.GetAsync(ProviderCall? call, CancellationToken cancellationToken) =>
        await GetAsync(cancellationToken); // a login replaces any key the caller sent

    async ValueTask<Credential?> ICredentialSource.RenewAsync(Credential rejected, GodexError refusal, CancellationToken cancellationToken) =>
        await RenewAsync(rejected, refusal, cancellationToken);

    /// <summary>A newer token after a 401: another request's refresh, the CLI's own, or a refresh made now. Throws when there is none.</summary>
    public async ValueTask<Credential> RenewAsync(Credential rejected, GodexError refusal, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ReloadIfChanged();
            var login = _login ?? throw Unavailable();
            if (login.Credential.AccessToken != rejected.AccessToken)
            {
                return login.Credential; // another request, or the CLI, has renewed it already
            }

            if (_refused is { } refused)
            {
                throw LoginExpired(refused);
            }

            if (_options.Refresh is null)
            {
                var enable = _options.EnableRefreshHint is { } hint ? $", or {hint}" : "";
                throw new GodexException(new GodexError(401, "provider.login_expired",
                    $"Provider '{_options.Provider}' was refused with the login in {Location} ({refusal.Message}). Log in again with `{_options.LoginCommand}`{enable}.")
                { UpstreamType = refusal.UpstreamType, UpstreamCode = refusal.UpstreamCode });
            }

            return (await RefreshAsync(login, cancellationToken)).Credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool RefreshDue(TokenSet tokens) =>
        _options is { Refresh: not null, RefreshAhead: { } ahead } && tokens.ExpiresAt is { } expires && _time.GetUtcNow() >= expires - ahead;

    private bool Expired(TokenSet tokens) => tokens.ExpiresAt is { } expires && _time.GetUtcNow() >= expires;

    /// <summary>Exchanges the refresh token and writes the result back; the caller holds the gate.</summary>
    private async Task<Login> RefreshAsync(Login login, CancellationToken cancellationToken)
    {
        TokenResponse answer;
        try
        {
            answer = login.Tokens.RefreshToken is { Length: > 0 } refreshToken
                ? await _options.Refresh!.RefreshAsync(refreshToken, cancellationToken)
                : throw new TokenRefreshException(permanent: true, $"{Location} holds no refresh token");
        }
        catch (TokenRefreshException failure)
        {
            LogRefreshFailed(_logger, _options.Provider, Location, failure.Message);
            if (failure.Permanent)
            {
                _refused = failure.Message;
                throw LoginExpired(failure.Message);
            }

            throw new GodexException(new GodexError(502, "provider.token_refresh_failed",
                $"Provider '{_options.Provider}' could not refresh its login ({Location}): {failure.Message}."));
        }

        var now = _time.GetUtcNow();
        var document = (JsonObject)login.Document.DeepClone();
        _format.Write(document, login.Tokens with
        {
            AccessToken = answer.AccessToken!,
            RefreshToken = answer.RefreshToken ?? login.Tokens.RefreshToken,
            IdToken = answer.IdToken ?? login.Tokens.IdToken,
            ExpiresAt = answer.ExpiresIn is { } seconds ? now.AddSeconds(seconds) : null,
        }, now);

        var stamp = login.Stamp;
        try
        {
            stamp = _file.Write(document);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The new tokens still serve this process; the CLI keeps its own copy until it refreshes.
            LogWriteBackFailed(_logger, _options.Provider, Location, exception.Message);
        }

        var refreshed = Create(document, stamp);
        _login = refreshed;
        _refused = null;
        LogRefreshed(_logger, _options.Provider, Location, refreshed.Tokens.ExpiresAt);
        return refreshed;
    }

    /// <summary>Reads the file again when someone else has written it since (or it could not be read before).</summary>
    private void ReloadIfChanged()
    {
        if (_login is { } login && _file.Stamp() == login.Stamp)
        {
            return;
        }

        var before = _login;
        Load();
        if (before is not null && _login is { } after && after.Tokens.AccessToken != before.Tokens.AccessToken)
        {
            LogAdopted(_logger, _options.Provider, Location);
        }
    }

    private void Load()
    {
        try
        {
            var (document, stamp) = _file.Read();
            var login = Create(document, stamp);
            if (_login is not { } previous || previous.Tokens.RefreshToken != login.Tokens.RefreshToken)
            {
                _refused = null; // a new login: its refresh token has not been refused
            }

            _login = login;
            _unreadable = null;
        }
        catch (Exception exception) when (exception is TokenFileException or FormatException)
        {
            _login = null;
            _unreadable = exception is TokenFileException
                ? $"{exception.Message}; log in with `{_options.LoginCommand}`, or point providers.{_options.Provider}.auth_path at the file"
                : $"{Location}: {exception.Message}; log in again with `{_options.LoginCommand}`";
        }
    }

    private Login Create(JsonObject document, FileStamp stamp)
    {
        var tokens = _format.Read(document);
        return new Login(tokens, document, stamp, new Credential(tokens.AccessToken, tokens.ExpiresAt) { Headers = _format.Headers(tokens) });
    }

    private GodexException Unavailable() =>
        new(new GodexError(503, "provider.unavailable", $"Provider '{_options.Provider}' is not available: {_unreadable ?? Location + " cannot be read"}."));

    private GodexException LoginExpired(string detail) =>
        new(new GodexError(401, "provider.login_expired",
            $"Provider '{_options.Provider}' cannot refresh its login in {Location}: the refresh token was refused ({detail}). Log in again with `{_options.LoginCommand}`; Godex picks up the new login without a restart."));

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {Provider} refreshed its login ({Location}); the new token expires {ExpiresAt}")]
    private static partial void LogRefreshed(ILogger logger, string provider, string location, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} could not refresh its login ({Location}): {Detail}")]
    private static partial void LogRefreshFailed(ILogger logger, string provider, string location, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} refreshed its login but could not write {Location} back: {Reason}")]
    private static partial void LogWriteBackFailed(ILogger logger, string provider, string location, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {Provider} picked up a newer login from {Location}")]
    private static partial void LogAdopted(ILogger logger, string provider, string location);

    /// <summary>The login as last read or refreshed: tokens, the whole document (to write back), its stamp, and the credential to hand out.</summary>
    private sealed record Login(TokenSet Tokens, JsonObject Document, FileStamp Stamp, Credential Credential)
    {
        public override string ToString() => $"Login ({Tokens})"; // never the document: it holds the tokens
    }
}
