import * as delivery from '@hark/core/delivery';
import { registerDelivery } from '@hark/widget/script';

// The delivery file's entry (hark-delivery.min.js): the code that stores and sends records,
// fetched by hark.min.js when a prompt is due or an earlier page left records.
if (typeof window !== 'undefined') registerDelivery(window, delivery);
