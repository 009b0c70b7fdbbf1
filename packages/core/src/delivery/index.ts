// `@hark/core/delivery`: what a client loads once it first stores or sends a record: turning
// prompts into records, the outbox, and the loop that delivers it. The boot code never imports
// it: `@hark/core` hands it to the client as it is, the script tag ships it as a file of its own.
export { wireDelivery } from './deliveryWiring.js';
export { createRecordKeeper } from './recordKeeper.js';
// Beside the delivery, what a prompt needs only once it is answered, or in another language than
// English: the answer path, and the default questions in those languages (which the script tag's
// delivery file leaves to its language files). A prompt on screen asks for this code at once, for its `shown`.
export { createAnswering } from '../prompt/answering.js';
export { questionsIn } from '../i18n/questions.js';
// And the storage fallbacks (localStorage, memory, the way back to IndexedDB), which the boot code's
// storage hands over to only when IndexedDB fails or an earlier page left records in localStorage.
export { resilientStorage } from '../storage/resilientStorage.js';
