
using NJsonSchema;

namespace Godex.Gateway.Pipeline;

/// <summary>
/// When a json_schema request was downgraded to instructions, checks the answer against the schema
/// (NJsonSchema) and records the outcome on the trace, so a client that relied on the schema can be told.
/// </summary>
public static class AnswerCheck
{
    public static void Record(GatewayContext context)
    {
        if (context.AnswerSchema is not { } schemaJson || context.AnswerText is not { } text)
        {
            return;
        }

        context.AnswerSchema = null;
        try
        {
            var schema = JsonSchema.FromJsonAsync(schemaJson.GetRawText()).GetAwaiter().GetResult();
            var errors = schema.Validate(text.ToString());
            context.Degradations.Add(errors.Count == 0
                ? "answer checked against the requested JSON schema: valid"
                : $"answer does not match the requested JSON schema: {string.Join("; ", errors.Take(3).Select(error => $"{error.Path} {error.Kind}"))}");
        }
        catch (Newtonsoft.Json.JsonException)
        {
            context.Degradations.Add("answer is not valid JSON although a JSON schema was requested");
        }
    }
}
