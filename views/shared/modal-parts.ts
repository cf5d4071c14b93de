/**
 * The pieces every modal is built from: the view itself, input blocks and their elements. Message
 * builders (section, context, buttons…) are in blocks.ts. Optional keys are left out, never sent empty:
 * Slack refuses an empty placeholder or initial value.
 */
import { writeMetadata } from '../../src/slack/metadata.ts';
import type {
  ActionsBlock,
  AnyBlock,
  Datepicker,
  InputBlock,
  InputBlockElement,
  ModalView,
  PlainTextElement,
  PlainTextInput,
  PlainTextOption,
  StaticSelect,
} from '@slack/types';

/** The placeholder of most selects. */
export const CHOOSE = 'Choose…';

export const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text });

export const option = (text: string, value: string = text): PlainTextOption => ({ text: plain(text), value });

/** One option a value, the value as its text. */
export const options = (values: readonly string[]): PlainTextOption[] => values.map((value) => option(value));

export interface ModalSpec {
  callbackId: string;
  title: string;
  /** JSON-encoded into private_metadata. */
  metadata: unknown;
  blocks: AnyBlock[];
  /** No submit button without it. */
  submit?: string | undefined;
  /** Defaults to Cancel. */
  close?: string | undefined;
}

export function modalView({ callbackId, title, metadata, blocks, submit, close = 'Cancel' }: ModalSpec): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title),
    ...(submit ? { submit: plain(submit) } : {}),
    close: plain(close),
    private_metadata: writeMetadata(metadata),
    blocks,
  };
}

export interface InputOptions {
  /** Left out of the block when undefined (Slack's default: required). */
  optional?: boolean | undefined;
  hint?: string | undefined;
  dispatchAction?: boolean | undefined;
}

export function inputBlock(blockId: string, label: string, element: InputBlockElement, opts: InputOptions = {}): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    ...(opts.dispatchAction ? { dispatch_action: true } : {}),
    ...(opts.optional !== undefined ? { optional: opts.optional } : {}),
    label: plain(label),
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element,
  };
}

export interface TextOptions {
  initial?: string | null | undefined;
  placeholder?: string | undefined;
  max?: number | undefined;
  multiline?: boolean | undefined;
}

export function textElement(actionId: string, opts: TextOptions = {}): PlainTextInput {
  return {
    type: 'plain_text_input',
    action_id: actionId,
    ...(opts.initial ? { initial_value: opts.initial } : {}),
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}),
    ...(opts.multiline ? { multiline: true } : {}),
    ...(opts.max ? { max_length: opts.max } : {}),
  };
}

export interface SelectOptions {
  /** The value of the option to start with; one not among the options starts with none. */
  initial?: string | null | undefined;
  /** Without one the select has no placeholder: most pass CHOOSE. */
  placeholder?: string | undefined;
}

export function selectElement(actionId: string, choices: PlainTextOption[], opts: SelectOptions = {}): StaticSelect {
  const initial = choices.find((o) => o.value === opts.initial);
  return {
    type: 'static_select',
    action_id: actionId,
    options: choices,
    ...(initial ? { initial_option: initial } : {}),
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}),
  };
}

const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;

/** Only a YYYY-MM-DD date becomes initial_date: Slack refuses the whole view for anything else. */
export function dateElement(actionId: string, initial?: string | null): Datepicker {
  return { type: 'datepicker', action_id: actionId, ...(initial && YYYY_MM_DD.test(initial) ? { initial_date: initial } : {}) };
}

/** The review step's Edit button, back to the form. */
export function reviewEditActions(actionId: string): ActionsBlock {
  return { type: 'actions', block_id: 'review_actions', elements: [{ type: 'button', action_id: actionId, text: plain('Edit'), value: 'edit' }] };
}
