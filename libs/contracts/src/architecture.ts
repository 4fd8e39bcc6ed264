// A model's architecture as a layer table (type, output shape, parameters), recorded with its run and shown on its page.
import { z } from 'zod';
import { text } from './storable';

export const LayerSchema = z.object({
  /** The layer's class as its framework names it: Dense, Conv2D, BatchNormalization, ... */
  type: text().trim().min(1).max(64),
  name: text().max(128).optional(),
  /** Without the batch dimension; null for a dimension the framework leaves open. */
  outputShape: z.array(z.number().int().min(0).nullable()).max(8),
  params: z.number().int().min(0),
  /** Settings worth showing beside the type (units, kernel size, activation, rate), as short text. */
  detail: text().max(200).optional(),
});
export type Layer = z.infer<typeof LayerSchema>;

export const ArchitectureSchema = z.object({
  /** The family the model belongs to (mlp, cnn, resnet, ...), free text. */
  family: text().trim().min(1).max(64).optional(),
  layers: z.array(LayerSchema).max(512),
  totalParams: z.number().int().min(0),
});
export type Architecture = z.infer<typeof ArchitectureSchema>;
