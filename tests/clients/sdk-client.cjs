// One turn through an official Node SDK against Godex, as an application would write it.
// Usage: node sdk-client.cjs <openai-chat|openai-responses|anthropic|genai> <text|stream|tool> <model> <prompt>
// Env: GODEX_BASE_URL (http://127.0.0.1:PORT), GODEX_API_KEY. Modules resolve from NODE_PATH (the clients cache).
// Prints the model's final answer on stdout. The tool case offers one tool, run_command, runs the
// command the model asks for (the tests only ever ask for a harmless echo) and sends the result back.
"use strict";
const { execSync } = require("node:child_process");

const [sdk, mode, model, prompt] = process.argv.slice(2);
const baseUrl = process.env.GODEX_BASE_URL;
const apiKey = process.env.GODEX_API_KEY;
const run = (command) => execSync(command, { encoding: "utf8", shell: "/bin/sh" });
const schema = { type: "object", properties: { command: { type: "string" } }, required: ["command"] };
const description = "Runs a shell command and returns what it printed.";

async function openaiChat() {
  const OpenAI = require("openai");
  const client = new OpenAI({ baseURL: baseUrl + "/v1", apiKey, maxRetries: 0 });
  const messages = [{ role: "user", content: prompt }];
  if (mode === "stream") {
    const stream = await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    return text;
  }
  const tools = mode === "tool" ? [{ type: "function", function: { name: "run_command", description, parameters: schema } }] : undefined;
  const first = await client.chat.completions.create({ model, messages, tools });
  const message = first.choices[0].message;
  if (mode !== "tool") return message.content;
  const call = message.tool_calls[0];
  messages.push(message, { role: "tool", tool_call_id: call.id, content: run(JSON.parse(call.function.arguments).command) });
  const second = await client.chat.completions.create({ model, messages, tools });
  return second.choices[0].message.content;
}

async function openaiResponses() {
  const OpenAI = require("openai");
  const client = new OpenAI({ baseURL: baseUrl + "/v1", apiKey, maxRetries: 0 });
  if (mode === "stream") {
    const stream = await client.responses.create({ model, input: prompt, stream: true });
    let text = "";
    for await (const event of stream) if (event.type === "response.output_text.delta") text += event.delta;
    return text;
  }
  const tools = mode === "tool" ? [{ type: "function", name: "run_command", description, parameters: schema, strict: false }] : undefined;
  const input = [{ role: "user", content: prompt }];
  const first = await client.responses.create({ model, input, tools, store: false, include: ["reasoning.encrypted_content"] });
  if (mode !== "tool") return first.output_text;
  const call = first.output.find((item) => item.type === "function_call");
  input.push(...first.output, { type: "function_call_output", call_id: call.call_id, output: run(JSON.parse(call.arguments).command) });
  const second = await client.responses.create({ model, input, tools, store: false, include: ["reasoning.encrypted_content"] });
  return second.output_text;
}

async function anthropic() {
  const Anthropic = require("@anthropic-ai/sdk");
  const client = new Anthropic({ baseURL: baseUrl, apiKey, maxRetries: 0 });
  const messages = [{ role: "user", content: prompt }];
  const text = (message) => message.content.filter((b) => b.type === "text").map((b) => b.text).join("");
  if (mode === "stream") {
    const stream = client.messages.stream({ model, max_tokens: 1024, messages });
    return text(await stream.finalMessage());
  }
  const tools = mode === "tool" ? [{ name: "run_command", description, input_schema: schema }] : undefined;
  const first = await client.messages.create({ model, max_tokens: 1024, messages, tools });
  if (mode !== "tool") return text(first);
  const call = first.content.find((b) => b.type === "tool_use");
  messages.push({ role: "assistant", content: first.content }, { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: run(call.input.command) }] });
  return text(await client.messages.create({ model, max_tokens: 1024, messages, tools }));
}

async function genai() {
  const { GoogleGenAI } = require("@google/genai");
  const client = new GoogleGenAI({ apiKey, httpOptions: { baseUrl } });
  const contents = [{ role: "user", parts: [{ text: prompt }] }];
  if (mode === "stream") {
    let text = "";
    for await (const chunk of await client.models.generateContentStream({ model, contents })) text += chunk.text ?? "";
    return text;
  }
  const config = mode === "tool" ? { tools: [{ functionDeclarations: [{ name: "run_command", description, parametersJsonSchema: schema }] }] } : undefined;
  const first = await client.models.generateContent({ model, contents, config });
  if (mode !== "tool") return first.text;
  const call = first.functionCalls[0];
  // Replay the model's turn as it came (thoughtSignature included), then the function's response.
  contents.push(first.candidates[0].content, { role: "user", parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: run(call.args.command) } } }] });
  return (await client.models.generateContent({ model, contents, config })).text;
}

const clients = { "openai-chat": openaiChat, "openai-responses": openaiResponses, anthropic, genai };
clients[sdk]().then(
  (text) => process.stdout.write(text + "\n"),
  (error) => { process.stderr.write(String(error?.stack ?? error) + "\n"); process.exit(1); },
);
