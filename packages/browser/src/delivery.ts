import { createAnswering, createRecordKeeper, wireDelivery } from '@hark/core/delivery';
import { registerDelivery } from '@hark/widget/script';

// The delivery file's entry (hark-delivery.min.js): the code that stores and sends records,
// fetched by hark.min.js beside the UI chunk (a prompt waits for both), or at start when an earlier page may
// have left records. Not the default questions: each language file carries its own.
if (typeof window !== 'undefined') registerDelivery(window, { createAnswering, createRecordKeeper, wireDelivery });
