// `@hark/core/delivery`: what a client loads once it first stores or sends a record: turning
// prompts into records, the outbox, and the loop that delivers it. The boot code never imports
// it: `@hark/core` hands it to the client as it is, the script tag ships it in its UI chunk.
export { wireDelivery } from './deliveryWiring.js';
export { createRecordKeeper } from './recordKeeper.js';
// Beside the delivery, what a prompt needs only once it is answered, or in another language than
// English: the answer path, and the default questions in those languages. A prompt's UI waits for
// this code anyway.
export { createAnswering } from '../prompt/answering.js';
export { questionsIn } from '../i18n/questions.js';
