/**
 * Validation of conversational records: the `bedrock-conversation-2024` schema (Converse-shaped content blocks) and
 * the Anthropic messages schema of Claude 3 Haiku fine-tuning. Both require messages that start with the user and
 * alternate user/assistant; fine-tuning records end with the assistant's answer, distillation prompts may stop at the
 * user's message; single-turn models take one user message per record.
 *
 * Content blocks: `{"text"}` everywhere, `{"image"}` in user messages of models that take images (format in the model's
 * list, `source.s3Location.uri` an `s3://` URI); video, documents, tool use and reasoning blocks are rejected (this
 * package does not validate them).
 */
import { checkKeys, checkRecordObject, checkShape, checkText, child, describe, isObject } from './fields';
import type { Report } from './fields';
import type { ConversationFormat } from './types';

/** The only `schemaVersion` accepted. */
export const CONVERSATION_SCHEMA_VERSION = 'bedrock-conversation-2024';

const CONVERSE_KEYS = ['schemaVersion', 'system', 'messages'] as const;
const ANTHROPIC_KEYS = ['system', 'messages'] as const;
const MESSAGE_KEYS = ['role', 'content'] as const;
type Role = 'user' | 'assistant';

const isRole = (value: unknown): value is Role => value === 'user' || value === 'assistant';

/** Reports the first reserved keyword found in a text the service checks. */
function checkReserved(text: unknown, keywords: readonly string[] | undefined, path: string, subject: string, report: Report): void {
  if (!keywords || typeof text !== 'string') return;
  const found = keywords.find((k) => text.includes(k));
  if (found !== undefined) {
    report(path, `contains the reserved keyword '${found}'; accepted: text without ${keywords.join(' ')} (reserved by ${subject}: Bedrock fails the job)`);
  }
}

/** Checks the role sequence: user first, alternating, assistant last when required, one user turn when single-turn. */
function checkRoles(roles: readonly (Role | undefined)[], format: ConversationFormat, subject: string, report: Report): void {
  const at = (i: number): string => `messages[${i}].role`;
  for (let i = 0; i < roles.length; i++) {
    const role = roles[i];
    if (role === undefined) return; // already reported; the order cannot be judged
    if (i === 0 && role !== 'user') {
      report(at(0), `got '${role}'; accepted: 'user' (a record starts with the user's message)`);
      return;
    }
    if (i > 0 && role === roles[i - 1]) {
      report(at(i), `got '${role}' after another '${role}' message; accepted: '${role === 'user' ? 'assistant' : 'user'}' (roles alternate user, assistant)`);
      return;
    }
  }
  const last = roles.length - 1;
  if (format.assistant === 'required' && roles[last] !== 'assistant') {
    report(at(last), `got '${String(roles[last])}' as the last message; accepted: 'assistant' (each record ends with the answer to learn)`);
  }
  const users = roles.filter((r) => r === 'user').length;
  if (format.turns === 'single' && users > 1) {
    const answer = format.assistant === 'required' ? 'and one assistant message' : 'and at most one assistant answer';
    report('messages', `${roles.length} messages with ${users} user turns; accepted: one user message ${answer} (${subject} takes single-turn records only)`);
  }
}

/** Checks `messages` is a non-empty array; returns it or undefined. */
function messagesOf(record: Record<string, unknown>, report: Report): readonly unknown[] | undefined {
  const messages: unknown = record.messages;
  if (!Array.isArray(messages)) {
    report('messages', `${messages === undefined ? 'missing' : `got ${describe(messages)}`}; accepted: an array of user and assistant messages`);
    return undefined;
  }
  if (messages.length === 0) {
    report('messages', 'got an empty array; accepted: at least one user message');
    return undefined;
  }
  return messages as readonly unknown[];
}

/** Checks a message's role; returns it when valid. */
function roleOf(message: Record<string, unknown>, path: string, report: Report): Role | undefined {
  if (isRole(message.role)) return message.role;
  report(
    child(path, 'role'),
    message.role === undefined ? "missing; accepted: 'user' or 'assistant'" : `got ${describe(message.role)}; accepted: 'user' or 'assistant'`,
  );
  return undefined;
}

/** Checks one `{"image": …}` block; images are accepted in user messages of models that take them. */
function checkImage(image: unknown, path: string, role: Role | undefined, format: ConversationFormat, subject: string, report: Report): void {
  const formats = format.imageFormats;
  if (!formats) {
    report(path, `images are not accepted by ${subject}; accepted: text blocks only`);
    return;
  }
  if (role === 'assistant') {
    report(path, 'got an image in an assistant message; accepted: images in user messages only');
    return;
  }
  if (!isObject(image)) {
    report(path, `got ${describe(image)}; accepted: {"format", "source": {"s3Location": {"uri"}}}`);
    return;
  }
  if (typeof image.format !== 'string' || !formats.includes(image.format)) {
    report(child(path, 'format'), `got ${describe(image.format)}; accepted: ${formats.join(', ')}`);
  }
  const location = isObject(image.source) && isObject(image.source.s3Location) ? image.source.s3Location : undefined;
  if (!location || typeof location.uri !== 'string' || !location.uri.startsWith('s3://')) {
    report(child(path, 'source.s3Location.uri'), `got ${describe(location?.uri)}; accepted: an s3:// URI of the image, in the dataset's bucket`);
  }
}

