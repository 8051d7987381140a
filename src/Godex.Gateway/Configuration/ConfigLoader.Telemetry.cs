using System.Globalization;

using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>The storage, trace and prices sections of godex.yaml.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] StorageKeys = ["path", "postgres"];
    private static readonly string[] TraceKeys = ["enabled", "capture_payload", "retention_days", "queue_capacity", "overflow"];
    private static readonly string[] PriceKeys = ["input", "output", "cached_read", "cache_write", "reasoning", "source"];
    private static readonly string[] OverflowPolicies = ["drop_newest", "drop_oldest", "block"];

    private StorageConfig ReadStorage(YamlMappingNode root)
    {
        if (Child(root, "storage") is not { } node)
        {
            return new StorageConfig();
        }

        var map = Mapping(node, "storage");
        CheckKeys(map, StorageKeys, "storage.");
        var postgres = OptionalString(map, "postgres", "storage");
        if (postgres is not null)
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(postgres);
            }
            catch (ArgumentException exception)
            {
                throw Error(Child(map, "postgres")!, "storage.postgres", $"is not a PostgreSQL connection string (Host=...;Username=...;Password=${{PG_PASSWORD}};Database=...): {exception.Message}");
            }
        }

        return new StorageConfig { Path = OptionalString(map, "path", "storage"), Postgres = postgres };
    }

    private TraceConfig ReadTrace(YamlMappingNode root)
    {
        if (Child(root, "trace") is not { } node)
        {
            return new TraceConfig();
        }

        var map = Mapping(node, "trace");
        CheckKeys(map, TraceKeys, "trace.");
        var defaults = new TraceConfig();
        var overflow = OptionalString(map, "overflow", "trace") ?? defaults.Overflow;
        if (Array.IndexOf(OverflowPolicies, overflow) < 0)
        {
            throw Error(Child(map, "overflow")!, "trace.overflow", $"'{overflow}' is not one of {string.Join(", ", OverflowPolicies)}.");
        }

        return new TraceConfig
        {
            Enabled = OptionalBool(map, "enabled", "trace") ?? defaults.Enabled,
            CapturePayload = OptionalBool(map, "capture_payload", "trace") ?? defaults.CapturePayload,
            RetentionDays = OptionalInt(map, "retention_days", "trace") ?? defaults.RetentionDays,
            QueueCapacity = OptionalInt(map, "queue_capacity", "trace") ?? defaults.QueueCapacity,
            Overflow = overflow,
        };
    }

    private Dictionary<string, ModelPrice> ReadPrices(YamlMappingNode root)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        if (Child(root, "prices") is not { } node)
        {
            return prices;
        }

        foreach (var (key, value) in Mapping(node, "prices").Children)
        {
            var model = KeyName(key, "prices");
            var path = $"prices.{model}";
            var map = Mapping(value, path);
            CheckKeys(map, PriceKeys, path + ".");
            prices[model] = new ModelPrice
            {
                Input = Price(map, "input", path) ?? throw Error(value, path + ".input", "is required (USD per million input tokens)."),
                Output = Price(map, "output", path) ?? throw Error(value, path + ".output", "is required (USD per million output tokens)."),
                CachedRead = Price(map, "cached_read", path),
                CacheWrite = Price(map, "cache_write", path),
                Reasoning = Price(map, "reasoning", path),
                Source = OptionalString(map, "source", path) ?? "godex.yaml",
            };
        }

        return prices;
    }

    private decimal? Price(YamlMappingNode map, string name, string parent)
    {
        var text = OptionalString(map, name, parent);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw Error(Child(map, name)!, $"{parent}.{name}", $"'{text}' is not a price (USD per million tokens, e.g. 0.27).");
    }
}
