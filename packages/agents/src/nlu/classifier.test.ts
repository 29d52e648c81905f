import { describe, expect, it } from 'vitest';
import { IntentClassifier } from './classifier.ts';
import { intents } from './intents.ts';
import { heldoutExamples, trainingExamples } from './training-data.ts';

describe('IntentClassifier', () => {
  const classifier = new IntentClassifier(trainingExamples);

  it('has at least 30 training and 5 held-out utterances for each of the 20 intents', () => {
    expect(intents.length).toBeGreaterThanOrEqual(20);
    for (const intent of intents) {
      expect(trainingExamples.filter((e) => e.intent === intent).length).toBeGreaterThanOrEqual(30);
      expect(heldoutExamples.filter((e) => e.intent === intent).length).toBeGreaterThanOrEqual(5);
    }
  });

  it('never trains on a held-out utterance', () => {
    const training = new Set(trainingExamples.map((e) => e.text.toLowerCase()));
    expect(heldoutExamples.filter((e) => training.has(e.text.toLowerCase()))).toEqual([]);
  });

  it('reaches at least 90% accuracy on the held-out set', () => {
    const correct = heldoutExamples.filter((e) => classifier.classify(e.text).intent === e.intent);
    const accuracy = correct.length / heldoutExamples.length;
    console.log(
      `held-out intent accuracy: ${(accuracy * 100).toFixed(1)}% of ${heldoutExamples.length}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('is deterministic and returns a ranked distribution', () => {
    const a = classifier.classify('How much for 15 adults in 95112?');
    const b = new IntentClassifier(trainingExamples).classify('How much for 15 adults in 95112?');
    expect(a).toEqual(b);
    expect(a.intent).toBe('quote');
    expect(a.ranked[0]?.intent).toBe('quote');
    expect(a.ranked.reduce((sum, r) => sum + r.score, 0)).toBeCloseTo(1, 6);
  });

  it('calls gibberish out of scope with zero confidence', () => {
    expect(classifier.classify('qwzx vbnm').confidence).toBe(0);
  });
});