/** Validates a `bedrock-conversation-2024` record; returns the characters of text. */
export function validateConverse(record: unknown, format: ConversationFormat, subject: string, report: Report): number {
  const shape = `{"schemaVersion": "${CONVERSATION_SCHEMA_VERSION}", "system": [{"text"}], "messages": [{"role", "content": [{"text"}]}]}`;
  if (!checkRecordObject(record, report) || !checkShape(record, CONVERSE_KEYS, shape, subject, report)) return 0;
  checkKeys(record, CONVERSE_KEYS, '', report);
  if (record.schemaVersion !== CONVERSATION_SCHEMA_VERSION) {
    report(
      'schemaVersion',
      `${record.schemaVersion === undefined ? 'missing' : `got ${describe(record.schemaVersion)}`}; accepted: '${CONVERSATION_SCHEMA_VERSION}'`,
    );
  }
  let chars = 0;
  const keywords = format.reservedKeywords;
  if (record.system !== undefined) {
    if (!Array.isArray(record.system)) {
      report('system', `got ${describe(record.system)}; accepted: an array of {"text": "…"} blocks`);
    } else {
      record.system.forEach((block: unknown, i) => {
        const path = `system[${i}]`;
        if (!isObject(block)) return report(path, `got ${describe(block)}; accepted: {"text": "…"}`);
        checkKeys(block, ['text'], path, report);
        chars += checkText(block.text, `${path}.text`, report);
        checkReserved(block.text, keywords, `${path}.text`, subject, report);
      });
    }
  }
  const messages = messagesOf(record, report);
  if (!messages) return chars;
  const roles = messages.map((message, i): Role | undefined => {
    const path = `messages[${i}]`;
    if (!isObject(message)) {
      report(path, `got ${describe(message)}; accepted: {"role", "content": [{"text": "…"}]}`);
      return undefined;
    }
    checkKeys(message, MESSAGE_KEYS, path, report);
    const role = roleOf(message, path, report);
    const content = message.content;
    if (!Array.isArray(content) || content.length === 0) {
      report(`${path}.content`, `got ${describe(content)}; accepted: a non-empty array of content blocks ({"text": "…"})`);
      return role;
    }
    content.forEach((block: unknown, j) => {
      const blockPath = `${path}.content[${j}]`;
      if (!isObject(block)) return report(blockPath, `got ${describe(block)}; accepted: {"text": "…"}`);
      const keys = Object.keys(block);
      if (keys.length !== 1)
        return report(blockPath, `got fields ${keys.join(', ') || '(none)'}; accepted: exactly one of text${format.imageFormats ? ', image' : ''}`);
      if (keys[0] === 'text') {
        chars += checkText(block.text, `${blockPath}.text`, report);
        if (role === 'user') checkReserved(block.text, keywords, `${blockPath}.text`, subject, report);
      } else if (keys[0] === 'image') {
        checkImage(block.image, `${blockPath}.image`, role, format, subject, report);
      } else {
        report(`${blockPath}.${keys[0]}`, `content block not accepted here; accepted: text${format.imageFormats ? ' or image (user messages)' : ''}`);
      }
    });
    return role;
  });
  checkRoles(roles, format, subject, report);
  return chars;
}

/** Validates an Anthropic messages record (`{"system": "…", "messages": [{"role", "content": "…"}]}`). */
export function validateAnthropicMessages(record: unknown, format: ConversationFormat, subject: string, report: Report): number {
  const shape = '{"system": "…", "messages": [{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}]}';
  if (!checkRecordObject(record, report) || !checkShape(record, ANTHROPIC_KEYS, shape, subject, report)) return 0;
  checkKeys(record, ANTHROPIC_KEYS, '', report, ' (no other field is allowed)');
  let chars = record.system === undefined ? 0 : checkText(record.system, 'system', report, 'a non-empty string (the system prompt)');
  const messages = messagesOf(record, report);
  if (!messages) return chars;
  const roles = messages.map((message, i): Role | undefined => {
    const path = `messages[${i}]`;
    if (!isObject(message)) {
      report(path, `got ${describe(message)}; accepted: {"role", "content": "…"}`);
      return undefined;
    }
    checkKeys(message, MESSAGE_KEYS, path, report, ' (no other field is allowed)');
    const role = roleOf(message, path, report);
    chars += checkText(message.content, `${path}.content`, report);
    return role;
  });
  checkRoles(roles, format, subject, report);
  return chars;
}
