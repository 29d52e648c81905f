import OpenAI from 'openai';
import { z } from 'zod';

export interface Rephraser {
  /** The reworded text, or null when the model failed, timed out or said nothing usable. */
  rephrase(input: { text: string; channel: 'web' | 'sms' | 'email' }): Promise<string | null>;
}

export interface OpenAiRephraserOptions {
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
}

// The model only rewords: every figure in its answer is checked again by the guardrail, and
// any new or changed number sends the original template reply instead.
const SYSTEM_PROMPT = [
  'You reword replies of a hibachi catering assistant so they sound warm and natural.',
  'Keep every number, price, date, time, link and booking number exactly as written.',
  'Never add facts, prices, discounts or promises. Keep it about as long as the original.',
  'Answer with the reworded reply only.',
].join(' ');

const contentSchema = z.string().trim().min(1).max(4000);

/** Any OpenAI-compatible chat-completions server: OpenAI, Ollama, vLLM (SPEC §6). */
export class OpenAiRephraser implements Rephraser {
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiRephraserOptions) {
    // No retries: the conversation's next turn waits for this one (ADR 0014); the template
    // reply is better than a long wait.
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      apiKey: options.apiKey,
      timeout: options.timeoutMs,
      maxRetries: 0,
    });
  }

  async rephrase(input: {
    text: string;
    channel: 'web' | 'sms' | 'email';
  }): Promise<string | null> {
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: this.options.model,
          temperature: 0.2,
          messages: [
            { role: 'system', content: `${SYSTEM_PROMPT} Channel: ${input.channel}.` },
            { role: 'user', content: input.text },
          ],
        },
        { signal: AbortSignal.timeout(this.options.timeoutMs) },
      );
      const parsed = contentSchema.safeParse(completion.choices[0]?.message.content);
      return parsed.success ? parsed.data : null;
    } catch {
      // Timeouts, refusals and malformed answers all mean the same thing: use the template.
      return null;
    }
  }
}
