// @hark/widget on a core client, as a framework adapter other than React would use it.
import { createClient } from '@hark/core';
import { createHost, defineSurveyElement, type Host, type HostOptions, type WidgetOptions } from '@hark/widget';
import { mountSurfaces } from '@hark/widget/ui';

const options: WidgetOptions = { scheme: 'dark', nonce: 'abc' };
const client = createClient({ endpoint: 'https://api.example.com/v1/records' }, { lazy: true });
const hostOptions: HostOptions = { ...options, loadUi: () => import('@hark/widget/ui') };
export const host: Host = createHost(client, hostOptions);
const remove: () => void = host.place(document.body, 'docs-csat');
remove();
defineSurveyElement(host.place);
client.mount();

// Loaded with the page instead of lazily: the prompt's own entry.
const surfaces = mountSurfaces(client, options);
surfaces.addInline(document.body, 'docs-csat')();

// @ts-expect-error -- not a colour scheme
mountSurfaces(client, { scheme: 'sepia' });
// @ts-expect-error -- the host needs a way to load the UI
createHost(client, {});
