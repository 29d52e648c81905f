import { describe, expect, it } from 'vitest';
import { normalizeSmsPhone, smsKeywordOf } from './sms-keywords.ts';

describe('SMS keywords', () => {
  it.each([
    ['STOP', 'stop'],
    [' stop. ', 'stop'],
    ['Unsubscribe', 'stop'],
    ['CANCEL', 'stop'],
    ['end', 'stop'],
    ['Quit!', 'stop'],
    ['START', 'start'],
    ['unstop', 'start'],
    ['Yes', 'start'],
    ['HELP', 'help'],
    ['info?', 'help'],
  ])('%s is %s', (text, keyword) => expect(smsKeywordOf(text)).toBe(keyword));

  it('a sentence with a keyword in it is a question for the assistant', () => {
    expect(smsKeywordOf('cancel my booking please')).toBeNull();
    expect(smsKeywordOf('yes book it')).toBeNull();
    expect(smsKeywordOf('How much for 10 adults?')).toBeNull();
  });

  it('normalizes phone numbers to E.164', () => {
    expect(normalizeSmsPhone('+1 (408) 555-0101')).toBe('+14085550101');
    expect(normalizeSmsPhone('4085550101')).toBe('+14085550101');
    expect(normalizeSmsPhone('+14085550101')).toBe('+14085550101');
  });
});
