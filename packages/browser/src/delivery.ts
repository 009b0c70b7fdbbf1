import { createAnswering, createRecordKeeper, resilientStorage, wireDelivery } from '@hark/core/delivery';
import { registerDelivery } from '@hark/widget/script';

// The delivery file's entry (hark-delivery.min.js): the code that stores and sends records,
// fetched by hark.min.js once the UI chunk's first frame is painted or when the client first needs it (a
// prompt's `shown`; an answer; a send), or at start when an earlier page left records. Not the default questions: each language file carries its own.
if (typeof window !== 'undefined') registerDelivery(window, { createAnswering, createRecordKeeper, resilientStorage, wireDelivery });
