// Drives Fairway with the SDKs people build on, unmodified but for their base URL.
// Usage: node clients-check.mjs <fairway base URL> <model behind OpenAI's protocol> <model behind Anthropic's>
// Prints one line per check ("ok <check> <detail>" or "FAIL <check> <error>") and "N passed, N failed".
import OpenAI from 'openai';
import { generateText, streamText, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import { ChatAnthropic } from '@langchain/anthropic';
import { z } from 'zod';

const [base, gptModel, claudeModel] = process.argv.slice(2);
if (!base || !gptModel || !claudeModel) {
  console.error('usage: node clients-check.mjs <base URL> <openai-side model> <anthropic-side model>');
  process.exit(2);
}

const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-any', maxRetries: 0, timeout: 20000 });
const aiOpenAI = createOpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-any' });
const aiAnthropic = createAnthropic({ baseURL: `${base}/v1`, apiKey: 'sk-ant-any' });
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    const detail = await fn();
    passed++;
    console.log(`ok ${name} ${JSON.stringify(detail).slice(0, 160)}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name} ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
  }
}

function expect(cond, what) {
  if (!cond) throw new Error(`expected ${what}`);
}

const weatherTool = {
  type: 'function', name: 'get_weather', description: 'Weather in a city', strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

for (const model of [gptModel, claudeModel]) {
  await check(`openai.responses ${model}`, async () => {
    const r = await openai.responses.create({ model, instructions: 'Be brief.', input: 'What is 6 * 7?' });
    expect(r.output_text.startsWith('[simulated'), `simulated text, got ${r.output_text}`);
    expect(r.usage.total_tokens === r.usage.input_tokens + r.usage.output_tokens, 'usage');
    return r.output_text;
  });

  await check(`openai.responses.stream ${model}`, async () => {
    const stream = await openai.responses.create({ model, input: 'Tell me about gateways', stream: true });
    let text = '';
    let last = -1;
    let completed = null;
    for await (const e of stream) {
      expect(e.sequence_number === last + 1, `sequence ${last + 1}, got ${e.sequence_number}`);
      last = e.sequence_number;
      if (e.type === 'response.output_text.delta') text += e.delta;
      if (e.type === 'response.completed') completed = e.response;
    }
    expect(completed && completed.output_text === undefined || completed.output[0].content[0].text === text,
      'completed response with the streamed text');
    return text;
  });

  await check(`openai.responses.tools ${model}`, async () => {
    const first = await openai.responses.create({ model, input: 'Use get_weather for Paris', tools: [weatherTool] });
    const call = first.output.find((i) => i.type === 'function_call');
    expect(call && call.name === 'get_weather', `a function call, got ${JSON.stringify(first.output)}`);
    const second = await openai.responses.create({
      model, tools: [weatherTool],
      input: [{ role: 'user', content: 'Use get_weather for Paris' }, call,
        { type: 'function_call_output', call_id: call.call_id, output: '18 C and sunny' }],
    });
    expect(second.output_text.includes('18 C and sunny'), `the tool output, got ${second.output_text}`);
    return second.output_text;
  });

  await check(`ai-sdk.openai.generateText ${model}`, async () => {
    const r = await generateText({ model: aiOpenAI(model), prompt: 'What is 6 * 7?', maxRetries: 0 });
    expect(r.text.startsWith('[simulated'), `simulated text, got ${r.text}`);
    expect(r.usage.inputTokens > 0, 'input tokens');
    return r.text;
  });

  await check(`ai-sdk.openai.streamText.tools ${model}`, async () => {
    const r = streamText({
      model: aiOpenAI(model), prompt: 'Use get_weather for Paris', maxRetries: 0, stopWhen: stepCountIs(2),
      tools: { get_weather: tool({ description: 'Weather in a city', inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => `18 C and sunny in ${city}` }) },
    });
    let text = '';
    for await (const t of r.textStream) text += t;
    const steps = await r.steps;
    expect(steps.length === 2, `two steps, got ${steps.length}`);
    expect(text.includes('18 C and sunny'), `the tool result, got ${text}`);
    return text;
  });

  await check(`ai-sdk.anthropic.streamText.tools ${model}`, async () => {
    const r = streamText({
      model: aiAnthropic(model), prompt: 'Use get_weather for Paris', maxRetries: 0, stopWhen: stepCountIs(2),
      tools: { get_weather: tool({ description: 'Weather in a city', inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => `18 C and sunny in ${city}` }) },
    });
    let text = '';
    for await (const t of r.textStream) text += t;
    const steps = await r.steps;
    expect(steps.length === 2, `two steps, got ${steps.length}`);
    expect(text.includes('18 C and sunny'), `the tool result, got ${text}`);
    return text;
  });

  await check(`langchain.openai.responses ${model}`, async () => {
    const llm = new ChatOpenAI({ model, apiKey: 'sk-any', useResponsesApi: true, maxRetries: 0,
      configuration: { baseURL: `${base}/v1` } });
    const m = await llm.invoke('What is 6 * 7?');
    const text = typeof m.content === 'string' ? m.content : m.content.map((c) => c.text ?? '').join('');
    expect(text.startsWith('[simulated'), `simulated text, got ${JSON.stringify(m.content)}`);
    let streamed = '';
    for await (const c of await llm.stream('Tell me about gateways')) {
      streamed += typeof c.content === 'string' ? c.content : c.content.map((p) => p.text ?? '').join('');
    }
    expect(streamed.startsWith('[simulated'), `streamed text, got ${streamed}`);
    return text;
  });

  await check(`langchain.anthropic.stream.usage ${model}`, async () => {
    const llm = new ChatAnthropic({ model, apiKey: 'sk-ant-any', anthropicApiUrl: base, maxRetries: 0 });
    let firstInput = null;
    let text = '';
    for await (const c of await llm.stream('Tell me about gateways')) {
      if (firstInput === null && c.usage_metadata) firstInput = c.usage_metadata.input_tokens;
      text += typeof c.content === 'string' ? c.content : c.content.map((p) => p.text ?? '').join('');
    }
    expect(firstInput > 0, `input tokens from message_start, got ${firstInput}`);
    return { text: text.slice(0, 40), firstInput };
  });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
