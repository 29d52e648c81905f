/**
 * Carrier keywords (SPEC §11, CTIA): handled before the assistant ever sees the text, so an
 * opt-out works even when the language model would read "STOP" as small talk.
 */
export const smsKeywords = ['stop', 'start', 'help'] as const;
export type SmsKeyword = (typeof smsKeywords)[number];

const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  CANCEL: 'stop',
  END: 'stop',
  QUIT: 'stop',
  START: 'start',
  UNSTOP: 'start',
  YES: 'start',
  HELP: 'help',
  INFO: 'help',
};

/**
 * Only a message that is the keyword alone counts ("stop." or " Stop! " too): "cancel my
 * booking" is a question for the assistant, not an opt-out.
 */
export function smsKeywordOf(text: string): SmsKeyword | null {
  const word = text
    .trim()
    .replace(/[.!?\s]+$/u, '')
    .toUpperCase();
  return KEYWORDS[word] ?? null;
}

/** E.164 for North American numbers as RingCentral sends them; other forms keep their digits. */
export function normalizeSmsPhone(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 10) return `+1${digits}`;
  return `+${digits}`;
}
