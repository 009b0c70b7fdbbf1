// @hark/widget on a core client, as a framework adapter other than React would use it.
import { createClient } from '@hark/core';
import { mountSurfaces, type Surfaces, type WidgetOptions } from '@hark/widget';

const options: WidgetOptions = { scheme: 'dark', nonce: 'abc' };
const client = createClient({ endpoint: 'https://api.example.com/v1/records' });
export const surfaces: Surfaces = mountSurfaces(client, options);
const remove: () => void = surfaces.addInline(document.body, 'docs-csat');
remove();

// @ts-expect-error -- not a colour scheme
mountSurfaces(client, { scheme: 'sepia' });
