using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>`cors:` and `tls:`: how browsers and TLS clients reach the front doors.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] CorsKeys = ["origins", "headers", "methods", "credentials", "max_age"];
    private static readonly string[] TlsKeys = ["cert", "key"];

    private CorsConfig? ReadCors(YamlMappingNode root)
    {
        if (Child(root, "cors") is not { } node)
        {
            return null;
        }

        var map = Mapping(node, "cors");
        CheckKeys(map, CorsKeys, "cors.");
        var origins = StringList(map, "origins", "cors").Select(origin => origin.Trim()).ToList();
        if (origins.Count == 0)
        {
            throw Error(node, "cors.origins", "is required to turn CORS on: the origins that may call Godex from a browser (e.g. [\"https://app.example.com\"], or [\"*\"] for any).");
        }

        foreach (var origin in origins.Where(origin => origin != "*" && !IsOrigin(origin)))
        {
            throw Error(Child(map, "origins")!, "cors.origins", $"'{origin}' is not an origin: write scheme://host[:port] with no path (e.g. https://app.example.com), or \"*\".");
        }

        var headers = StringList(map, "headers", "cors").Select(header => header.Trim().ToLowerInvariant()).ToList();
        if (headers.Any(header => header.Length == 0 || (header != "*" && !header.All(IsTokenChar))))
        {
            throw Error(Child(map, "headers")!, "cors.headers", "holds a name that is not a header name.");
        }

        var methods = StringList(map, "methods", "cors").Select(method => method.Trim().ToUpperInvariant()).ToList();
        if (methods.Any(method => method.Length == 0 || !method.All(char.IsAsciiLetterUpper)))
        {
            throw Error(Child(map, "methods")!, "cors.methods", "holds a name that is not an HTTP method (GET, POST, DELETE, ...).");
        }

        var credentials = OptionalBool(map, "credentials", "cors") ?? false;
        if (credentials && origins.Contains("*"))
        {
            throw Error(Child(map, "credentials")!, "cors.credentials", "cannot be true with origin \"*\": browsers refuse credentials for any origin; list the origins instead.");
        }

        return new CorsConfig
        {
            Origins = origins,
            Headers = headers,
            Methods = methods.Count > 0 ? methods : CorsConfig.DefaultMethods,
            Credentials = credentials,
            MaxAgeSeconds = OptionalInt(map, "max_age", "cors") ?? CorsConfig.DefaultMaxAgeSeconds,
        };
    }

    private TlsConfig? ReadTls(YamlMappingNode root)
    {
        if (Child(root, "tls") is not { } node)
        {
            return null;
        }

        var map = Mapping(node, "tls");
        CheckKeys(map, TlsKeys, "tls.");
        var cert = OptionalString(map, "cert", "tls");
        var key = OptionalString(map, "key", "tls");
        if (cert is null || key is null)
        {
            throw Error(node, cert is null ? "tls.cert" : "tls.key", "is required: TLS needs both a PEM certificate file (cert) and its private key file (key).");
        }

        var tls = new TlsConfig(RelativeToConfig(cert), RelativeToConfig(key));
        try
        {
            // Read once here so `godex config check` and start-up refuse a bad file with its place in the config.
            using var _ = tls.Load();
        }
        catch (ConfigException exception)
        {
            throw Error(node, "tls", exception.Message);
        }

        return tls;
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && !text.EndsWith('/')
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;

    /// <summary>RFC 9110's token characters, the ones a header name is made of.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
