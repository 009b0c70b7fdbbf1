import { HarkError } from '../errors.js';
import { toJson } from '../toJson.js';

/** `identify(userId, attributes)`'s arguments: a non-empty string or null, and a plain object if any. */
export function checkIdentify(userId: unknown, attributes: unknown): void {
  if (userId !== null && (typeof userId !== 'string' || userId.length === 0)) {
    throw new HarkError('invalid_argument', 'identify(userId): userId must be a non-empty string or null', { field: 'userId' });
  }
  if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))) {
    throw new HarkError('invalid_argument', 'identify(userId, attributes): attributes must be a plain object', { field: 'attributes' });
  }
}

/** `track(event, props)`'s arguments: a non-empty event name, and an object (or null) for props. */
export function checkTrack(event: unknown, props: unknown): void {
  if (typeof event !== 'string' || event.length === 0) {
    throw new HarkError('invalid_argument', `track(event): event must be a non-empty string, got ${toJson(event)}`, { field: 'event' });
  }
  if (props !== null && typeof props !== 'object') {
    throw new HarkError('invalid_argument', `track("${event}", props): props must be an object`, { field: 'props' });
  }
}

/** `consent(granted)`'s argument: true or false. */
export function checkConsent(granted: unknown): void {
  if (typeof granted !== 'boolean') {
    throw new HarkError('invalid_argument', `consent(granted): granted must be true or false, got ${toJson(granted)}`, { field: 'granted' });
  }
}
