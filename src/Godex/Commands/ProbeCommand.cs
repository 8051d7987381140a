using System.CommandLine;
using System.Globalization;
using System.Text.Json;

using Godex.Gateway.Admin;
using Godex.Gateway.Admin.Providers;
using Godex.Gateway.Configuration;
using Godex.Gateway.Hosting;
using Godex.Gateway.Reliability;
using Godex.Gateway.Routing;
using Godex.Wire;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Godex.Commands;

/// <summary>
/// `godex probe MODEL [--all]`: a tiny real request (the admin API's provider probe) to the candidates
/// routing plans for the model, in plan order until one answers, or to every one with `--all`. Prints
/// each candidate's provider and member, latency, time to first token, tokens and the start of the answer
/// or the error. Exit code: 0 answered (every candidate with --all), 1 a probe failed, 2 bad config, 3
/// the model does not route.
/// </summary>
internal static class ProbeCommand
{
    public const int Answered = 0;
    public const int Failed = 1;
    public const int BadConfig = 2;
    public const int NoRoute = 3;

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "a model name or alias, as a client would send it" };
        var all = new Option<bool>("--all") { Description = "probe every candidate of the plan (each pool member, each fallback), not only until one answers" };
        var prompt = new Option<string>("--prompt") { Description = $"the message to send (default: \"{ProviderProbe.DefaultPrompt}\")" };
        var config = new Option<string>("--config") { Description = "config file (default: the one serve would use)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object per probe" };
        var command = new Command("probe", $"Send a tiny request (at most {ProviderProbe.MaxOutputTokens} output tokens) through a model's route and show who answered, how fast, and what.") { model, all, prompt, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            ServeOptions options;
            try
            {
                options = ServeOptionsResolver.Resolve(new ServeFlags(), ConfigFiles.Load(parse.GetValue(config)), Environment.GetEnvironmentVariable);
            }
            catch (ConfigException exception)
            {
                await Console.Error.WriteLineAsync($"godex probe: invalid configuration: {exception.Message}");
                return BadConfig;
            }

            var services = new ServiceCollection();
            services.AddLogging(logging => logging.AddFilter(_ => false));
            services.AddGodexGateway(options);
            await using var provider = services.BuildServiceProvider();
            RoutePlan plan;
            try
            {
                plan = provider.GetRequiredService<LiveRouting>().Current.Router.Plan(parse.GetValue(model)!, providerOverride: null);
            }
            catch (GodexException exception)
            {
                await Console.Error.WriteLineAsync($"godex probe: {exception.Error.Message}");
                return NoRoute;
            }

            var probe = provider.GetRequiredService<ProviderProbe>();
            var failures = 0;
            var answered = false;
            foreach (var member in Members(plan))
            {
                var outcome = await probe.RunAsync(member.Member, member.UpstreamModel, parse.GetValue(prompt), cancellationToken);
                Print(outcome, parse.GetValue(json));
                answered |= outcome.Error is null;
                failures += outcome.Error is null ? 0 : 1;
                if (answered && !parse.GetValue(all))
                {
                    break;
                }
            }

            return answered && (failures == 0 || !parse.GetValue(all)) ? Answered : Failed;
        });
        return command;
    }

    /// <summary>Each pool member of the plan once, in plan order (a plan that cycles members for retries names them again).</summary>
    private static List<(PoolMember Member, string UpstreamModel)> Members(RoutePlan plan)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var members = new List<(PoolMember, string)>();
        foreach (var route in plan.Candidates)
        {
            if (route.Member is { } member && seen.Add(member.Id + "\n" + route.UpstreamModel))
            {
                members.Add((member, route.UpstreamModel));
            }
        }

        return members;
    }

    private static void Print(ProbeOutcome outcome, bool json)
    {
        if (json)
        {
            using var stream = Console.OpenStandardOutput();
            using (var writer = new Utf8JsonWriter(stream))
            {
                ProbeResult.Write(writer, outcome);
            }

            stream.WriteByte((byte)'\n');
            return;
        }

        var timing = string.Create(CultureInfo.InvariantCulture, $"{outcome.LatencyMs:0} ms, first token {(outcome.FirstTokenMs is { } first ? $"{first:0} ms" : "-")}");
        if (outcome.Error is { } error)
        {
            Console.WriteLine($"{outcome.Member} ({outcome.Model}): failed after {timing}: {error.Status} {error.Code}: {error.Message}");
            return;
        }

        var tokens = outcome.Usage is { } usage ? string.Create(CultureInfo.InvariantCulture, $", {usage.InputTokens} in / {usage.OutputTokens} out") : "";
        Console.WriteLine($"{outcome.Member} ({outcome.Model}): ok in {timing}{tokens}: {outcome.Text.Trim()}");
    }
}
