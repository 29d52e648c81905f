import { z } from 'zod';
import trainingJson from '../../data/intents.json' with { type: 'json' };
import heldoutJson from '../../data/intents-heldout.json' with { type: 'json' };
import { intents } from './intents.ts';
import type { TrainingExample } from './classifier.ts';

const datasetSchema = z.record(z.enum(intents), z.array(z.string().min(1)));

function flatten(json: unknown): TrainingExample[] {
  const parsed = datasetSchema.parse(json);
  return intents.flatMap((intent) => (parsed[intent] ?? []).map((text) => ({ text, intent })));
}

/** The labelled utterances the classifier trains on (data/intents.json). */
export const trainingExamples: readonly TrainingExample[] = flatten(trainingJson);
/** Never trained on: the accuracy report reads only these (data/intents-heldout.json). */
export const heldoutExamples: readonly TrainingExample[] = flatten(heldoutJson);
