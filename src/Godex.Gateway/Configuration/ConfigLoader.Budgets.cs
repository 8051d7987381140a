using System.Globalization;

using Godex.Gateway.Security.Budgets;
using Godex.Gateway.Security.Keys;

using YamlDotNet.RepresentationModel;

namespace Godex.Gateway.Configuration;

/// <summary>Budgets: `token_quota`, `budget_usd` and `window` on a key or `limits.per_key`, and `limits`' budget settings.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] BudgetKeys = ["token_quota", "budget_usd", "window"];

    /// <summary>A mapping's budget, or null when it sets none; a window alone is a mistake worth saying.</summary>
    private BudgetRule? ReadBudget(YamlMappingNode map, string parent)
    {
        var quota = OptionalLong(map, "token_quota", parent);
        var usd = OptionalUsd(map, "budget_usd", parent);
        var window = OptionalString(map, "window", parent);
        if (window is not null && !BudgetWindows.IsValid(window))
        {
            throw Error(Child(map, "window")!, $"{parent}.window", $"'{window}' is not one of {string.Join(", ", BudgetWindows.All)}.");
        }

        if (quota is null && usd is null)
        {
            return window is null ? null : throw Error(Child(map, "window")!, $"{parent}.window", "a window needs a token_quota or a budget_usd to count.");
        }

        return new BudgetRule { TokenQuota = quota, BudgetUsd = usd, Window = window ?? "30d" };
    }

    /// <summary>`limits.budget_status`, `limits.session_budget_usd`, `limits.max_repeated_tool_calls`.</summary>
    private LimitsConfig ReadBudgetLimits(YamlMappingNode limits, LimitsConfig config)
    {
        var status = OptionalInt(limits, "budget_status", "limits") ?? 429;
        if (status is not (429 or 402))
        {
            throw Error(Child(limits, "budget_status")!, "limits.budget_status", $"'{status}' is neither 429 (Too Many Requests, the default) nor 402 (Payment Required).");
        }

        var repeats = OptionalInt(limits, "max_repeated_tool_calls", "limits");
        if (repeats < 2)
        {
            throw Error(Child(limits, "max_repeated_tool_calls")!, "limits.max_repeated_tool_calls", "must be at least 2: one call is not a loop.");
        }

        return config with
        {
            BudgetStatus = status,
            SessionBudgetUsd = OptionalUsd(limits, "session_budget_usd", "limits"),
            MaxRepeatedToolCalls = repeats,
        };
    }

    private long? OptionalLong(YamlMappingNode map, string name, string parent)
    {
        var text = OptionalString(map, name, parent);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Error(Child(map, name)!, $"{parent}.{name}", $"'{text}' is not a positive whole number.");
    }

    /// <summary>A positive amount of US dollars (`50`, `0.25`; no currency sign).</summary>
    private decimal? OptionalUsd(YamlMappingNode map, string name, string parent)
    {
        var text = OptionalString(map, name, parent);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Error(Child(map, name)!, $"{parent}.{name}", $"'{text}' is not a positive amount of US dollars (e.g. 50 or 0.25).");
    }
}
