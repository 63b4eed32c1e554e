// Drives Fairway with the official npm SDKs, unmodified but for their base URL.
// Usage: node sdk-check.mjs <fairway base URL> <model behind OpenAI> <model behind Anthropic>
// Prints one line per check ("ok <check> <detail>" or "FAIL <check> <error>") and exits 1 if any failed.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const [base, gptModel, claudeModel] = process.argv.slice(2);
if (!base || !gptModel || !claudeModel) {
  console.error('usage: node sdk-check.mjs <base URL> <openai-side model> <anthropic-side model>');
  process.exit(2);
}

const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-any', maxRetries: 0, timeout: 20000 });
const anthropic = new Anthropic({ baseURL: base, apiKey: 'sk-ant-any', maxRetries: 0, timeout: 20000 });
let failed = 0;

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`ok ${name} ${JSON.stringify(detail)}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name} ${e && e.stack ? e.stack.split('\n')[0] : e}`);
  }
}

function expect(cond, what) {
  if (!cond) throw new Error(`expected ${what}`);
}

for (const model of [gptModel, claudeModel]) {
  await check(`openai.chat ${model}`, async () => {
    const c = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'What is 6 * 7?' }] });
    const text = c.choices[0].message.content;
    expect(c.model === model, `model ${model}, got ${c.model}`);
    expect(text.startsWith('[simulated'), `simulated text, got ${text}`);
    expect(c.usage.total_tokens > 0, 'usage');
    return text;
  });

  await check(`openai.stream ${model}`, async () => {
    const stream = await openai.chat.completions.create({
      model, stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Tell me about gateways' }],
    });
    let text = '';
    let finish = null;
    let usage = null;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? '';
        finish = choice.finish_reason ?? finish;
      }
      usage = chunk.usage ?? usage;
    }
    expect(text.startsWith('[simulated'), `simulated text, got ${text}`);
    expect(finish === 'stop', `finish stop, got ${finish}`);
    expect(usage && usage.completion_tokens > 0, 'usage');
    return text;
  });

  await check(`anthropic.message ${model}`, async () => {
    const m = await anthropic.messages.create({
      model, max_tokens: 256, system: 'Be brief.', messages: [{ role: 'user', content: 'What is 6 * 7?' }],
    });
    expect(m.type === 'message' && m.model === model, `a message from ${model}, got ${m.model}`);
    expect(m.stop_reason === 'end_turn', `end_turn, got ${m.stop_reason}`);
    expect(m.content[0].type === 'text' && m.content[0].text.startsWith('[simulated'), 'simulated text');
    expect(m.usage.input_tokens > 0 && m.usage.output_tokens > 0, 'usage');
    return m.content[0].text;
  });

  await check(`anthropic.stream ${model}`, async () => {
    const stream = anthropic.messages.stream({
      model, max_tokens: 256, messages: [{ role: 'user', content: 'Tell me about gateways' }],
    });
    let deltas = 0;
    stream.on('text', () => deltas++);
    const m = await stream.finalMessage();
    expect(deltas > 1, `several text deltas, got ${deltas}`);
    expect(m.stop_reason === 'end_turn', `end_turn, got ${m.stop_reason}`);
    expect(m.content[0].text.startsWith('[simulated'), 'simulated text');
    expect(m.usage.output_tokens > 0, 'usage');
    return m.content[0].text;
  });
}

console.log(`${8 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
