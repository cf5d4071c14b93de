/**
 * *Edit* on a review step, for every write modal: the form again, built from what the review's metadata
 * carries (read through its schema), in place of the review.
 */
import type { ModalView } from '@slack/types';
import type { z } from 'zod';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { readMetadata } from '../../src/slack/metadata.ts';

export function backToForm<S extends z.ZodType>(schema: S, formOf: (state: z.output<S>) => ModalView | Promise<ModalView>): ButtonListener {
  return async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const state = readMetadata(body.view.private_metadata, schema);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: await formOf(state) });
  };
}
