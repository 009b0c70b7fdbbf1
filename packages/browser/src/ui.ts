import type { HarkClient } from '@hark/core';
import { registerUi, scriptLocaleLoader, scriptQuestions, type ScriptFor } from '@hark/widget/script';
import { renderSurfaces } from '@hark/widget/ui';
import { SRI_HASHES } from './sriHashes.js';

// The UI chunk's entry (hark-ui.min.js): widget, Preact, CSS and English, fetched by hark.min.js when
// needed. Other languages are files next to this one, which hark.min.js makes the tags for.
if (typeof window !== 'undefined') {
  // A language's file carries its strings and its default questions; the client asks for the questions while its widget
  // asks for the strings, so each client has one loader for both: the file is fetched once, and a failure holds for
  // that client only (the next `init` tries again).
  const loaders = new WeakMap<HarkClient, ReturnType<typeof scriptLocaleLoader>>();
  const languages = (client: HarkClient, scriptFor: ScriptFor | undefined) => {
    const found = loaders.get(client) ?? scriptLocaleLoader(window, scriptFor, SRI_HASHES);
    loaders.set(client, found);
    return found;
  };
  registerUi(window, {
    mountSurfaces: (client, options, scriptFor) => renderSurfaces(client, { loadLocale: languages(client, scriptFor), ...options }),
    questions: (lang, client, scriptFor) => scriptQuestions(window, languages(client, scriptFor))(lang),
  });
}
