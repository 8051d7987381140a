using System.Text.Json;

using Godex.Gateway.Common;
using Godex.Gateway.Configuration;
using Godex.Gateway.Sessions;
using Godex.Gateway.Storage.Postgres;
using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Storage.Sqlite;
using Godex.Testing;
using Godex.Wire;

using Microsoft.Extensions.Logging.Abstractions;

namespace Godex.Gateway.Tests.Sessions;

/// <summary>The response store, the write queue and chain resolution, each test on SQLite and on PostgreSQL.</summary>
public sealed class ResponseStoreTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000);
    private readonly string _directory = Directory.CreateTempSubdirectory("godex-responses-").FullName;
    private readonly List<IAsyncDisposable> _databases = [];

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_stored_turn_reads_back_with_every_part_kind_intact(string engine)
    {
        var store = await StoreAsync(engine);
        var bag = new ExtensionBag("anthropic", new Dictionary<string, JsonElement> { ["cache_control"] = JsonDocument.Parse("""{"type":"ephemeral"}""").RootElement });
        var turn = Turn("resp_1", null) with
        {
            Instructions = "Be brief.",
            Owner = "key:0123456789abcdef01234567",
            Provider = "openai",
            UpstreamId = "resp_68af0c1d2e3f",
            Input =
            [
                new ChatMessage(ChatRole.User, [new TextPart("look") { Extensions = bag }, new ImagePart { Data = [1, 2, 3], MediaType = "image/png" }, new FilePart { FileId = "file_1", FileName = "a.pdf" }]) { Name = "ann" },
                new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_0", [new TextPart("42")]) { IsError = true, Name = "add" }]),
            ],
            Output = [new ReasoningPart { Text = "hm", Signature = "sig", Redacted = true }, new ToolCallPart("call_1", "add", """{"a":1}""") { Signature = "ts" }, new TextPart("done")],
            Usage = new Usage { InputTokens = 10, OutputTokens = 5, CachedInputTokens = 2, CacheWriteTokens = 1, ReasoningTokens = 3, Estimated = true },
            Status = ResponseStatus.Incomplete,
            FinishReason = FinishReason.Length,
            Error = new GodexError(502, "provider.x", "broke") { Param = "p" },
        };

        await store.WriteAsync([turn], CancellationToken.None);
        var read = (await store.GetAsync("resp_1", CancellationToken.None))!;

        Assert.Equal(StoredForm.Messages(turn.Input), StoredForm.Messages(read.Input));
        Assert.Equal(StoredForm.Parts(turn.Output), StoredForm.Parts(read.Output));
        Assert.Equal(turn.Usage, read.Usage);
        Assert.Equal(turn.Error, read.Error);
        Assert.Equal((turn.Instructions, turn.Status, turn.FinishReason, turn.Created, turn.SessionKey), (read.Instructions, read.Status, read.FinishReason, read.Created, read.SessionKey));
        Assert.Equal((turn.Owner, turn.Provider, turn.UpstreamId), (read.Owner, read.Provider, read.UpstreamId));
        var image = Assert.IsType<ImagePart>(read.Input[0].Parts[1]);
        Assert.Equal([1, 2, 3], image.Data);
        Assert.Equal("ephemeral", read.Input[0].Parts[0].Extensions!.Fields["cache_control"].GetProperty("type").GetString());
        Assert.Equal("anthropic", read.Input[0].Parts[0].Extensions!.Protocol);
        Assert.Null(await store.GetAsync("resp_missing", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_chain_reads_newest_first_in_one_query_and_stops_at_the_link_limit(string engine)
    {
        var store = await StoreAsync(engine);
        await store.WriteAsync([.. Enumerable.Range(0, 30).Select(i => Turn($"resp_{i}", i == 0 ? null : $"resp_{i - 1}"))], CancellationToken.None);

        var whole = await store.ChainAsync("resp_29", 100, CancellationToken.None);
        var limited = await store.ChainAsync("resp_29", 4, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 30).Reverse().Select(i => $"resp_{i}"), whole.Select(r => r.Id));
        Assert.Equal(["resp_29", "resp_28", "resp_27", "resp_26", "resp_25"], limited.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Chain_resolution_expands_the_conversation_and_names_each_failure(string engine)
    {
        var store = await StoreAsync(engine);
        await store.WriteAsync(
        [
            Turn("resp_a", null),
            Turn("resp_b", "resp_a") with { Status = ResponseStatus.Incomplete, Output = [new TextPart("partial"), new ToolCallPart("call_cut", "f", """{"a":""")] },
            Turn("resp_c", "resp_b"),
            Turn("resp_orphan", "resp_gone"),
            Turn("resp_x", "resp_y"),
            Turn("resp_y", "resp_x"),
            Turn("resp_failed", "resp_a") with { Status = ResponseStatus.Failed, Error = new GodexError(502, "provider.error", "no") },
        ], CancellationToken.None);
        var chain = Chain(store, maxDepth: 3);

        var resolved = await chain.ResolveAsync("resp_c", null, CancellationToken.None);
        Assert.Equal(["user", "assistant", "user", "assistant", "user", "assistant"], resolved.Messages.Select(m => m.Role.ToString().ToLowerInvariant()));
        Assert.Equal(["resp_a in", "resp_a out", "resp_b in", "partial", "resp_c in", "resp_c out"], resolved.Messages.Select(m => m.JoinedText()));
        Assert.DoesNotContain(resolved.Messages.SelectMany(m => m.Parts), part => part is ToolCallPart);

        Assert.Equal((404, "session.not_found"), await ErrorOf(chain, "resp_nope"));
        Assert.Equal((404, "session.not_found"), await ErrorOf(chain, "resp_orphan"));
        Assert.Equal((409, "session.chain_cycle"), await ErrorOf(chain, "resp_x"));
        Assert.Equal((400, "session.parent_failed"), await ErrorOf(chain, "resp_failed"));
        await store.WriteAsync([Turn("resp_d", "resp_c")], CancellationToken.None);
        Assert.Equal((400, "session.chain_too_deep"), await ErrorOf(chain, "resp_d"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_saved_response_is_readable_before_the_writer_commits_it_and_from_the_store_after(string engine)
    {
        var store = await StoreAsync(engine);
        var queue = new ResponseQueue(new GodexConfig());
        var responses = new StoredResponses(queue, store, NullLogger<StoredResponses>.Instance);
        await responses.SaveAsync(Turn("resp_1", null), CancellationToken.None);
        await responses.SaveAsync(Turn("resp_2", "resp_1") with { Output = [new ToolCallPart("call_9", "add", "{}")] }, CancellationToken.None);

        // No writer running yet: the reads can only come from the in-flight map.
        Assert.Null(await store.GetAsync("resp_2", CancellationToken.None));
        Assert.Equal(["resp_2", "resp_1"], (await responses.ChainAsync("resp_2", 10, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal("add", (await responses.FindCallAsync("call_9", "session", null, CancellationToken.None))?.Name);
        Assert.Null(await responses.FindCallAsync("call_9", "someone-else", null, CancellationToken.None));

        var writer = new BatchWriter<SessionWrite>(queue, new ResponseStoreWriter(queue, store, NullLogger<ResponseStoreWriter>.Instance), ResponseStoreWriter.Batching);
        await writer.StartAsync(CancellationToken.None);
        Assert.True(await responses.DeleteAsync("resp_1", null, CancellationToken.None));
        Assert.False(await responses.DeleteAsync("resp_1", null, CancellationToken.None));
        await writer.StopAsync(CancellationToken.None);

        Assert.False(queue.TryGetPending("resp_2", out _));
        Assert.NotNull(await store.GetAsync("resp_2", CancellationToken.None));
        Assert.Null(await store.GetAsync("resp_1", CancellationToken.None));
        Assert.Equal("add", (await store.FindByCallAsync("call_9", "session", null, CancellationToken.None)) is { } found ? found.Output.OfType<ToolCallPart>().Single().Name : null);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Retention_deletes_responses_and_their_calls_older_than_the_cutoff(string engine)
    {
        var store = await StoreAsync(engine);
        await store.WriteAsync(
        [
            Turn("resp_old", null) with { Created = Start.AddDays(-40), Output = [new ToolCallPart("call_old", "f", "{}")] },
            Turn("resp_new", null) with { Created = Start },
        ], CancellationToken.None);

        Assert.Equal(1, await store.DeleteOlderThanAsync(Start.AddDays(-30), CancellationToken.None));
        Assert.Null(await store.GetAsync("resp_old", CancellationToken.None));
        Assert.Null(await store.FindByCallAsync("call_old", "session", null, CancellationToken.None));
        Assert.NotNull(await store.GetAsync("resp_new", CancellationToken.None));
    }

    private static ConversationChain Chain(IResponseStore store, int maxDepth) =>
        new(new StoredResponses(new ResponseQueue(new GodexConfig()), store, NullLogger<StoredResponses>.Instance), new GodexConfig { Sessions = new SessionsConfig { MaxChainDepth = maxDepth } });

    private static async Task<(int, string)> ErrorOf(ConversationChain chain, string id)
    {
        var exception = await Assert.ThrowsAsync<GodexException>(() => chain.ResolveAsync(id, null, CancellationToken.None));
        Assert.Equal("previous_response_id", exception.Error.Param);
        return (exception.Error.Status, exception.Error.Code);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_turn_deleted_by_another_gateway_is_not_served_from_memory(string engine)
    {
        var database = await DatabaseAsync(engine);
        var (here, there) = (await StoreAsync(database), await StoreAsync(database));
        await here.WriteAsync([Turn("resp_1", null), Turn("resp_2", "resp_1"), Turn("resp_3", "resp_2")], CancellationToken.None);
        Assert.Equal(3, (await here.ChainAsync("resp_3", 10, CancellationToken.None)).Count);

        Assert.True(await there.DeleteAsync("resp_2", CancellationToken.None));

        var chain = await here.ChainAsync("resp_3", 10, CancellationToken.None);
        Assert.Equal(["resp_3"], chain.Select(link => link.Id));
        Assert.Empty(await here.ChainAsync("resp_2", 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_caller_finds_only_the_turns_stored_under_its_own_key(string engine)
    {
        var store = await StoreAsync(engine);
        var queue = new ResponseQueue(new GodexConfig());
        var responses = new StoredResponses(queue, store, NullLogger<StoredResponses>.Instance);
        var chain = new ConversationChain(responses, new GodexConfig());
        await store.WriteAsync(
        [
            Turn("resp_a1", null) with { Owner = "key:a", Output = [new ToolCallPart("call_a", "add", "{}")] },
            Turn("resp_a2", "resp_a1") with { Owner = "key:a" },
            Turn("resp_open", null),
        ], CancellationToken.None);
        await responses.SaveAsync(Turn("resp_a3", "resp_a2") with { Owner = "key:a" }, CancellationToken.None); // still in flight

        Assert.NotNull(await responses.FindAsync("resp_a2", "key:a", CancellationToken.None));
        Assert.NotNull(await responses.FindAsync("resp_a3", "key:a", CancellationToken.None));
        Assert.Null(await responses.FindAsync("resp_a2", "key:b", CancellationToken.None));
        Assert.Null(await responses.FindAsync("resp_a3", "key:b", CancellationToken.None));
        Assert.Null(await responses.FindAsync("resp_a2", null, CancellationToken.None));
        Assert.Null(await responses.FindAsync("resp_open", "key:a", CancellationToken.None));
        Assert.NotNull(await responses.FindAsync("resp_open", null, CancellationToken.None));

        Assert.Equal(6, (await chain.ResolveAsync("resp_a3", "key:a", CancellationToken.None)).Messages.Count);
        var foreign = await Assert.ThrowsAsync<GodexException>(() => chain.ResolveAsync("resp_a3", "key:b", CancellationToken.None));
        Assert.Equal((404, "session.not_found"), (foreign.Error.Status, foreign.Error.Code));

        Assert.NotNull(await responses.FindCallAsync("call_a", "session", "key:a", CancellationToken.None));
        Assert.Null(await responses.FindCallAsync("call_a", "session", "key:b", CancellationToken.None));
        Assert.Null(await responses.FindCallAsync("call_a", "session", null, CancellationToken.None));

        Assert.False(await responses.DeleteAsync("resp_a1", "key:b", CancellationToken.None));
        Assert.NotNull(await store.GetAsync("resp_a1", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_database_from_before_owners_keeps_its_turns_after_the_migration(string engine)
    {
        var database = await DatabaseAsync(engine);
        await SqlMigrator.MigrateAsync(database, ResponseSchema.Migrations[..1], CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO responses (id, parent_id, model, created_at, status, finish_reason, input, output, session_key)
                VALUES ('resp_before', NULL, 'm', 1795000000000, 'completed', 'Stop', '[]', '[{"type":"text","text":"kept"}]', 'session')
                """;
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var store = await StoreAsync(database);

        var read = await store.GetAsync("resp_before", CancellationToken.None);
        Assert.Equal("kept", Assert.IsType<TextPart>(Assert.Single(read!.Output)).Text);
        Assert.Equal((null, null, null), (read.Owner, read.Provider, read.UpstreamId));
    }

    private static StoredResponse Turn(string id, string? parent) => new()
    {
        Id = id,
        ParentId = parent,
        Model = "m",
        Created = Start,
        Status = ResponseStatus.Completed,
        Input = [ChatMessage.Text(ChatRole.User, id + " in")],
        Output = [new TextPart(id + " out")],
        SessionKey = "session",
    };

    private async Task<IResponseStore> StoreAsync(string engine) => await StoreAsync(await DatabaseAsync(engine));

    private static async Task<IResponseStore> StoreAsync(ISqlDatabase database)
    {
        var store = new SqlResponseStore(database);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    private async Task<ISqlDatabase> DatabaseAsync(string engine)
    {
        ISqlDatabase database;
        if (engine == "postgres")
        {
            var test = await PostgresTestDatabase.CreateAsync();
            var postgres = new PostgresDatabase(test.ConnectionString);
            _databases.Add(postgres);
            _databases.Add(test);
            database = postgres;
        }
        else
        {
            database = new SqliteDatabase(Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db"));
        }

        return database;
    }
}
