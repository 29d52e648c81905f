import { featuresOf } from './tokenize.ts';
import type { Intent } from './intents.ts';

export type Classification = {
  intent: Intent;
  confidence: number;
  ranked: { intent: Intent; score: number }[];
};

export type TrainingExample = { text: string; intent: Intent };

type Model = {
  intents: Intent[];
  logPrior: Map<Intent, number>;
  logLikelihood: Map<Intent, Map<string, number>>;
  logUnseen: Map<Intent, number>;
  vocabulary: Set<string>;
};

/**
 * Multinomial naive Bayes over word, bigram and char n-gram features. It trains in a few
 * milliseconds at start-up from the utterances in the repo, so there is no model file to ship
 * and the same data always yields the same classifier.
 */
export class IntentClassifier {
  private readonly model: Model;

  constructor(examples: readonly TrainingExample[], options: { alpha?: number } = {}) {
    const alpha = options.alpha ?? 0.3;
    const intents = [...new Set(examples.map((e) => e.intent))].sort();
    const counts = new Map<Intent, Map<string, number>>();
    const totals = new Map<Intent, number>();
    const docs = new Map<Intent, number>();
    const vocabulary = new Set<string>();
    for (const example of examples) {
      const perIntent = counts.get(example.intent) ?? new Map<string, number>();
      counts.set(example.intent, perIntent);
      docs.set(example.intent, (docs.get(example.intent) ?? 0) + 1);
      for (const [feature, weight] of featuresOf(example.text)) {
        vocabulary.add(feature);
        perIntent.set(feature, (perIntent.get(feature) ?? 0) + weight);
        totals.set(example.intent, (totals.get(example.intent) ?? 0) + weight);
      }
    }
    const logPrior = new Map<Intent, number>();
    const logLikelihood = new Map<Intent, Map<string, number>>();
    const logUnseen = new Map<Intent, number>();
    const v = vocabulary.size;
    for (const intent of intents) {
      // Uniform priors: the training set is balanced by design, real traffic is not known yet.
      logPrior.set(intent, Math.log(1 / intents.length));
      const denominator = (totals.get(intent) ?? 0) + alpha * v;
      const table = new Map<string, number>();
      for (const [feature, count] of counts.get(intent) ?? []) {
        table.set(feature, Math.log((count + alpha) / denominator));
      }
      logLikelihood.set(intent, table);
      logUnseen.set(intent, Math.log(alpha / denominator));
    }
    this.model = { intents, logPrior, logLikelihood, logUnseen, vocabulary };
  }

  classify(text: string): Classification {
    const features = [...featuresOf(text)].filter(([f]) => this.model.vocabulary.has(f));
    const mass = features.reduce((sum, [, w]) => sum + w, 0);
    const scores = this.model.intents.map((intent) => {
      const table = this.model.logLikelihood.get(intent);
      const unseen = this.model.logUnseen.get(intent) ?? 0;
      let score = this.model.logPrior.get(intent) ?? 0;
      for (const [feature, weight] of features) score += weight * (table?.get(feature) ?? unseen);
      return { intent, score };
    });
    // Per-feature-mass scaling keeps confidences comparable between short and long messages;
    // raw naive Bayes posteriors are ~1.0 for anything longer than a few words.
    const scale = Math.max(1, mass) / 4;
    const best = Math.max(...scores.map((s) => s.score));
    const exp = scores.map((s) => ({ intent: s.intent, e: Math.exp((s.score - best) / scale) }));
    const sum = exp.reduce((acc, s) => acc + s.e, 0);
    const ranked = exp
      .map((s) => ({ intent: s.intent, score: s.e / sum }))
      .sort((a, b) => b.score - a.score || a.intent.localeCompare(b.intent));
    const top = ranked[0] ?? { intent: 'out_of_scope' as const, score: 0 };
    // No known word at all: nothing to go on, so it is out of scope rather than a guess.
    if (features.length === 0) return { intent: 'out_of_scope', confidence: 0, ranked };
    return { intent: top.intent, confidence: top.score, ranked };
  }
}
