// `@hark/widget/script`: loading the widget's own files without a bundler, as the script tag
// does. hark.min.js injects the UI chunk (hark-ui.min.js) with `scriptUiLoader`; the chunk
// registers itself with `registerUi` and fetches another language's file (hark-locale-<lang>.min.js,
// which runs `registerLocale`: the widget's strings and core's default questions) with `scriptLocaleLoader`. Each `<script>` carries the page's nonce,
// `crossorigin` and, under Subresource Integrity, its hash from the table the build passes in,
// and goes through Hark's one Trusted Types policy.
export { DELIVERY_DEBUG_FILE, DELIVERY_FILE, registerDelivery, registerLocale, registerUi } from './script/uiChunk.js';
export type { ScriptDeliveryLoader, ScriptFor, ScriptUi, ScriptUiLoader, UiChunk, UiLoadOptions } from './script/uiChunk.js';
export { scriptDeliveryLoader, scriptLocaleLoader, scriptQuestions, scriptUiLoader } from './script/scriptUiLoader.js';
