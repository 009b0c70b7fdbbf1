// `@hark/core/delivery`: what a client loads once it first stores or sends a record: turning
// prompts into records, the outbox, and the loop that delivers it. The boot code never imports
// it: `@hark/core` hands it to the client as it is, the script tag ships it in its UI chunk.
export { wireDelivery } from './deliveryWiring.js';
export { createRecordKeeper } from './recordKeeper.js';
// The default questions in languages other than English: a prompt in one of them waits for this code anyway.
export { questionsIn } from '../i18n/questions.js';
